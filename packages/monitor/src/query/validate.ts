import { invalidArgument } from "@cloud-barista/core";
import { requireId } from "@cloud-barista/mcis";
import type { MetricQuery } from "./types.js";
import { groupings, quantileModes, statistics } from "./types.js";

/** Most buckets one query may answer per series (keeps a typo in `stepMs` from eating memory). */
export const maxBuckets = 100_000;

/** Checks a query before it runs; errors are InvalidArgument naming the field. */
export function validateQuery(query: MetricQuery): void {
  if (typeof query !== "object" || query === null) throw invalidArgument("query", "required", "is required");
  const target: unknown = query.target;
  if (typeof target !== "object" || target === null) throw invalidArgument("target", "required", "is required");
  requireId("target.namespace", query.target.namespace);
  requireId("target.name", query.target.name);
  if (query.target.subGroup !== undefined) requireId("target.subGroup", query.target.subGroup);
  if (query.target.vm !== undefined) {
    if (typeof query.target.vm !== "string" || query.target.vm === "") {
      throw invalidArgument("target.vm", "required", "must be a non-empty string");
    }
  }
  if (query.target.subGroup !== undefined && query.target.vm !== undefined) {
    throw invalidArgument("target", "one-of", "give subGroup or vm, not both");
  }
  nonEmpty("measurement", query.measurement);
  nonEmpty("field", query.field);
  if (!(statistics as readonly string[]).includes(query.statistic)) {
    throw invalidArgument(
      "statistic",
      "enum",
      `must be one of ${statistics.join(", ")}, got "${String(query.statistic)}"`,
    );
  }
  if (query.groupBy !== undefined && !(groupings as readonly string[]).includes(query.groupBy)) {
    throw invalidArgument("groupBy", "enum", `must be one of ${groupings.join(", ")}, got "${String(query.groupBy)}"`);
  }
  if (!Number.isFinite(query.from)) throw invalidArgument("from", "time", "must be a time in ms since the epoch");
  if (!Number.isFinite(query.to)) throw invalidArgument("to", "time", "must be a time in ms since the epoch");
  if (query.to <= query.from) throw invalidArgument("to", "range", "must be after from");
  if (!Number.isInteger(query.stepMs) || query.stepMs < 1) {
    throw invalidArgument("stepMs", "positive-integer", "must be a positive integer number of ms");
  }
  if ((query.to - query.from) / query.stepMs > maxBuckets) {
    throw invalidArgument("stepMs", "max-buckets", `gives more than ${maxBuckets} buckets over the period`);
  }
  for (const [key, value] of Object.entries(query.tags ?? {})) {
    if (typeof value !== "string") throw invalidArgument(`tags.${key}`, "string", "must be a string");
  }
  if (query.quantile !== undefined && !(quantileModes as readonly string[]).includes(query.quantile)) {
    throw invalidArgument(
      "quantile",
      "enum",
      `must be one of ${quantileModes.join(", ")}, got "${String(query.quantile)}"`,
    );
  }
  if (query.rate !== undefined && typeof query.rate !== "boolean") {
    throw invalidArgument("rate", "boolean", "must be a boolean");
  }
}

function nonEmpty(field: string, value: unknown): void {
  if (typeof value !== "string" || value === "") throw invalidArgument(field, "required", "is required");
}
