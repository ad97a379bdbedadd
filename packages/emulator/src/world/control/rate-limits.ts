import { WorldError } from "../errors.js";
import { apiAccessOf } from "./api-access.js";
import type { ApiAccess } from "./api-access.js";

/**
 * One token-bucket rule. A call takes `cost` tokens (default 1) from its bucket; an empty bucket
 * throttles until refilled. The first rule matching the API applies; APIs no rule matches are not
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
  capacity: number;
  refillPerSecond: number;
}

/** What a rate limit is keyed by: buckets are per provider, account, region and rule or API. */
export interface RateLimitTarget {
  provider: string;
  account: string;
  region: string;
  api: string;
  /** Tokens the call takes (e.g. the instance count of a RunInstances); default 1. */
  cost?: number | undefined;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

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

  rulesFor(provider: string): readonly RateLimitRule[] {
    return this.#rules.get(provider) ?? [];
  }

  /** Refills every bucket. */
  reset(): void {
    this.#buckets.clear();
  }

  /** Takes the call's tokens or throws Throttled with the wait until enough have refilled. */
  take(target: RateLimitTarget, now: number): void {
    if (!this.enabled) return;
    const rule = this.rulesFor(target.provider).find((r) => matches(r, target.api));
    if (!rule || rule.capacity <= 0 || rule.refillPerSecond <= 0) return;
    const scope = rule.bucket === "api" ? `api:${target.api}` : `rule:${rule.name}`;
    const key = [target.provider, target.account, target.region, scope].join("|");
    const bucket = this.#buckets.get(key) ?? { tokens: rule.capacity, updatedAt: now };
    const elapsedSec = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(rule.capacity, bucket.tokens + elapsedSec * rule.refillPerSecond);
    bucket.updatedAt = now;
    this.#buckets.set(key, bucket);
    const cost = target.cost ?? 1;
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return;
    }
    const retryAfterMs = Math.ceil(((cost - bucket.tokens) / rule.refillPerSecond) * 1000);
    throw new WorldError("Throttled", `rate limit "${rule.name}" exceeded for ${target.api}; retry in ${retryAfterMs} ms`, {
      retryAfterMs,
    });
  }
}

function matches(rule: RateLimitRule, api: string): boolean {
  return (!rule.api || rule.api.test(api)) && (!rule.access || rule.access === apiAccessOf(api));
}
