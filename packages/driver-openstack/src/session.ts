import { BaristaError, pollUntil } from "@cloud-barista/core";
import type { CallContext } from "@cloud-barista/core";
import type { OpenStackApiName } from "./api-names.js";
import { provider } from "./errors.js";
import type { OpenStackClient, ServiceRequest } from "./http/client.js";
import { listAll } from "./http/pagination.js";

/** Per-connection settings every handler reads. */
export interface SessionSettings {
  region: string;
  zone: string | undefined;
  pageSize: number;
  /** Name or id of the external network for routers and floating IPs; discovered when absent. */
  externalNetwork: string | undefined;
  /** Give VMs (and PUBLIC load balancers) floating IPs. */
  floatingIps: boolean;
  /** How long to wait for a load balancer to leave its PENDING_* state. */
  loadBalancerTimeoutMs: number;
}

/** What the handlers of one connection share: the HTTP client and the settings. */
export class OpenStackSession {
  readonly client: OpenStackClient;
  readonly settings: SessionSettings;

  constructor(client: OpenStackClient, settings: SessionSettings) {
    this.client = client;
    this.settings = settings;
  }

  get region(): string {
    return this.settings.region;
  }

  async request<T = Record<string, unknown>>(
    ctx: CallContext,
    api: OpenStackApiName,
    request: ServiceRequest,
  ): Promise<T> {
    return (await this.client.request<T>(ctx, api, request)).data;
  }

  list<T, R>(
    ctx: CallContext,
    api: OpenStackApiName,
    request: Omit<ServiceRequest, "method" | "body">,
    collection: string,
    map: (item: T) => R | undefined,
  ): AsyncIterable<R> {
    return listAll(ctx, this.client, api, request, collection, map, this.settings.pageSize);
  }

  /** Everything a list returns, as an array. */
  async listArray<T>(
    ctx: CallContext,
    api: OpenStackApiName,
    request: Omit<ServiceRequest, "method" | "body">,
    collection: string,
  ): Promise<T[]> {
    const out: T[] = [];
    for await (const item of this.list<T, T>(ctx, api, request, collection, (i) => i)) out.push(item);
    return out;
  }

  /**
   * The external network floating IPs and router gateways come from: the configured one, else the
   * first network marked `router:external`; undefined when the cloud has none.
   */
  async externalNetworkId(ctx: CallContext): Promise<string | undefined> {
    if (!this.settings.floatingIps) return undefined;
    const networks = await this.listArray<{ id: string; name: string }>(
      ctx,
      "neutron:ListNetworks",
      { service: "network", path: "/networks", query: { "router:external": true } },
      "networks",
    );
    const wanted = this.settings.externalNetwork;
    const found = wanted === undefined ? networks[0] : networks.find((n) => n.id === wanted || n.name === wanted);
    if (wanted !== undefined && !found) {
      throw new BaristaError("InvalidArgument", `externalNetwork: no external network "${wanted}" in ${this.region}`, {
        provider,
        field: "externalNetwork",
        rule: "external-network",
      });
    }
    return found?.id;
  }

  /** Polls `check` on the runtime's clock until `done`, or fails with Timeout. */
  waitFor<T>(
    ctx: CallContext,
    description: string,
    timeoutMs: number,
    check: () => Promise<T>,
    done: (value: T) => boolean,
  ): Promise<T> {
    return pollUntil(check, done, {
      clock: ctx.clock,
      timeoutMs,
      abortSignal: ctx.abortSignal,
      description,
      minDelayMs: 1_000,
      maxDelayMs: 10_000,
    });
  }
}

/** Runs cleanup steps after a failed multi-step create, ignoring their own failures. */
export async function rollback(steps: readonly (() => Promise<unknown>)[]): Promise<void> {
  for (const step of steps) {
    try {
      await step();
    } catch {
      // Best effort: the original error is what the caller needs to see.
    }
  }
}
