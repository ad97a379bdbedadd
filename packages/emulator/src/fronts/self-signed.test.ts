import { X509Certificate, createPrivateKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { derInteger, selfSignedCertificate } from "./self-signed.js";

const hex = (b: Buffer) => b.toString("hex");

describe("derInteger", () => {
  it("writes the minimal form: no leading zero byte unless the next byte's top bit is set", () => {
    expect(hex(derInteger(Buffer.from([0x05])))).toBe("020105");
    expect(hex(derInteger(Buffer.from([0x00, 0x05])))).toBe("020105");
    expect(hex(derInteger(Buffer.from([0x00, 0x00, 0x7f, 0x01])))).toBe("02027f01");
    expect(hex(derInteger(Buffer.from([0x80])))).toBe("02020080");
    expect(hex(derInteger(Buffer.from([0x00, 0x00, 0x80])))).toBe("02020080");
    expect(hex(derInteger(Buffer.from([0x00])))).toBe("020100");
    expect(hex(derInteger(Buffer.alloc(0)))).toBe("020100");
  });
});

describe("selfSignedCertificate", () => {
  it("makes certificates Node parses, for localhost and 127.0.0.1, whatever their random serial", () => {
    // A serial starting with a zero byte (1 in 512 certificates) was once written non-minimally and refused.
    for (let i = 0; i < 1000; i++) {
      const cert = new X509Certificate(selfSignedCertificate().cert);
      expect(cert.checkHost("localhost")).toBe("localhost");
      expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    }
  });
});

describe("selfSignedCertificate with an RSA key", () => {
  it("signs with sha256WithRSAEncryption, verifiable with its own public key, which matches the key", () => {
    const { key, cert } = selfSignedCertificate({ keyType: "rsa", commonName: "app" });
    const x509 = new X509Certificate(cert);
    expect(x509.publicKey.asymmetricKeyType).toBe("rsa");
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(x509.subject).toBe("CN=app");
  });
});
