import { invalidField } from "./errors.js";
import type { MetadataItem } from "./instance-book.js";
import { namePattern } from "./names.js";

// The checks Compute Engine applies to an instance's metadata, labels and network tags.

const metadataKey = /^[a-zA-Z0-9_-]{1,128}$/;
const labelKey = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const labelValue = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
/** The total size of an instance's metadata entries, keys and values. */
const metadataBytes = 512 * 1024;

/** Metadata items as a body gives them (`{ key, value }`), keys unique. */
export function checkMetadataItems(value: unknown, field: string): MetadataItem[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidField(field, value, "Must be a list of key/value items.");
  const seen = new Set<string>();
  let bytes = 0;
  const items = value.map((raw: unknown, i) => {
    const item = (raw ?? {}) as { key?: unknown; value?: unknown };
    if (typeof item.key !== "string" || !metadataKey.test(item.key)) {
      throw invalidField(`${field}[${i}].key`, item.key, "Must be a match of regex '[a-zA-Z0-9-_]{1,128}'");
    }
    if (seen.has(item.key)) {
      throw invalidField(`${field}[${i}].key`, item.key, "Duplicate keys are not allowed.");
    }
    seen.add(item.key);
    const text = item.value === undefined || item.value === null ? "" : item.value;
    if (typeof text !== "string") throw invalidField(`${field}[${i}].value`, text, "Must be a string.");
    bytes += Buffer.byteLength(item.key) + Buffer.byteLength(text);
    return { key: item.key, value: text };
  });
  if (bytes > metadataBytes) {
    throw invalidField(field, "", `Metadata total size exceeds the limit of ${metadataBytes} bytes.`);
  }
  return items;
}

/** Labels: at most 64, keys and values of lower-case letters, digits, `_` and `-`. */
export function checkLabels(value: unknown, field: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw invalidField(field, value, "Must be a map.");
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 64) throw invalidField(field, "", "Resource can have at most 64 labels.");
  const labels: Record<string, string> = {};
  for (const [key, raw] of entries) {
    const text = raw === null || raw === undefined ? "" : raw;
    if (!labelKey.test(key)) {
      throw invalidField(
        `${field}.${key}`,
        key,
        "Label keys must start with a lowercase character and contain only hyphens (-), underscores (_), lowercase characters, and numbers.",
      );
    }
    if (typeof text !== "string" || !labelValue.test(text)) {
      throw invalidField(
        `${field}.${key}`,
        text,
        "Label values can only contain hyphens (-), underscores (_), lowercase characters, and numbers.",
      );
    }
    labels[key] = text;
  }
  return labels;
}

/** Network tags: RFC 1035 names, at most 64; duplicates kept once. */
export function checkNetworkTags(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidField(field, value, "Must be a list of tags.");
  const tags = value.map((tag: unknown, i) => {
    if (typeof tag !== "string" || !namePattern.test(tag)) {
      throw invalidField(`${field}[${i}]`, tag, "Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'");
    }
    return tag;
  });
  const unique = [...new Set(tags)];
  if (unique.length > 64) throw invalidField(field, "", "Instance can have at most 64 tags.");
  return unique;
}

/** The login user of the first `ssh-keys` entry ("user:ssh-ed25519 AAAA... comment"). */
export function sshUserOf(items: readonly MetadataItem[]): string | undefined {
  const keys = items.find((i) => i.key === "ssh-keys")?.value ?? "";
  const first = keys.split("\n").find((line) => line.trim() !== "");
  const match = first === undefined ? null : /^([a-z_][a-z0-9_.-]*):\S+/.exec(first.trim());
  return match?.[1];
}
