import { invalidArgument } from "@cloud-barista/core";
import type { ProviderName } from "@cloud-barista/core";
import pLimit from "p-limit";
import type { LimitFunction } from "p-limit";
import { mcisLimits } from "../model/limits.js";
import { requireProvider } from "../util/validate.js";

/** How many cloud requests the engine has in flight at once. */
export interface ConcurrencyOptions {
  /** Per provider, over all its regions (default 600: Tumblebug's 30 regions x 20 nodes). */
  perProvider?: number;
  /** Per provider region (default 20, Tumblebug's nodes per region). */
  perRegion?: number;
  /** Overrides by provider name, e.g. `{ OPENSTACK: { perProvider: 75, perRegion: 15 } }`. */
  providers?: Partial<Record<ProviderName, { perProvider?: number; perRegion?: number }>>;
}

/** How many VM creates run at once per provider and per region unless the options say otherwise. */
export const defaultConcurrency = { perProvider: 600, perRegion: 20 } as const;

function checkLimit(field: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > mcisLimits.concurrency)
    throw invalidArgument(
      field,
      "positive-integer",
      `must be an integer from 1 to ${mcisLimits.concurrency}, got ${n}`,
    );
  return n;
}

/**
 * Per-provider and per-region limits (`p-limit`). A request takes its region's slot first, then its
 * provider's, so a busy region never holds provider slots other regions could use. Slots cover the
 * cloud request only; waiting for a VM to boot happens outside them, so boots overlap freely.
 */
export class ConcurrencyLimits {
  readonly #options: ConcurrencyOptions;
  readonly #providers = new Map<ProviderName, LimitFunction>();
  readonly #regions = new Map<string, LimitFunction>();

  constructor(options: ConcurrencyOptions = {}) {
    checkLimit("concurrency.perProvider", options.perProvider, defaultConcurrency.perProvider);
    checkLimit("concurrency.perRegion", options.perRegion, defaultConcurrency.perRegion);
    for (const [provider, o] of Object.entries(options.providers ?? {})) {
      // A misspelt provider would silently get the defaults.
      requireProvider(`concurrency.providers.${provider}`, provider);
      checkLimit(`concurrency.providers.${provider}.perProvider`, o?.perProvider, 1);
      checkLimit(`concurrency.providers.${provider}.perRegion`, o?.perRegion, 1);
    }
    this.#options = options;
  }

  run<T>(provider: ProviderName, region: string, fn: () => Promise<T>): Promise<T> {
    const own = this.#options.providers?.[provider];
    let providerLimit = this.#providers.get(provider);
    if (!providerLimit) {
      providerLimit = pLimit(own?.perProvider ?? this.#options.perProvider ?? defaultConcurrency.perProvider);
      this.#providers.set(provider, providerLimit);
    }
    const regionKey = `${provider}/${region}`;
    let regionLimit = this.#regions.get(regionKey);
    if (!regionLimit) {
      regionLimit = pLimit(own?.perRegion ?? this.#options.perRegion ?? defaultConcurrency.perRegion);
      this.#regions.set(regionKey, regionLimit);
    }
    const outer = providerLimit;
    return regionLimit(() => outer(fn));
  }
}
