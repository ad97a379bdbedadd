import { invalidArgument } from "@cloud-barista/core";
import type { McisTarget } from "@cloud-barista/mcis";
import { requireId } from "@cloud-barista/mcis";
import type { Grouping, Statistic } from "../query/types.js";
import { validateQuery } from "../query/validate.js";

/** The comparisons a rule may use between its value and threshold. */
export const comparisons = [">", ">=", "<", "<="] as const;
/** One of {@link comparisons}: the rule breaks when `value <comparison> threshold`. */
export type Comparison = (typeof comparisons)[number];

/**
 * A threshold rule over a metric, evaluated per group (each VM, by default at a VM target's
 * level; see `groupBy`). It fires once `statistic` over the last `windowMs` has broken the
 * threshold for `forMs`, and resolves only once the value is back past the threshold by
 * `hysteresis` (so a value hovering at the line does not flap).
 */
export interface AlertRule {
  /** The rule's id: lower-case letters, digits and '-'. */
  name: string;
  target: McisTarget;
  measurement: string;
  field: string;
  comparison: Comparison;
  threshold: number;
  /** How long the condition must hold before firing (default 0: at the first breach). */
  forMs?: number;
  /** How far back past the threshold the value must come to resolve (default 0). */
  hysteresis?: number;
  /** Statistic over the window (default avg). */
  statistic?: Statistic;
  /** The window each evaluation reads (default 60 s). */
  windowMs?: number;
  /** Default "vm": one alert per VM. */
  groupBy?: Grouping;
  tags?: Record<string, string>;
  /** Free text carried into events. */
  message?: string;
}

/** Checks a rule before it is stored; errors are InvalidArgument naming the field. */
export function validateRule(rule: AlertRule): void {
  if (typeof rule !== "object" || rule === null) throw invalidArgument("rule", "required", "is required");
  requireId("name", rule.name);
  if (!(comparisons as readonly string[]).includes(rule.comparison)) {
    throw invalidArgument(
      "comparison",
      "enum",
      `must be one of ${comparisons.join(" ")}, got "${String(rule.comparison)}"`,
    );
  }
  if (typeof rule.threshold !== "number" || !Number.isFinite(rule.threshold)) {
    throw invalidArgument("threshold", "number", "must be a finite number");
  }
  const nonNegative = (field: string, value: number | undefined) => {
    if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
      throw invalidArgument(field, "non-negative", "must be a number >= 0");
    }
  };
  nonNegative("forMs", rule.forMs);
  nonNegative("hysteresis", rule.hysteresis);
  if (rule.windowMs !== undefined && !(Number.isInteger(rule.windowMs) && rule.windowMs > 0)) {
    throw invalidArgument("windowMs", "positive-integer", "must be a positive integer");
  }
  if (rule.message !== undefined && typeof rule.message !== "string") {
    throw invalidArgument("message", "string", "must be a string");
  }
  // The rest is a query's: target, measurement, field, statistic, groupBy, tags.
  const windowMs = rule.windowMs ?? 60_000;
  validateQuery({ ...ruleQuery(rule, windowMs), from: 0, to: windowMs });
}

/** The query a rule runs, without its period. */
export function ruleQuery(rule: AlertRule, windowMs: number) {
  return {
    target: rule.target,
    measurement: rule.measurement,
    field: rule.field,
    statistic: rule.statistic ?? "avg",
    stepMs: windowMs,
    groupBy: rule.groupBy ?? "vm",
    ...(rule.tags ? { tags: rule.tags } : {}),
  } as const;
}

/** True when the value breaks the rule's threshold. */
export function breaks(rule: AlertRule, value: number): boolean {
  switch (rule.comparison) {
    case ">":
      return value > rule.threshold;
    case ">=":
      return value >= rule.threshold;
    case "<":
      return value < rule.threshold;
    case "<=":
      return value <= rule.threshold;
  }
}

/** True when a firing alert may resolve: back past the threshold by the hysteresis. */
export function clears(rule: AlertRule, value: number): boolean {
  const h = rule.hysteresis ?? 0;
  return rule.comparison === ">" || rule.comparison === ">=" ? value < rule.threshold - h : value > rule.threshold + h;
}
