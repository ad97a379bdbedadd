import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fingerprintOf } from "./ssh-key.js";

describe("fingerprintOf", () => {
  it("gives the OpenSSH SHA256 fingerprint of a public key line, the comment aside", () => {
    const { publicKey } = generateKeyPairSync("ed25519");
    const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
    const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
    const blob = Buffer.concat([field(Buffer.from("ssh-ed25519")), field(raw)]).toString("base64");
    const one = fingerprintOf(`ssh-ed25519 ${blob} me@host`);
    expect(one).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(fingerprintOf(`ssh-ed25519 ${blob}`)).toBe(one);
  });

  it("is empty for what holds no key", () => {
    expect(fingerprintOf(undefined)).toBe("");
    expect(fingerprintOf("ssh-rsa")).toBe("");
    expect(fingerprintOf("ssh-rsa not*base64")).toBe("");
  });
});
