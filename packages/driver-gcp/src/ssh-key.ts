import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";

/** An SSH wire string: a 32-bit length, then the bytes. */
function wire(...parts: (Buffer | string)[]): Buffer {
  return Buffer.concat(
    parts.map((p) => {
      const bytes = typeof p === "string" ? Buffer.from(p) : p;
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return Buffer.concat([length, bytes]);
    }),
  );
}

const uint32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

/**
 * A new Ed25519 key pair: the public key as an OpenSSH line ("ssh-ed25519 AAAA… comment") and the
 * private key in OpenSSH's own format (unencrypted), which every ssh client reads.
 */
export function newEd25519Key(comment: string): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const pub = Buffer.from(publicKey.export({ format: "jwk" }).x ?? "", "base64url");
  const seed = Buffer.from(privateKey.export({ format: "jwk" }).d ?? "", "base64url");
  const publicBlob = wire("ssh-ed25519", pub);
  const check = randomBytes(4).readUInt32BE();
  let secret = Buffer.concat([
    uint32(check),
    uint32(check),
    wire("ssh-ed25519", pub, Buffer.concat([seed, pub]), comment),
  ]);
  const padding = (8 - (secret.length % 8)) % 8;
  secret = Buffer.concat([secret, Buffer.from(Array.from({ length: padding }, (_, i) => i + 1))]);
  const body = Buffer.concat([
    Buffer.from("openssh-key-v1\0"),
    wire("none", "none", ""),
    uint32(1),
    wire(publicBlob),
    wire(secret),
  ]);
  const lines = body.toString("base64").match(/.{1,70}/g) ?? [];
  return {
    publicKey: `ssh-ed25519 ${publicBlob.toString("base64")} ${comment}`,
    privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join("\n")}\n-----END OPENSSH PRIVATE KEY-----\n`,
  };
}

/** OpenSSH's SHA256 fingerprint of a public key line. */
export function fingerprintOf(publicKey: string): string {
  const blob = publicKey.trim().split(/\s+/)[1] ?? "";
  return `SHA256:${createHash("sha256").update(Buffer.from(blob, "base64")).digest("base64").replace(/=+$/, "")}`;
}
