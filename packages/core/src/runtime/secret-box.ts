import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { BaristaError, invalidArgument } from "../errors.js";

const version = "v1";

const tagVersion = "t1";

/** A subkey of `key` for one purpose (HKDF-SHA256), so no two uses share key material. */
function subkey(key: Buffer, purpose: string, bytes: number): Buffer {
  return Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), `cloud-barista/${purpose}`, bytes));
}

/**
 * A stored credential that cannot be opened because it is damaged (not JSON, a sealed value that is
 * not a string or not in the sealed format): like a key that does not open it, PermissionDenied,
 * with rule "sealed-format". Add the credential again.
 */
export function damagedCredential(name: string | undefined, problem: string, cause?: unknown): BaristaError {
  const what = name === undefined ? "a stored credential" : `the stored credential "${name}"`;
  return new BaristaError("PermissionDenied", `${what} ${problem}: remove it and add it again`, {
    rule: "sealed-format",
    resourceType: "credential",
    ...(name === undefined ? {} : { resourceName: name }),
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * AES-256-GCM sealing of credential values at rest. The key comes from the application (or the
 * CLOUD_BARISTA_ENCRYPTION_KEY environment variable), never from source. The credential name is
 * bound in as additional data, so a sealed value cannot be moved to another credential. The same
 * key also authenticates records that are stored in clear (connection configs): `tag` is an
 * HMAC-SHA256 under a subkey of it. `keyId` names the key without revealing it.
 */
export class SecretBox {
  /** A fingerprint of the key (a one-way subkey): equal for equal keys, useless for guessing it. */
  readonly keyId: string;
  readonly #key: Buffer;
  readonly #macKey: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw invalidArgument("encryptionKey", "key-length", "must be 32 bytes (AES-256)");
    this.#key = Buffer.from(key);
    this.#macKey = subkey(this.#key, "record-tag/v1", 32);
    this.keyId = subkey(this.#key, "key-id/v1", 16).toString("hex");
  }

  /** Accepts 32 raw bytes, or 32 bytes written as 64 hex digits or as base64. */
  static from(key: string | Uint8Array): SecretBox {
    if (typeof key !== "string") return new SecretBox(key);
    const bytes = /^[0-9a-fA-F]{64}$/.test(key) ? Buffer.from(key, "hex") : Buffer.from(key, "base64");
    return new SecretBox(bytes);
  }

  /** Encrypts a value (AES-256-GCM, fresh IV), bound to `associatedData` so it cannot be moved to another field. */
  seal(plaintext: string, associatedData: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    cipher.setAAD(Buffer.from(associatedData, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [version, iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(".");
  }

  /** An authentication tag over `data`, for records kept in clear. */
  tag(data: string): string {
    return `${tagVersion}.${createHmac("sha256", this.#macKey).update(data, "utf8").digest("base64url")}`;
  }

  /** Whether `tag` is this key's tag over `data` (compared in constant time). */
  verifyTag(data: string, tag: string): boolean {
    const expected = Buffer.from(this.tag(data));
    const given = Buffer.from(typeof tag === "string" ? tag : "");
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** The parts of a sealed value, or PermissionDenied (rule "sealed-format") when it is not one. */
  parts(sealed: unknown, where: { credential?: string } = {}): { iv: string; tag: string; body: string } {
    const [v, iv, tag, body] = typeof sealed === "string" ? sealed.split(".") : [];
    if (v !== version || iv === undefined || tag === undefined || body === undefined) {
      throw damagedCredential(where.credential, "holds a value that is not in a known sealed format");
    }
    return { iv, tag, body };
  }

  /** The plain text; `sealed` is what the store held, so anything may arrive (a tampered store). */
  open(sealed: unknown, associatedData: string, where: { credential?: string } = {}): string {
    const { iv, tag, body } = this.parts(sealed, where);
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, Buffer.from(iv, "base64"));
      decipher.setAAD(Buffer.from(associatedData, "utf8"));
      decipher.setAuthTag(Buffer.from(tag, "base64"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
    } catch (cause) {
      throw new BaristaError("PermissionDenied", "the encryption key does not open the stored credentials", {
        field: "encryptionKey",
        rule: "decrypts-credentials",
        cause,
      });
    }
  }
}
