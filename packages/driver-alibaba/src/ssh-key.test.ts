import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { publicKeyOf } from "./ssh-key.js";

describe("publicKeyOf", () => {
  it("gives the OpenSSH line of an RSA private key, as ssh-keygen -y would", () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const line = publicKeyOf(pem) ?? "";
    expect(line).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/=]+$/);
    // The blob holds e and n as the key has them.
    const blob = Buffer.from(line.split(" ")[1] ?? "", "base64");
    const jwk = publicKey.export({ format: "jwk" });
    const n = Buffer.from(jwk.n ?? "", "base64url");
    expect(blob.includes(n)).toBe(true);
  });

  it("gives nothing for what it cannot read", () => {
    expect(publicKeyOf("not a key")).toBeUndefined();
    const { privateKey } = generateKeyPairSync("ed25519");
    expect(publicKeyOf(privateKey.export({ type: "pkcs8", format: "pem" }).toString())).toBeUndefined();
  });
});
