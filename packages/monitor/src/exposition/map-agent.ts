import type { MetricPoint } from "../model/point.js";
import type { ExpositionParseResult } from "./parse.js";

/**
 * Maps the agent's own families (`cb_<measurement>_<field>`, counters with `_total`) back onto
 * points: one point per measurement and label set, the fields it had. Measurement names hold no
 * underscore, so the first one after `cb_` ends the measurement. `cb_source_up` and the
 * collector's own `cb_collector_*` families are not metrics of a host and are skipped.
 */
export function agentPoints(
  parsed: ExpositionParseResult,
  extraTags: Record<string, string>,
  nowMs: number,
): MetricPoint[] {
  const points = new Map<string, MetricPoint>();
  for (const family of parsed.families.values()) {
    if (!family.name.startsWith("cb_") || family.name === "cb_source_up" || family.name.startsWith("cb_collector_")) {
      continue;
    }
    const rest = family.name.slice(3);
    const cut = rest.indexOf("_");
    if (cut <= 0) continue;
    const measurement = rest.slice(0, cut);
    let field = rest.slice(cut + 1);
    if (family.type === "counter" && field.endsWith("_total")) field = field.slice(0, -6);
    for (const sample of family.samples) {
      // NaN and infinities carry no reading (the store keeps finite numbers only).
      if (sample.name !== family.name || !Number.isFinite(sample.value)) continue;
      const tags = { ...sample.labels, ...extraTags };
      const timeMs = sample.timestampMs ?? nowMs;
      const key = `${measurement}\u0000${timeMs}\u0000${JSON.stringify(Object.entries(tags).sort())}`;
      let point = points.get(key);
      if (!point) points.set(key, (point = { measurement, tags, fields: {}, timeNs: BigInt(timeMs) * 1_000_000n }));
      point.fields[field] = sample.value;
    }
  }
  return [...points.values()];
}
