import type { TagRules } from "@cloud-barista/core/driver";
import { invalid } from "./errors.js";

const keyRule = /^[a-z][a-z0-9_-]{0,62}$/;
const valueRule = /^[a-z0-9_-]{0,63}$/;

/** The label rules, stated in the driver's tag rules so the runtime refuses a bad tag before any call. */
export const labelPatterns: Pick<TagRules, "keyPattern" | "valuePattern"> = {
  keyPattern: { source: keyRule.source, rule: '1-63 lower-case letters, digits, "_" or "-", starting with a letter' },
  valuePattern: { source: valueRule.source, rule: 'at most 63 lower-case letters, digits, "_" or "-"' },
};

/**
 * Tags are Compute Engine labels: keys of 1-63 lower-case letters, digits, "_" and "-" starting
 * with a letter, values of at most 63 of the same (international letters aside), at most 64
 * labels. Refused before any call, never folded to lower case (the user would not find them).
 */
export function checkLabels(
  tags: Readonly<Record<string, string>> | undefined,
  field = "tags",
): Record<string, string> {
  const labels: Record<string, string> = {};
  const entries = Object.entries(tags ?? {});
  if (entries.length > 64) throw invalid(field, "gcp-label-count", "at most 64 labels");
  for (const [key, value] of entries) {
    if (!keyRule.test(key)) {
      throw invalid(
        field,
        "gcp-label-key",
        `label key "${key}": lower-case letters, digits, _ and -, starting with a letter, at most 63`,
      );
    }
    if (!valueRule.test(value)) {
      throw invalid(
        field,
        "gcp-label-value",
        `label "${key}": the value takes lower-case letters, digits, _ and -, at most 63`,
      );
    }
    Object.defineProperty(labels, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return labels;
}
