import { createHash, createHmac } from "node:crypto";

// TC3-HMAC-SHA256 as Tencent Cloud documents it: the canonical request is the method, "/", the
// query string, the signed headers as "name:value" lines, their names joined by ";", and the hex
// SHA-256 of the body; the string to sign is "TC3-HMAC-SHA256", the timestamp, the credential
// scope "<date>/<service>/tc3_request" and the canonical request's hex SHA-256, one per line; the
// key is HMAC-SHA256 chained over the date, the service and "tc3_request" from "TC3" + SecretKey.

export const tc3Algorithm = "TC3-HMAC-SHA256";

export const sha256Hex = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

const hmac = (key: string | Buffer, text: string): Buffer => createHmac("sha256", key).update(text).digest();

/** The UTC date ("2026-12-06") of a unix timestamp in seconds, as the credential scope names it. */
export function scopeDate(timestampSeconds: number): string {
  return new Date(timestampSeconds * 1000).toISOString().slice(0, 10);
}

export interface CanonicalInput {
  method: string;
  query: string;
  /** Signed header names (lower case) with their values, in the order signed. */
  headers: readonly (readonly [string, string])[];
  body: Buffer | string;
}

export function canonicalRequest(input: CanonicalInput): string {
  const lines = input.headers.map(([name, value]) => `${name}:${value.trim().toLowerCase()}\n`).join("");
  const names = input.headers.map(([name]) => name).join(";");
  return [input.method.toUpperCase(), "/", input.query, lines, names, sha256Hex(input.body)].join("\n");
}

export function stringToSign(timestamp: number, service: string, canonical: string): string {
  return [tc3Algorithm, String(timestamp), `${scopeDate(timestamp)}/${service}/tc3_request`, sha256Hex(canonical)].join(
    "\n",
  );
}

/** The hex signature of `text` under the key derived from `secretKey` for the date and service. */
export function tc3Signature(secretKey: string, date: string, service: string, text: string): string {
  const signing = hmac(hmac(hmac(`TC3${secretKey}`, date), service), "tc3_request");
  return createHmac("sha256", signing).update(text).digest("hex");
}
