import { createHash, randomUUID } from "node:crypto";

/** A request id in the shape AWS uses (a UUID). */
export function newRequestId(): string {
  return randomUUID();
}

/**
 * An id the front derives from a stable seed rather than storing ("vpc-cidr-assoc-0…", "r-0…"):
 * the same object always shows the same id.
 */
export function derivedId(prefix: string, seed: string): string {
  return `${prefix}-0${createHash("sha256").update(seed).digest("hex").slice(0, 16)}`;
}

/** Upper-case letters and digits derived from a seed (Price List SKUs and term codes). */
export function derivedCode(seed: string, length: number): string {
  const digest = createHash("sha256").update(seed).digest();
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return [...digest.subarray(0, length)].map((b) => alphabet[b % alphabet.length]).join("");
}
