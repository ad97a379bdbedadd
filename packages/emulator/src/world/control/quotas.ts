import { WorldError } from "../errors.js";

/** Per account and region limits (the clouds' "service quotas"). */
export interface QuotaLimits {
  vpcs: number;
  subnetsPerVpc: number;
  securityGroups: number;
  /** Per security group and direction. */
  rulesPerSecurityGroup: number;
  keyPairs: number;
  /** VMs that are not terminated. */
  vms: number;
  /** vCPUs of VMs that are not terminated. */
  vcpus: number;
  disks: number;
  diskTotalGB: number;
  myImages: number;
  nlbs: number;
}

/** The name of one quota ("vms", "vcpus", ...), as QuotaExceeded errors give it in `resourceId`. */
export type QuotaName = keyof QuotaLimits;

/** Where a quota override applies: a provider, narrowed to one account and/or region. */
export interface QuotaScope {
  provider: string;
  /** All accounts when absent. */
  account?: string | undefined;
  /** All regions when absent. */
  region?: string | undefined;
}

interface QuotaOverride {
  scope: QuotaScope;
  limits: Partial<QuotaLimits>;
}

/**
 * Quota limits: each provider's defaults (from its catalog), overridden per provider, account or
 * region. The most specific override wins, field by field.
 */
export class QuotaBook {
  readonly #defaults: ReadonlyMap<string, QuotaLimits>;
  #overrides: QuotaOverride[] = [];

  constructor(defaults: ReadonlyMap<string, QuotaLimits>) {
    this.#defaults = defaults;
  }

  /** Overrides limits for a provider, or one account and/or region of it. */
  set(scope: QuotaScope, limits: Partial<QuotaLimits>): void {
    this.#overrides.push({ scope: { ...scope }, limits: { ...limits } });
  }

  /** Drops every override. */
  reset(): void {
    this.#overrides = [];
  }

  /** The limits in force for one account and region: the catalog's, then overrides from least to most specific. */
  limitsFor(provider: string, account: string, region: string): QuotaLimits {
    const base = this.#defaults.get(provider);
    if (!base) throw new RangeError(`no quota defaults for provider ${provider}`);
    const matching = this.#overrides
      .filter(({ scope }) => scope.provider === provider)
      .filter(({ scope }) => scope.account === undefined || scope.account === account)
      .filter(({ scope }) => scope.region === undefined || scope.region === region)
      .sort((a, b) => specificity(a.scope) - specificity(b.scope));
    return Object.assign({ ...base }, ...matching.map((o) => o.limits)) as QuotaLimits;
  }
}

function specificity(scope: QuotaScope): number {
  return (scope.account === undefined ? 0 : 2) + (scope.region === undefined ? 0 : 1);
}

/** Throws QuotaExceeded when adding `adding` to `used` would pass `limit`. */
export function ensureQuota(name: QuotaName, limit: number, used: number, adding = 1): void {
  if (used + adding > limit) {
    throw new WorldError(
      "QuotaExceeded",
      `quota ${name} exceeded: ${used} used + ${adding} requested > limit ${limit}`,
      {
        resourceType: "quota",
        resourceId: name,
      },
    );
  }
}
