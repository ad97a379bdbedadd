// The credential values driver-azure accepts, checked before any call (no front needed; the
// emulator only makes the RSA certificates).
import { generateKeyPairSync } from "node:crypto";
import { selfSignedCertificate } from "@cloud-barista/emulator/azure";
import { describe, expect, it } from "vitest";
import { credentialFrom } from "../src/credentials.js";

const ids = {
  subscriptionId: "00000000-1111-2222-3333-444444444444",
  tenantId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  clientId: "12345678-90ab-cdef-1234-567890abcdef",
};
const rsa = selfSignedCertificate({ keyType: "rsa" });
const pem = `${rsa.key}${rsa.cert}`;

function refusal(values: Record<string, string>) {
  try {
    credentialFrom(values);
  } catch (error) {
    return error as { code: string; field: string; message: string };
  }
  throw new Error("accepted");
}

describe("credentialFrom", () => {
  it("chooses the sign-in from the keys given", () => {
    expect(credentialFrom({ ...ids, clientSecret: "s3cret-value" }).signIn.kind).toBe("secret");
    expect(credentialFrom({ ...ids, clientCertificate: pem, sendCertificateChain: "true" }).signIn).toMatchObject({
      kind: "certificate",
      sendCertificateChain: true,
    });
    expect(credentialFrom({ subscriptionId: ids.subscriptionId }).signIn).toEqual({ kind: "default" });
  });

  it("refuses a half-filled or contradictory credential, naming the field", () => {
    const cases: [Record<string, string>, string][] = [
      [{ ...ids }, "credential.clientSecret"],
      [{ subscriptionId: ids.subscriptionId, clientId: ids.clientId }, "credential.clientSecret"],
      [{ ...ids, tenantId: "", clientSecret: "s3cret-value" }, "credential.tenantId"],
      [{ ...ids, clientSecret: "s3cret-value", clientCertificate: pem }, "credential.clientCertificate"],
      [{ ...ids, clientSecret: "s3cret-value", sendCertificateChain: "true" }, "credential.sendCertificateChain"],
      [{ ...ids, clientCertificate: pem, sendCertificateChain: "yes" }, "credential.sendCertificateChain"],
      [{ ...ids, subscriptionId: "" }, "credential.subscriptionId"],
    ];
    for (const [values, field] of cases)
      expect(refusal(values), field).toMatchObject({ code: "InvalidArgument", field });
  });

  it("refuses a certificate without its key, with another key, with an EC key or unreadable, never quoting it", () => {
    const other = selfSignedCertificate({ keyType: "rsa" });
    const ec = selfSignedCertificate();
    const broken = pem.replace(/\n[A-Za-z0-9+/]{64}\n/, "\n!!!!\n");
    const encrypted = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw-123456" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    }).privateKey;
    const cases: [string, string][] = [
      [rsa.cert, "pem-private-key"],
      [rsa.key, "pem-certificate"],
      [`${other.key}${rsa.cert}`, "key-mismatch"],
      [`${ec.key}${ec.cert}`, "rsa-key"],
      [broken, "pem"],
      [`${encrypted}${rsa.cert}`, "pem-private-key"],
    ];
    for (const [certificate, rule] of cases) {
      const error = refusal({ ...ids, clientCertificate: certificate });
      expect(error, rule).toMatchObject({ code: "InvalidArgument", field: "credential.clientCertificate", rule });
      for (const line of certificate.split("\n").filter((l) => l.length > 20))
        expect(error.message).not.toContain(line);
    }
  });
});
