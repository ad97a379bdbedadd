import { createHash, randomBytes } from "node:crypto";

/** A Compute Engine id: an unsigned 64-bit integer in decimal, 19 digits. */
export function numericId(): string {
  const digits = (randomBytes(8).readBigUInt64BE(0) % 10n ** 18n).toString().padStart(18, "0");
  return `${1 + ((randomBytes(1)[0] ?? 0) % 9)}${digits}`;
}

/**
 * "operation-<ms>-<hex>-<hex>", as Compute Engine names operations; `seq` (the front's counter)
 * keeps operations of the same millisecond in the order they were made.
 */
export function operationName(now: number, seq: number): string {
  return `operation-${now}-${seq.toString(16).padStart(13, "0")}-${randomBytes(4).toString("hex")}`;
}

/** A stable Compute Engine id for catalog data (regions, zones, images, machine types). */
export function stableId(text: string): string {
  const digits = (BigInt(`0x${createHash("sha256").update(text).digest("hex").slice(0, 16)}`) % 10n ** 18n)
    .toString()
    .padStart(18, "0");
  return `${1 + (digits.charCodeAt(0) % 9)}${digits}`;
}

/** Catalog data has no creation time; Compute Engine's are years back. */
export const catalogCreation = "2016-09-01T00:00:00.000-07:00";
