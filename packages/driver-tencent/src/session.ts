import { randomUUID } from "node:crypto";
import { Memo, paginate } from "@cloud-barista/core/driver";
import type { CallContext, Clock, DriverSettings } from "@cloud-barista/core/driver";
import { actionOf, tencentApiTable } from "./apis.js";
import type { TencentApi } from "./apis.js";
import type { TencentClients } from "./clients.js";
import { notFound, provider, toBaristaError } from "./errors.js";

/** Settings of one connection that every handler shares. */
export interface TencentSettings {
  /** The connection's region ("ap-guangzhou") and zone ("ap-guangzhou-3"), if any. */
  region: string;
  zone: string | undefined;
  /** Limit of paged Describe calls (most take up to 100). */
  pageSize: number;
  /** The login user the driver makes on Linux VMs ("root": none). */
  vmUser: string;
  /** InternetMaxBandwidthOut of new VMs in Mbit/s; 0 for none (no public IP). */
  publicBandwidthMbps: number;
  /** The project new resources go to (0: the default project). */
  projectId: number;
  /** The currency of prices: CNY on Tencent's China site, USD on its international one. */
  currency: string;
}

/** Parameters of an API 3.0 call; undefined values are left out. */
export type Params = Readonly<Record<string, unknown>>;

/** Every API 3.0 answer carries its request id. */
export interface ApiAnswer {
  RequestId?: string;
}

/** A Describe filter as API 3.0 takes it. */
export interface Filter {
  Name: string;
  Values: string[];
}

/** Filters from name → values, leaving out names without a value. */
export function filters(byName: Readonly<Record<string, string | readonly string[] | undefined>>): Filter[] {
  return Object.entries(byName).flatMap(([Name, v]) =>
    v === undefined ? [] : [{ Name, Values: typeof v === "string" ? [v] : [...v] }],
  );
}

/**
 * How long what DescribeZoneInstanceConfigInfos and DescribeDiskConfigQuota said about a zone is
 * trusted: stock changes, so a sold-out type shows up again within this time.
 */
export const stockTtlMs = 5 * 60_000;

/**
 * How long a key pair's public key is trusted without asking again: a key deleted and made again
 * elsewhere under the same id never happens (ids are never reused), but its tags may change.
 */
export const keyFactsTtlMs = 10 * 60_000;

/** What a VM start needs to know of its image, which never changes under an image id. */
export interface ImageFacts {
  windows: boolean;
}

/**
 * What the handlers of one connection share: its SDK clients and settings, and the one way of
 * calling an action by its API name (through `ctx.call`, one HTTP request per attempt, errors
 * mapped, the request id kept for call history), of following Offset/Limit paging, and the facts
 * Tencent never changes (a subnet's zone, an image's platform).
 */
export class TencentSession {
  readonly settings: TencentSettings;
  readonly clients: TencentClients;
  readonly driverSettings: DriverSettings;
  /** Zones of subnets by id (a subnet never moves). */
  readonly subnetZones = new Memo<string>();
  /** Instance type and disk offers by what they asked, for a while. */
  readonly stock: Memo<unknown>;
  /** Public keys (OpenSSH lines) by key id, for a while. */
  readonly keyPairs: Memo<string | undefined>;
  /** Image facts by image id. */
  readonly images = new Memo<ImageFacts>();

  constructor(clients: TencentClients, settings: TencentSettings, driverSettings: DriverSettings, clock: Clock) {
    this.clients = clients;
    this.settings = settings;
    this.driverSettings = driverSettings;
    this.stock = new Memo<unknown>({ clock, ttlMs: stockTtlMs, maxEntries: 500 });
    this.keyPairs = new Memo<string | undefined>({ clock, ttlMs: keyFactsTtlMs, maxEntries: 500 });
  }

  get region(): string {
    return this.settings.region;
  }

  /** The account's UIN, when the credential gives it. */
  get uin(): string | undefined {
    return this.clients.uin;
  }

  /** One call by its API name, in the connection's region unless `region` names another. */
  call<T extends ApiAnswer>(ctx: CallContext, api: TencentApi, params: Params = {}, region?: string): Promise<T> {
    return this.#call<T>(ctx, api, params, undefined, region);
  }

  /**
   * A read of one resource by id. Describe calls given ids answer an empty set for an id they do
   * not know (or an InvalidParameterValue code): either is NotFound inside the call, so call
   * history records it as one.
   */
  async one<A extends ApiAnswer, T>(
    ctx: CallContext,
    api: TencentApi,
    params: Params,
    pick: (answer: A) => T | undefined,
    missing: { type: string; id: string },
  ): Promise<T> {
    let found: T | undefined;
    await this.#call<A>(ctx, api, params, (answer) => {
      found = pick(answer);
      if (found === undefined) throw notFound(missing.type, missing.id, this.region);
    });
    return found as T;
  }

  #call<T extends ApiAnswer>(
    ctx: CallContext,
    api: TencentApi,
    params: Params,
    check?: (answer: T) => void,
    region?: string,
  ): Promise<T> {
    const [service] = tencentApiTable[api];
    const sent: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(params)) if (value !== undefined) sent[key] = value;
    return ctx.call(
      api,
      async (signal) => {
        try {
          const answer = await this.clients.request<T>(service, actionOf(api), sent, signal, region);
          check?.(answer);
          return answer;
        } catch (error) {
          throw toBaristaError(error, api, signal);
        }
      },
      { requestIdOf: (answer) => answer.RequestId },
    );
  }

  /** A create with a ClientToken: one per call, the same in each of its retries. */
  create<T extends ApiAnswer>(ctx: CallContext, api: TencentApi, params: Params, token?: string): Promise<T> {
    return this.call<T>(ctx, api, { ...params, ClientToken: token ?? randomUUID() });
  }

  /**
   * Follows Offset/Limit paging to the end: until the items seen reach TotalCount or a page comes
   * back short or empty. `asText`: the VPC service takes Offset and Limit as strings.
   */
  pages<A extends ApiAnswer & { TotalCount?: number }, T>(
    ctx: CallContext,
    api: TencentApi,
    params: Params,
    items: (answer: A) => readonly T[] | undefined,
    options: { pageSize?: number; asText?: boolean } = {},
  ): AsyncGenerator<T, void, undefined> {
    const limit = options.pageSize ?? this.settings.pageSize;
    const num = (n: number) => (options.asText ? String(n) : n);
    return paginate(
      async (token) => {
        const offset = Number(token ?? "0");
        const answer = await this.call<A>(ctx, api, { ...params, Offset: num(offset), Limit: num(limit) });
        const got = [...(items(answer) ?? [])];
        const seen = offset + got.length;
        const total = answer.TotalCount === undefined ? undefined : Number(answer.TotalCount);
        const more = got.length > 0 && (total === undefined ? got.length >= limit : seen < total);
        return { items: got, nextToken: more ? String(seen) : undefined };
      },
      { provider },
    );
  }
}
