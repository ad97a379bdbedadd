import { createHash } from "node:crypto";

/**
 * The OpenSSH SHA256 fingerprint ("SHA256:…", as `ssh-keygen -l` prints it) of a public key line
 * ("ssh-rsa AAAA… comment"): Tencent reports no fingerprint of its key pairs. Empty for a line
 * that holds no key.
 */
export function fingerprintOf(publicKey: string | undefined): string {
  const blob = publicKey?.trim().split(/\s+/)[1];
  if (!blob || !/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) return "";
  const digest = createHash("sha256").update(Buffer.from(blob, "base64")).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}
