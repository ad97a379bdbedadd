import { abortedError, systemClock } from "@cloud-barista/core";
import type { Clock } from "@cloud-barista/core";
import { AccountRegion } from "./account-region.js";
import { defaultCatalogs } from "./catalog/index.js";
import type { ProviderName } from "@cloud-barista/core";
import type { ProviderCatalog } from "./catalog/types.js";
import { CapacityBook } from "./control/capacity.js";
import type { CapacityUse } from "./control/capacity.js";
import { FaultInjector, defaultFaultTimeoutMs, faultError } from "./control/faults.js";
import type { FaultTarget } from "./control/faults.js";
import { defaultLatency, latencyOf } from "./control/latency.js";
import type { LatencySettings } from "./control/latency.js";
import { QuotaBook } from "./control/quotas.js";
import type { QuotaLimits } from "./control/quotas.js";
import { RateLimiter } from "./control/rate-limits.js";
import type { RateLimitRule } from "./control/rate-limits.js";
import { invalidParameter } from "./errors.js";
import { IdentityBook } from "./identities.js";
import { Random } from "./random.js";
import { ResourceGroupBook } from "./resource-groups.js";
import { RegionState } from "./resources/region-state.js";
import type { WorldServices } from "./resources/region-state.js";
import { seedDefaultNetwork } from "./resources/default-network.js";
import { seedSharedNetworks } from "./resources/shared-networks.js";
import { SshEndpointBook } from "./ssh-endpoints.js";
import { KubeEndpoints } from "../kube/endpoints.js";
import { capacityUseOf } from "./resources/vms.js";
import { defaultTiming } from "./timing.js";
import type { WorldTiming } from "./timing.js";
import type { ResourceKind } from "./types.js";

/** Options of `new World()`; every field has a default, so `new World()` alone is a working world. */
export interface WorldOptions {
  /** Time of every lifecycle, rate limit and delay. Default: the system clock. */
  clock?: Clock;
  /** Seed of everything random (ids, addresses, jitter, fault probabilities). Default 1. */
  seed?: number;
  timing?: Partial<WorldTiming>;
  /** Quota overrides per provider, on top of each catalog's defaults. */
  quotas?: Partial<Record<ProviderName, Partial<QuotaLimits>>>;
  /** false switches rate limiting off; an object replaces the rules of the providers it names. */
  rateLimits?: boolean | Partial<Record<ProviderName, readonly RateLimitRule[]>>;
  latency?: Partial<LatencySettings>;
  /** Eventual consistency: how long a new resource stays NotFound to reads. Default 0. */
  invisibleAfterCreateMs?: number;
  /** Replaces the built-in provider catalogs. */
  catalogs?: readonly ProviderCatalog[];
}

/** Where a call goes and which native API it is. */
export interface CallTarget {
  provider: string;
  account: string;
  region: string;
  /** The native API name as the front's cloud names it ("RunInstances", "VirtualMachines_CreateOrUpdate"). */
  api: string;
  /** Rate-limit tokens the call takes; default 1. */
  cost?: number;
}

/** One account of one provider in one of its regions: the unit that owns resources and quotas. */
export interface AccountRegionKey {
  provider: string;
  account: string;
  region: string;
}

/** What the gate tells the operation it runs. */
export interface GateContext {
  /**
   * True when an injected fault of phase "background" hit this call: work the operation leaves
   * running (a volume being created or extended, a load balancer being provisioned or changed) must
   * end in the resource's error state. Operations pass it on to the world's services.
   */
  readonly failsLater: boolean;
}

/**
 * The simulated multi-cloud world: providers with their catalogs, and per (provider, account,
 * region) the resources people create. Every operation a front or driver performs goes through
 * `call`, the one gate that applies latency, rate limits and injected faults.
 */
export class World {
  readonly clock: Clock;
  /** Lifecycle durations; change fields at any time (e.g. to speed up a demo). */
  readonly timing: WorldTiming;
  readonly latency: LatencySettings;
  /** Eventual consistency settings; change at any time. */
  readonly consistency: { invisibleAfterCreateMs: number };
  readonly faults: FaultInjector;
  readonly rateLimits: RateLimiter;
  readonly quotas: QuotaBook;
  readonly capacity: CapacityBook;
  /** Credentials the HTTP fronts accept. */
  readonly identities = new IdentityBook();
  /** Azure resource groups per account (the containers ARM ids name). */
  readonly resourceGroups = new ResourceGroupBook();
  /** Real sshd servers (usually on loopback) backing emulated VMs, by public IP. */
  readonly sshEndpoints = new SshEndpointBook();
  /** The Kubernetes API servers of the clusters (started on first use; `kube.close()` stops them). */
  readonly kube: KubeEndpoints = new KubeEndpoints(this);

  readonly #catalogs: ReadonlyMap<string, ProviderCatalog>;
  readonly #random: Random;
  /** Per (provider, account, region): its state and the API over it. */
  readonly #places = new Map<string, { state: RegionState; cloud: AccountRegion }>();
  readonly #services: WorldServices;
  #seq = 0;

