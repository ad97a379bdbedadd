import { generateKeyPair } from "node:crypto";
import { promisify } from "node:util";

const generateRsaKeyPair = promisify(generateKeyPair);

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
 * A new RSA key pair made on this machine: the private key as PEM (returned to the user once) and
 * the public key as an OpenSSH line (what IBM's `create_key` imports). RSA, not Ed25519: IBM's
 * Windows images encrypt Administrator's password with an RSA key only. Made off the event loop
 * (an RSA key takes a few hundred milliseconds of CPU, which would stall every other call).
 */
export async function newSshKey(comment: string): Promise<{ privateKey: string; publicKey: string }> {
  const { privateKey, publicKey } = await generateRsaKeyPair("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" });
  const blob = Buffer.concat([field(Buffer.from("ssh-rsa")), field(mpint(jwk.e ?? "")), field(mpint(jwk.n ?? ""))]);
  return {
    privateKey: privateKey.export({ format: "pem", type: "pkcs1" }).toString(),
    publicKey: `ssh-rsa ${blob.toString("base64")} ${comment}`,
  };
}
