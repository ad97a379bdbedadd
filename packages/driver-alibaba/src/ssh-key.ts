import { createPrivateKey, createPublicKey } from "node:crypto";

/** An SSH wire-format field: its length (4 bytes, big-endian), then its bytes. */
function field(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An SSH mpint: a positive number's bytes, with a leading zero when its top bit is set. */
function mpint(base64url: string): Buffer {
  const bytes = Buffer.from(base64url, "base64url");
  return (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

/**
 * The OpenSSH public key line ("ssh-rsa AAAA…") of the RSA private key CreateKeyPair answers
 * (PEM), so a VM's login user can get the key without asking Alibaba for it; undefined for a key
 * this cannot read (then the driver asks DescribeKeyPairs).
 */
export function publicKeyOf(privateKeyPem: string): string | undefined {
  try {
    const jwk = createPublicKey(createPrivateKey(privateKeyPem)).export({ format: "jwk" });
    if (jwk.kty !== "RSA" || !jwk.n || !jwk.e) return undefined;
    const blob = Buffer.concat([field(Buffer.from("ssh-rsa")), field(mpint(jwk.e)), field(mpint(jwk.n))]);
    return `ssh-rsa ${blob.toString("base64")}`;
  } catch {
    return undefined;
  }
}