  constructor(options: WorldOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.#random = new Random(options.seed ?? 1);
    this.timing = { ...defaultTiming, ...options.timing };
    this.latency = { ...defaultLatency, perApi: {}, ...options.latency };
    this.consistency = { invisibleAfterCreateMs: options.invisibleAfterCreateMs ?? 0 };
    const catalogs = options.catalogs ?? defaultCatalogs;
    this.#catalogs = new Map(catalogs.map((c) => [c.provider, c]));
    this.faults = new FaultInjector(this.#random);
    const rules = new Map(catalogs.map((c) => [c.provider as string, c.rateLimits]));
    const configured = options.rateLimits;
    if (typeof configured === "object")
      for (const [provider, list] of Object.entries(configured)) rules.set(provider, list);
    this.rateLimits = new RateLimiter(rules, configured !== false);
    this.quotas = new QuotaBook(new Map(catalogs.map((c) => [c.provider, c.quotas])));
    for (const [provider, limits] of Object.entries(options.quotas ?? {})) this.quotas.set({ provider }, limits);
    this.capacity = new CapacityBook();
    this.#services = {
      clock: this.clock,
      random: this.#random,
      timing: this.timing,
      consistency: this.consistency,
      quotas: this.quotas,
      capacity: this.capacity,
      publicIps: new Set(),
      nextSeq: () => ++this.#seq,
      capacityInUse: (provider, region) => this.#capacityInUse(provider, region),
      clusterAccess: (address) => this.kube.access(address),
    };
  }

  /** The providers the world simulates: one per catalog. */
  providers(): ProviderName[] {
    return [...this.#catalogs.values()].map((c) => c.provider);
  }

  /** The catalog of one provider; InvalidParameter for a provider the world does not simulate. */
  catalog(provider: string): ProviderCatalog {
    const catalog = this.#catalogs.get(provider);
    if (!catalog) throw invalidParameter("provider", `unknown provider "${provider}"`);
    return catalog;
  }

  /** The state of one account in one region, created on first use. Bypasses the gate. */
  accountRegion(key: AccountRegionKey): AccountRegion {
    const catalog = this.catalog(key.provider);
    if (typeof key.account !== "string" || key.account.length === 0)
      throw invalidParameter("account", "must not be empty");
    const region = catalog.regions.find((r) => r.name === key.region);
    if (!region) throw invalidParameter("region", `"${key.region}" is not a region of ${catalog.provider}`);
    const id = [catalog.provider, key.account, region.name].join("\u0000");
    let place = this.#places.get(id);
    if (!place) {
      const state = new RegionState(catalog, key.account, region, this.#services);
      seedSharedNetworks(state);
      seedDefaultNetwork(state);
      place = { state, cloud: new AccountRegion(state) };
      this.#places.set(id, place);
    }
    return place.cloud;
  }

  /**
   * Runs one native API call: latency, then the rate limit, then injected faults, then `fn` on the
   * account's region (told whether a "background" fault hit it), then "after"-phase faults. Errors
   * are WorldErrors, or the abort reason.
   */
  async call<T>(
    target: CallTarget,
    fn: (cloud: AccountRegion, gate: GateContext) => T | Promise<T>,
    options: { abortSignal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    const signal = options.abortSignal;
    const cloud = this.accountRegion(target);
    if (signal?.aborted) throw abortedError(signal);
    const delayMs = latencyOf(this.latency, target.api, this.#random);
    if (delayMs > 0) await this.clock.sleep(delayMs, { abortSignal: signal });
    this.rateLimits.take(target, this.clock.now());
    await this.#injectFault(target, "before", signal);
    const result = await fn(cloud, { failsLater: this.faults.draw(target, "background") !== undefined });
    await this.#injectFault(target, "after", signal);
    return result;
  }

  /** Where a resource id lives within an account (for fronts whose URLs carry no region, like Azure's). */
  locate(key: { provider: string; account: string }, id: string): { region: string; kind: ResourceKind } | undefined {
    for (const { state } of this.#places.values()) {
      if (state.provider !== key.provider || state.account !== key.account) continue;
      const table = state.tables().find((t) => t.find(id));
      if (table) return { region: state.region.name, kind: table.kind };
    }
    return undefined;
  }

  async #injectFault(target: FaultTarget, phase: "before" | "after", signal: AbortSignal | undefined): Promise<void> {
    const fault = this.faults.draw(target, phase);
    if (!fault) return;
    if (fault.kind === "timeout")
      await this.clock.sleep(fault.timeoutMs ?? defaultFaultTimeoutMs, { abortSignal: signal });
    throw faultError(fault, target.api);
  }

  #capacityInUse(provider: string, region: string): CapacityUse[] {
    const uses: CapacityUse[] = [];
    for (const { state } of this.#places.values()) {
      if (state.provider !== provider || state.region.name !== region) continue;
      for (const vm of state.vms.all()) {
        const use = capacityUseOf(state, vm);
        if (use) uses.push(use);
      }
    }
    return uses;
  }
}
