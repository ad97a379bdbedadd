/** One sample of a Prometheus text exposition. */
export interface ExpositionSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestampMs?: number;
}

/** One metric family of a Prometheus text exposition: its `# TYPE`, `# HELP` and samples. */
export interface ExpositionFamily {
  /** The family's name (histogram and summary samples carry suffixes of it). */
  name: string;
  /** counter, gauge, histogram, summary or untyped (the default without a `# TYPE` line). */
  type: string;
  /** The `# HELP` text ("" without one). */
  help: string;
  samples: ExpositionSample[];
}

/** What {@link parseExposition} read: the families by name, and the malformed lines. */
export interface ExpositionParseResult {
  families: Map<string, ExpositionFamily>;
  /** Malformed lines (1-based line numbers), left out. */
  errors: { line: number; message: string }[];
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/**
 * Parses Prometheus text exposition 0.0.4 (what node_exporter and the agent serve). Samples
 * join the family of their `# TYPE` line (histogram and summary samples by their base name);
 * malformed lines are reported, never thrown.
 */
export function parseExposition(text: string): ExpositionParseResult {
  const families = new Map<string, ExpositionFamily>();
  const errors: { line: number; message: string }[] = [];
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, type: "untyped", help: "", samples: [] }));
    return f;
  };
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = (lines[n] as string).trim();
    if (line === "") continue;
    if (line.startsWith("#")) {
      const m = /^#\s*(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(line);
      if (m) {
        const f = family(m[2] as string);
        if (m[1] === "TYPE") f.type = (m[3] as string).trim();
        else f.help = m[3] as string;
      }
      continue;
    }
    try {
      const sample = parseSample(line);
      family(baseName(sample.name, families)).samples.push(sample);
    } catch (error) {
      errors.push({ line: n + 1, message: (error as Error).message });
    }
  }
  return { families, errors };
}

function baseName(name: string, families: Map<string, ExpositionFamily>): string {
  if (families.has(name)) return name;
  for (const suffix of ["_bucket", "_sum", "_count", "_created"]) {
    if (name.endsWith(suffix) && families.has(name.slice(0, -suffix.length))) return name.slice(0, -suffix.length);
  }
  return name;
}

function parseSample(line: string): ExpositionSample {
  const nameMatch = metricName.exec(line);
  if (!nameMatch) throw new Error(`invalid metric name in "${line.slice(0, 60)}"`);
  const name = nameMatch[0];
  let i = name.length;
  const labels: Record<string, string> = {};
  if (line[i] === "{") {
    i++;
    for (;;) {
      while (line[i] === " " || line[i] === ",") i++;
      if (line[i] === "}") {
        i++;
        break;
      }
      const l = labelName.exec(line.slice(i));
      if (!l) throw new Error(`invalid label name in "${line.slice(0, 60)}"`);
      i += l[0].length;
      while (line[i] === " ") i++;
      if (line[i] !== "=" || line[i + 1] !== '"') throw new Error(`label "${l[0]}" has no quoted value`);
      i += 2;
      let value = "";
      for (;;) {
        const c = line[i];
        if (c === undefined) throw new Error(`unterminated value of label "${l[0]}"`);
        if (c === "\\") {
          const e = line[i + 1];
          value += e === "n" ? "\n" : (e ?? "");
          i += 2;
          continue;
        }
        if (c === '"') {
          i++;
          break;
        }
        value += c;
        i++;
      }
      labels[l[0]] = value;
    }
  }
  const rest = line.slice(i).trim().split(/\s+/);
  if (rest.length < 1 || rest[0] === "" || rest.length > 2)
    throw new Error(`expected a value (and a timestamp) after "${name}"`);
  const value = parseValue(rest[0] as string);
  const sample: ExpositionSample = { name, labels, value };
  if (rest[1] !== undefined) {
    if (!/^-?\d+$/.test(rest[1])) throw new Error(`invalid timestamp "${rest[1]}"`);
    sample.timestampMs = Number(rest[1]);
  }
  return sample;
}

function parseValue(raw: string): number {
  switch (raw) {
    case "NaN":
      return NaN;
    case "+Inf":
    case "Inf":
      return Infinity;
    case "-Inf":
      return -Infinity;
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) throw new Error(`invalid value "${raw}"`);
  return Number(raw);
}
