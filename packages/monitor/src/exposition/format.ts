import { fieldSpec } from "../model/measurements.js";
import { identityTags } from "../model/identity.js";
import type { LatestSample } from "../store/embedded-store.js";

/** The content type of Prometheus text exposition 0.0.4. */
export const expositionContentType = "text/plain; version=0.0.4; charset=utf-8";

/** The family name of a measurement's field: `cb_<measurement>_<field>`, `_total` for counters. */
export function familyName(measurement: string, field: string): string {
  const counter = fieldSpec(measurement, field)?.kind === "counter";
  return `cb_${sanitize(measurement)}_${sanitize(field)}${counter ? "_total" : ""}`;
}

/**
 * The latest value of every fresh series as Prometheus text, one family per measurement field
 * (labels = the point's tags). Stale series are left out (Prometheus then marks them stale too)
 * and `cb_source_up` says per source (identity tags) whether anything of it is fresh: 0 means
 * stale, which is not the same as a zero reading.
 */
export function formatExposition(samples: readonly LatestSample[], extra: readonly ExtraFamily[] = []): string {
  const families = new Map<string, { help: string; type: string; lines: string[] }>();
  const sources = new Map<string, { labels: string; up: boolean }>();
  for (const sample of samples) {
    const sourceLabels = labelText(pickIdentity(sample.tags));
    const source = sources.get(sourceLabels);
    if (!source) sources.set(sourceLabels, { labels: sourceLabels, up: !sample.stale });
    else if (!sample.stale) source.up = true;
    if (sample.stale) continue;
    const labels = labelText(sample.tags);
    for (const [field, value] of Object.entries(sample.fields)) {
      const name = familyName(sample.measurement, field);
      let family = families.get(name);
      if (!family) {
        const spec = fieldSpec(sample.measurement, field);
        families.set(
          name,
          (family = {
            help: `${sample.measurement} ${field} (${spec?.unit ?? "unknown unit"})`,
            type: spec?.kind ?? "gauge",
            lines: [],
          }),
        );
      }
      family.lines.push(`${name}${labels} ${formatNumber(value)}`);
    }
  }
  let out = "";
  for (const [name, family] of families) {
    out += `# HELP ${name} ${family.help}\n# TYPE ${name} ${family.type}\n${family.lines.join("\n")}\n`;
  }
  if (sources.size > 0) {
    out += "# HELP cb_source_up 1 while a source (agent or scrape target) reports, 0 once it is stale\n";
    out += "# TYPE cb_source_up gauge\n";
    for (const s of sources.values()) out += `cb_source_up${s.labels} ${s.up ? 1 : 0}\n`;
  }
  for (const e of extra) {
    out += `# HELP ${e.name} ${e.help}\n# TYPE ${e.name} ${e.type}\n${e.name} ${formatNumber(e.value)}\n`;
  }
  return out;
}

/** A family of the collector's own (counts of writes, malformed lines, scrapes). */
export interface ExtraFamily {
  name: string;
  help: string;
  type: "counter" | "gauge";
  value: number;
}

function pickIdentity(tags: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of identityTags) if (tags[t] !== undefined) out[t] = tags[t];
  return out;
}

function labelText(tags: Record<string, string>): string {
  const keys = Object.keys(tags).sort();
  if (keys.length === 0) return "";
  return `{${keys.map((k) => `${sanitize(k)}="${escapeLabel(tags[k] as string)}"`).join(",")}}`;
}

function sanitize(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, "_").replace(/^(\d)/, "_$1");
}

function escapeLabel(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}
