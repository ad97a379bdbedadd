import { WorldError } from "../errors.js";
import { apiAccessOf } from "./api-access.js";
import type { ApiAccess } from "./api-access.js";

/**
 * One token-bucket rule. Request rules count calls: the first matching one applies, one token per
 * call. Resource rules count what a call acts on (AWS EC2's "resource rate limiting": instances
 * launched or terminated): every matching one applies too, taking the call's `cost`. A call needs
 * tokens in all its buckets and takes none when one of them is short. APIs no rule matches are not
 * limited.
 */
export interface RateLimitRule {
  /** A label, e.g. "mutating"; it names the shared bucket. */
  name: string;
  /** APIs whose name matches; all APIs when absent. */
  api?: RegExp;
  /** APIs of this access class (see `apiAccessOf`); all when absent. */
  access?: ApiAccess;
  /**
   * "api": one bucket per API name, as AWS EC2 and Tencent Cloud do. "shared": one bucket for every
   * API the rule covers, as Azure Resource Manager does per subscription and region.
   */
  bucket: "api" | "shared";
  /** "requests" (default) counts calls; "resources" counts the resources a call acts on. */
  counts?: "requests" | "resources";
  capacity: number;
  refillPerSecond: number;
}

/** What a rate limit is keyed by: buckets are per provider, account, region and rule or API. */
export interface RateLimitTarget {
  provider: string;
  account: string;
  region: string;
  api: string;
  /** Resources the call acts on (e.g. instances started), for resource rules; default 1. */
  cost?: number | undefined;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * The world's rate limits (`world.rateLimits`): token buckets per provider, account, region and
 * rule or API, from each catalog's rules unless `WorldOptions.rateLimits` says otherwise. A call
 * past a limit fails with Throttled and a `retryAfterMs` of when its tokens will be back.
 */
export class RateLimiter {
  /** Switches every limit off (and on again) without forgetting rules. */
  enabled: boolean;
  readonly #rules = new Map<string, readonly RateLimitRule[]>();
  readonly #buckets = new Map<string, Bucket>();

  constructor(rules: ReadonlyMap<string, readonly RateLimitRule[]>, enabled = true) {
    for (const [provider, list] of rules) this.#rules.set(provider, list);
    this.enabled = enabled;
  }

  /** Replaces a provider's rules; an empty list leaves it unlimited. */
  setRules(provider: string, rules: readonly RateLimitRule[]): void {
    this.#rules.set(provider, [...rules]);
    this.reset();
  }

  /** The rules in force for a provider; none (unlimited) for one without rules. */
  rulesFor(provider: string): readonly RateLimitRule[] {
    return this.#rules.get(provider) ?? [];
  }

  /** Refills every bucket. */
  reset(): void {
    this.#buckets.clear();
  }

  /** Takes the call's tokens from every bucket it needs, or throws Throttled and takes none. */
  take(target: RateLimitTarget, now: number): void {
    if (!this.enabled) return;
    const rules = this.rulesFor(target.provider).filter(
      (r) => matches(r, target.api) && r.capacity > 0 && r.refillPerSecond > 0,
    );
    const request = rules.find((r) => (r.counts ?? "requests") === "requests");
    const charges = [
      ...(request ? [{ rule: request, cost: 1 }] : []),
      ...rules.filter((r) => r.counts === "resources").map((rule) => ({ rule, cost: target.cost ?? 1 })),
    ].map((c) => ({ ...c, bucket: this.#refilled(target, c.rule, now) }));
    const short = charges.find((c) => c.bucket.tokens < c.cost);
    if (short) {
      const retryAfterMs = Math.ceil(((short.cost - short.bucket.tokens) / short.rule.refillPerSecond) * 1000);
      throw new WorldError(
        "Throttled",
        `rate limit "${short.rule.name}" exceeded for ${target.api}; retry in ${retryAfterMs} ms`,
        {
          retryAfterMs,
        },
      );
    }
    for (const c of charges) c.bucket.tokens -= c.cost;
  }

  /**
   * Whole tokens left in the request bucket a call would take from (what Azure reports in
   * x-ms-ratelimit-remaining-subscription-reads/writes), or undefined when no rule limits it.
   */
  remaining(target: RateLimitTarget, now: number): number | undefined {
    if (!this.enabled) return undefined;
    const rule = this.rulesFor(target.provider).find(
      (r) =>
        matches(r, target.api) && (r.counts ?? "requests") === "requests" && r.capacity > 0 && r.refillPerSecond > 0,
    );
    return rule && Math.floor(this.#refilled(target, rule, now).tokens);
  }

  #refilled(target: RateLimitTarget, rule: RateLimitRule, now: number): Bucket {
    const scope = rule.bucket === "api" ? `${rule.counts ?? "requests"}:${target.api}` : `rule:${rule.name}`;
    const key = [target.provider, target.account, target.region, scope].join("|");
    const bucket = this.#buckets.get(key) ?? { tokens: rule.capacity, updatedAt: now };
    const elapsedSec = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(rule.capacity, bucket.tokens + elapsedSec * rule.refillPerSecond);
    bucket.updatedAt = now;
    this.#buckets.set(key, bucket);
    return bucket;
  }
}

function matches(rule: RateLimitRule, api: string): boolean {
  return (!rule.api || rule.api.test(api)) && (!rule.access || rule.access === apiAccessOf(api));
}
