import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fingerprintOf, newEd25519Key } from "./ssh-key.js";

const sshKeygen = (() => {
  try {
    execFileSync("ssh-keygen", ["-?"], { stdio: "ignore" });
    return true;
  } catch (error) {
    return (error as { status?: number }).status !== undefined && (error as { code?: string }).code !== "ENOENT";
  }
})();

describe("newEd25519Key", () => {
  it("makes an OpenSSH public key line whose key blob is the Ed25519 key", () => {
    const key = newEd25519Key("cb-user");
    const [type, blob, comment] = key.publicKey.split(" ");
    expect([type, comment]).toEqual(["ssh-ed25519", "cb-user"]);
    const bytes = Buffer.from(blob ?? "", "base64");
    // string "ssh-ed25519" (4 + 11 bytes), then string of the 32-byte key.
    expect(bytes.readUInt32BE(0)).toBe(11);
    expect(bytes.readUInt32BE(15)).toBe(32);
    expect(bytes.length).toBe(51);
    expect(fingerprintOf(key.publicKey)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(key.privateKey).toMatch(
      /^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n$/,
    );
    expect(() =>
      createPublicKey({
        key: { kty: "OKP", crv: "Ed25519", x: bytes.subarray(19).toString("base64url") },
        format: "jwk",
      }),
    ).not.toThrow();
  });

  it.skipIf(!sshKeygen)("writes a private key ssh-keygen reads back to the same public key", () => {
    const key = newEd25519Key("cb-user");
    const dir = mkdtempSync(join(tmpdir(), "cb-key-"));
    const file = join(dir, "id");
    writeFileSync(file, key.privateKey, { mode: 0o600 });
    const derived = execFileSync("ssh-keygen", ["-y", "-f", file]).toString().trim();
    expect(derived.split(" ").slice(0, 2)).toEqual(key.publicKey.split(" ").slice(0, 2));
  });
});
