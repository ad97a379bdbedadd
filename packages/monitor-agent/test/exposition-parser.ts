// A strict reader of Prometheus text exposition 0.0.4 for the tests: it throws on anything the
// format does not allow (bad names, escapes or values; TYPE after samples; a family split in two;
// duplicate series), so a test that parses /metrics checks the agent's output is valid.

export interface Family {
  readonly name: string;
  help?: string;
  type?: string;
  readonly samples: { labels: Record<string, string>; value: number; timestamp?: number }[];
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const types = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

function parseValue(text: string, line: number): number {
  if (text === "NaN") return NaN;
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text))
    throw new Error(`line ${line}: bad value ${JSON.stringify(text)}`);
  return Number(text);
}

function parseLabels(text: string, line: number): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 0;
  for (;;) {
    while (text[i] === " ") i++;
    if (text[i] === "}") return { labels, rest: text.slice(i + 1) };
    const eq = text.indexOf("=", i);
    if (eq < 0) throw new Error(`line ${line}: label without =`);
    const name = text.slice(i, eq).trim();
    if (!labelName.test(name)) throw new Error(`line ${line}: bad label name ${JSON.stringify(name)}`);
    if (name in labels) throw new Error(`line ${line}: label ${name} twice`);
    if (text[eq + 1] !== '"') throw new Error(`line ${line}: label value not quoted`);
    let value = "";
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === "\\") {
        const next = text[++j];
        if (next === "\\") value += "\\";
        else if (next === '"') value += '"';
        else if (next === "n") value += "\n";
        else throw new Error(`line ${line}: bad escape \\${next}`);
      } else if (text[j] === "\n") throw new Error(`line ${line}: raw line break in a label value`);
      else value += text[j];
    }
    if (j >= text.length) throw new Error(`line ${line}: unterminated label value`);
    labels[name] = value;
    i = j + 1;
    if (text[i] === ",") i++;
    else if (text[i] !== "}") throw new Error(`line ${line}: expected , or } after a label`);
  }
}

/** The families of an exposition text, in order; throws on the first violation. */
export function parseExposition(text: string): Map<string, Family> {
  if (text !== "" && !text.endsWith("\n")) throw new Error("the text does not end with a line break");
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  let current: Family | undefined;
  const family = (name: string, line: number): Family => {
    if (current?.name === name) return current;
    if (closed.has(name) || families.has(name)) throw new Error(`line ${line}: family ${name} is split`);
    if (current) closed.add(current.name);
    current = { name, samples: [] };
    families.set(name, current);
    return current;
  };
  const seen = new Set<string>();
  text
    .split("\n")
    .slice(0, -1)
    .forEach((raw, index) => {
      const line = index + 1;
      if (raw.trim() === "") return;
      const meta = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(raw);
      if (meta) {
        const [, kind, name = "", rest = ""] = meta;
        if (!metricName.test(name)) throw new Error(`line ${line}: bad name ${name}`);
        const f = family(name, line);
        if (kind === "HELP") {
          if (f.help !== undefined) throw new Error(`line ${line}: second HELP for ${name}`);
          f.help = rest;
        } else {
          if (f.type !== undefined || f.samples.length > 0)
            throw new Error(`line ${line}: TYPE for ${name} too late or twice`);
          if (!types.has(rest.trim())) throw new Error(`line ${line}: bad type ${rest}`);
          f.type = rest.trim();
        }
        return;
      }
      if (raw.startsWith("#")) return; // a comment
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(.*)$/.exec(raw);
      if (!m) throw new Error(`line ${line}: not a sample: ${raw}`);
      const [, name = "", after = ""] = m;
      let labels: Record<string, string> = {};
      let rest = after;
      if (rest.startsWith("{")) ({ labels, rest } = parseLabels(rest.slice(1), line));
      const parts = rest.trim().split(/\s+/);
      if (!rest.startsWith(" ") || parts.length < 1 || parts.length > 2)
        throw new Error(`line ${line}: bad sample ${raw}`);
      const value = parseValue(parts[0] ?? "", line);
      const timestamp = parts[1] === undefined ? undefined : Number(parts[1]);
      if (timestamp !== undefined && !Number.isInteger(timestamp)) throw new Error(`line ${line}: bad timestamp`);
      const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
      if (seen.has(key)) throw new Error(`line ${line}: duplicate series ${key}`);
      seen.add(key);
      family(name, line).samples.push({ labels, value, ...(timestamp !== undefined ? { timestamp } : {}) });
    });
  return families;
}
