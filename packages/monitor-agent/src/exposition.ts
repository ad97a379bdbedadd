import { metricCatalog } from "./catalog.js";
import type { MetricKind } from "./catalog.js";
import type { FieldValue, Point } from "./point.js";

/** The Content-Type of Prometheus text exposition 0.0.4. */
export const expositionContentType = "text/plain; version=0.0.4; charset=utf-8";

const sanitizeName = (s: string): string => s.replace(/[^a-zA-Z0-9_:]/g, "_").replace(/^(?=\d)/, "_");
const sanitizeLabel = (s: string): string => s.replace(/[^a-zA-Z0-9_]/g, "_").replace(/^(?=\d)/, "_");
const escapeLabelValue = (s: string): string => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const escapeHelp = (s: string): string => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

/** The family name of a measurement's field: `cb_<measurement>_<field>`, counters ending in `_total`. */
export function familyName(measurement: string, field: string): string {
  const kind = metricCatalog[measurement]?.fields[field]?.kind;
  return sanitizeName(`cb_${measurement}_${field}${kind === "counter" ? "_total" : ""}`);
}

/** Every family name the agent can serve, back to its measurement, field and kind (for scrapers). */
export function expositionFamilies(): Map<string, { measurement: string; field: string; kind: MetricKind }> {
  const families = new Map<string, { measurement: string; field: string; kind: MetricKind }>();
  for (const [measurement, spec] of Object.entries(metricCatalog))
    for (const [field, { kind }] of Object.entries(spec.fields))
      families.set(familyName(measurement, field), { measurement, field, kind });
  return families;
}

function sampleValue(value: FieldValue): string | undefined {
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
    return String(value);
  }
  if (typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "string") return undefined; // no numeric meaning
  return String(value.unsigned);
}

/** How {@link toExposition} writes the text. */
export interface ExpositionOptions {
  /** Write each point's time (ms) after its samples (default false: the scrape time counts). */
  readonly timestamps?: boolean;
}

/**
 * Points as Prometheus text exposition 0.0.4: one family per measurement field, labels = the point's
 * tags, `# HELP` carrying the unit and `# TYPE` counter or gauge from the metric catalog (fields it
 * does not know are gauges). A second series with the same labels in a family is left out, as the
 * format allows only one.
 */
export function toExposition(points: readonly Point[], { timestamps = false }: ExpositionOptions = {}): string {
  const families = new Map<string, { help: string; type: string; lines: string[]; seen: Set<string> }>();
  for (const point of points) {
    const labels = Object.entries(point.tags)
      .filter(([k]) => k !== "")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${sanitizeLabel(k)}="${escapeLabelValue(v)}"`)
      .join(",");
    for (const [field, value] of Object.entries(point.fields)) {
      const sample = sampleValue(value);
      if (sample === undefined) continue;
      const name = familyName(point.measurement, field);
      let family = families.get(name);
      if (!family) {
        const spec = metricCatalog[point.measurement]?.fields[field];
        family = {
          help: spec ? `${spec.help} (${spec.unit})` : `${point.measurement} ${field}`,
          type: spec?.kind ?? "gauge",
          lines: [],
          seen: new Set(),
        };
        families.set(name, family);
      }
      if (family.seen.has(labels)) continue;
      family.seen.add(labels);
      const time = timestamps && point.time !== undefined ? ` ${Math.trunc(point.time)}` : "";
      family.lines.push(`${name}${labels ? `{${labels}}` : ""} ${sample}${time}`);
    }
  }
  let out = "";
  for (const [name, family] of families) {
    out += `# HELP ${name} ${escapeHelp(family.help)}\n# TYPE ${name} ${family.type}\n${family.lines.join("\n")}\n`;
  }
  return out;
}
