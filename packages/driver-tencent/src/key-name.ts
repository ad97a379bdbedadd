import { createHash } from "node:crypto";

/** What Tencent takes as a key pair name: 1-25 letters, digits and underscores. */
export const keyNamePattern = /^[A-Za-z0-9_]{1,25}$/;

/** The tag that keeps a key pair's name when Tencent's rule made the driver map it. */
export const keyNameTagKey = "cb-key-name";

const maxKeyName = 25;
const hashLength = 6;

/**
 * The KeyName Tencent gets for a key pair name: the name itself when it obeys Tencent's rule,
 * else its letters and digits (other characters become "_"), cut to leave room for "_" and six
 * characters of the name's hash, so two names never map to one and the same name always maps
 * the same way (a retried create finds what the first made).
 */
export function cloudKeyName(name: string): string {
  if (keyNamePattern.test(name)) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, hashLength);
  const base = name
    .replace(/[^A-Za-z0-9_]/g, "_")
    .replace(/_+/g, "_")
    .slice(0, maxKeyName - hashLength - 1)
    .replace(/_+$/, "");
  return base === "" ? `k_${hash}` : `${base}_${hash}`;
}

/** Whether a name needs mapping (so the driver keeps the name in a tag). */
export const needsMapping = (name: string): boolean => !keyNamePattern.test(name);

/** A key pair's name as the user gave it: the tag's when the driver mapped it, else the KeyName. */
export function keyNameOf(keyName: string, tags: Readonly<Record<string, string>> | undefined): string {
  const kept = tags && Object.hasOwn(tags, keyNameTagKey) ? tags[keyNameTagKey] : undefined;
  // Only a tag that maps to this KeyName is the key's own (a tag copied by hand is not).
  return kept !== undefined && cloudKeyName(kept) === keyName ? kept : keyName;
}
