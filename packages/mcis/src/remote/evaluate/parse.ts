import { EvaluationOutputError } from "./output-error.js";
import { evaluationFormatVersion } from "./script.js";
import { metricReference, performanceMetrics } from "../../placement/performance-score.js";
import type { PerformanceMetric } from "../../placement/performance-score.js";

/** One measured figure as the script printed it. */
export interface Measurement {
  readonly metric: PerformanceMetric;
  readonly value: number;
  readonly unit: string;
  readonly method: string;
}

/** A round-trip time to another VM of the MCIS. */
export interface RttMeasurement {
  readonly peer: string;
  readonly ms: number;
  readonly method: "ping";
}

/** A measurement the script did not make, and why ("sqlite3 not installed"). */
export interface SkippedMeasurement {
  /** A metric, or "rtt:<peer vmId>". */
  readonly what: string;
  readonly reason: string;
}

/** What one VM's evaluation printed, checked. */
export interface EvaluationOutput {
  readonly version: number;
  readonly cores: number;
  readonly measurements: readonly Measurement[];
  readonly rtts: readonly RttMeasurement[];
  readonly skipped: readonly SkippedMeasurement[];
}

const numberPattern = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,9})?$/;
const wordPattern = /^[A-Za-z0-9_.:/-]+$/;
const maxLines = 10_000;

/**
 * Parses the evaluation script's output strictly: framed by "cb-eval 1" and "end", one known record
 * a line, every value a plain non-negative decimal, each metric and each expected peer exactly once
 * (measured or skipped with a reason). Anything else is an EvaluationOutputError, never a partial
 * result: a figure from output that was cut off or mangled would rank a spec on a guess.
 */
export function parseEvaluationOutput(stdout: string, expectedPeers: readonly string[] = []): EvaluationOutput {
  const lines = stdout.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  if (lines.length === 0) throw new EvaluationOutputError("empty", "the script printed nothing");
  if (lines.length > maxLines) throw new EvaluationOutputError("garbled", `more than ${maxLines} lines`);
  const header = /^cb-eval ([0-9]{1,6})$/.exec(lines[0] ?? "");
  if (!header) throw new EvaluationOutputError("garbled", `line 1 is not "cb-eval <version>": ${excerpt(lines[0])}`, 1);
  const version = Number(header[1]);
  if (version !== evaluationFormatVersion)
    throw new EvaluationOutputError("unsupported-version", `format ${version}, not ${evaluationFormatVersion}`, 1);
  if (lines[lines.length - 1] !== "end")
    throw new EvaluationOutputError("truncated", `no "end" line after ${lines.length} line(s)`);

  const peers = new Set(expectedPeers);
  const seen = new Set<string>();
  const measurements: Measurement[] = [];
  const rtts: RttMeasurement[] = [];
  const skipped: SkippedMeasurement[] = [];
  let cores: number | undefined;
  const once = (what: string, n: number): void => {
    if (seen.has(what)) throw new EvaluationOutputError("garbled", `${what} reported twice`, n);
    seen.add(what);
  };
  const known = (what: string, n: number): void => {
    const peer = what.startsWith("rtt:") ? what.slice(4) : undefined;
    if (peer !== undefined ? !peers.has(peer) : !(performanceMetrics as readonly string[]).includes(what))
      throw new EvaluationOutputError("garbled", `unknown measurement ${excerpt(what)}`, n);
  };

  for (let i = 1; i < lines.length - 1; i++) {
    const n = i + 1;
    const line = lines[i] ?? "";
    const fields = line.split(" ");
    const garbled = (why: string): EvaluationOutputError =>
      new EvaluationOutputError("garbled", `line ${n} ${why}: ${excerpt(line)}`, n);
    switch (fields[0]) {
      case "info": {
        if (fields.length !== 3 || fields[1] !== "cores" || !/^[1-9][0-9]{0,5}$/.test(fields[2] ?? ""))
          throw garbled("is not an info record");
        if (cores !== undefined) throw garbled("repeats the core count");
        cores = Number(fields[2]);
        break;
      }
      case "result": {
        const [, metric = "", value = "", unit = "", method = ""] = fields;
        if (fields.length !== 5) throw garbled("is not `result <metric> <value> <unit> <method>`");
        known(metric, n);
        const ref = metricReference(metric, method);
        if (!ref) throw garbled(`names an unknown method for ${metric}`);
        if (unit !== ref.unit) throw garbled(`gives ${metric} by ${method} in ${unit}, not ${ref.unit}`);
        if (!numberPattern.test(value)) throw garbled("has a value that is not a plain number");
        once(metric, n);
        measurements.push({ metric: ref.metric, value: Number(value), unit, method });
        break;
      }
      case "rtt": {
        const [, peer = "", ms = "", unit = "", method = ""] = fields;
        if (fields.length !== 5 || unit !== "ms" || method !== "ping")
          throw garbled("is not `rtt <peer> <ms> ms ping`");
        known(`rtt:${peer}`, n);
        if (!numberPattern.test(ms)) throw garbled("has a value that is not a plain number");
        once(`rtt:${peer}`, n);
        rtts.push({ peer, ms: Number(ms), method: "ping" });
        break;
      }
      case "skip": {
        const what = fields[1] ?? "";
        const reason = fields.slice(2).join(" ");
        if (!wordPattern.test(what) || reason.trim() === "" || hasControl(reason))
          throw garbled("is not `skip <what> <reason>`");
        known(what, n);
        once(what, n);
        skipped.push({ what, reason });
        break;
      }
      default:
        throw garbled(line === "end" ? "ends the output early" : "is not a record");
    }
  }
  if (cores === undefined) throw new EvaluationOutputError("incomplete", "no core count");
  const missing = [...performanceMetrics, ...[...peers].map((p) => `rtt:${p}`)].filter((w) => !seen.has(w));
  if (missing.length > 0)
    throw new EvaluationOutputError("incomplete", `neither measured nor skipped: ${missing.join(", ")}`);
  return { version, cores, measurements, rtts, skipped };
}

/** A line shown in an error: at most 60 characters, control characters escaped. */
function excerpt(line: string | undefined): string {
  const text = JSON.stringify(line ?? "");
  return text.length > 62 ? `${text.slice(0, 60)}…"` : text;
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
