import type { AxiosInstance } from "axios";
import { Memo, detachedContext, paginate } from "@cloud-barista/core/driver";
import type { CallContext, Clock, TokenCache } from "@cloud-barista/core/driver";
import { ibmRoutes } from "./apis.js";
import type { IbmApi, IbmService, Route } from "./apis.js";
import type { IamToken } from "./auth/iam.js";
import { httpError, provider } from "./errors.js";
import { send } from "./http/transport.js";
import type { IbmVendorClient } from "./vendor-client.js";

/**
 * How long facts another tool may change under the same id are trusted: a key's public key, an
 * image's operating system.
 */
export const factsTtlMs = 10 * 60_000;

/** Per-connection settings every handler reads. */
export interface IbmSettings {
  region: string;
  zone: string | undefined;
  /** `limit` of list calls (IBM takes 1 to 100). */
  pageSize: number;
  /** The VPC API version date sent as `version`. */
  apiVersion: string;
  /** The resource group new resources go to; IBM's default group when absent. */
  resourceGroupId: string | undefined;
  /** The login user of Linux VMs ("root" on IBM's stock images; another is made by cloud-init). */
  vmUser: string;
  /** Give new VMs a floating IP (their public address), released when they terminate. */
  floatingIps: boolean;
  /** Attach a public gateway (one per VPC and zone) to new subnets, for outbound internet without a floating IP. */
  publicGateways: boolean;
}

/** Service roots, each without its version path ("https://us-south.iaas.cloud.ibm.com"). */
export type ServiceRoots = Readonly<Record<IbmService, string>>;

type Method = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
/** Parameters of a call: they fill the "{name}" placeholders of its path, the rest become the query. */
export type Params = Readonly<Record<string, string | number | boolean | undefined>>;

/** A VPC collection answer: the items under the collection's name and the link to the next page. */
interface CollectionPage {
  next?: { href?: string };
  [collection: string]: unknown;
}

export function pathOf(route: string, params: Params): { path: string; query: URLSearchParams } {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && !route.includes(`{${key}}`)) query.set(key, String(value));
  }
  const path = route.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`driver bug: no "${name}" for ${route}`);
    return encodeURIComponent(String(params[name]));
  });
  return { path, query };
}

/** The `start` token of a collection's next page, from IBM's `next.href`. */
export function nextStart(page: CollectionPage): string | undefined {
  const href = page.next?.href;
  if (typeof href !== "string" || href === "") return undefined;
  return new URL(href, "http://relative.invalid").searchParams.get("start") ?? undefined;
}

/**
 * One connection to IBM Cloud: each call goes to its service's root, carries the IAM bearer token
 * (renewed before expiry and once on a 401), and on the VPC API `version` and `generation=2`; it
 * is one `ctx.call`, its failure mapped by `httpError`.
 */
export class IbmSession {
  readonly settings: IbmSettings;
  readonly roots: ServiceRoots;
  readonly http: AxiosInstance;
  readonly tokens: TokenCache<IamToken>;
  readonly clock: Clock;
  /** CRNs by resource id (a resource's CRN never changes): the tagging API names resources by them. */
  readonly crns = new Memo<string>({ maxEntries: 5000 });
  /** Zones of subnets by id (a subnet never moves). */
  readonly subnetZones = new Memo<string>({ maxEntries: 5000 });
  /** Whether an image is Windows, by id. */
  readonly imageWindows: Memo<boolean>;
  /** The keys an instance was made with, by instance id (IBM never changes them). */
  readonly instanceKeys = new Memo<{ id: string; name: string }[]>({ maxEntries: 5000 });
  /** The login user the driver made on an instance, by instance id. */
  readonly instanceUsers = new Memo<string>({ maxEntries: 5000 });
  /** The instance each image was made from, by image id, for images this connection made. */
  readonly imageSources = new Memo<{ id: string; name: string }>({ maxEntries: 5000 });
  /** Public keys by key id, for cloud-init when the login user is not root. */
  readonly publicKeys: Memo<string>;

  constructor(
    http: AxiosInstance,
    tokens: TokenCache<IamToken>,
    roots: ServiceRoots,
    settings: IbmSettings,
    clock: Clock,
  ) {
    this.http = http;
    this.tokens = tokens;
    this.roots = roots;
    this.settings = settings;
    this.clock = clock;
    this.imageWindows = new Memo<boolean>({ clock, ttlMs: factsTtlMs, maxEntries: 500 });
    this.publicKeys = new Memo<string>({ clock, ttlMs: factsTtlMs, maxEntries: 500 });
  }

  get region(): string {
    return this.settings.region;
  }

  /** `resource_group` of a create, when the connection names one. */
  resourceGroup(): { resource_group?: { id: string } } {
    const id = this.settings.resourceGroupId;
    return id === undefined ? {} : { resource_group: { id } };
  }

  /** Calls one API (see `ibmRoutes`): `params` fill the path's placeholders and the rest become the query. */
  async call<T = Record<string, unknown>>(
    ctx: CallContext,
    api: IbmApi,
    params: Params = {},
    body?: unknown,
  ): Promise<T> {
    const [, service, request] = ibmRoutes[api] as Route;
    const [method, route = ""] = request.split(" ") as [Method, string];
    const { path, query } = pathOf(route, params);
    if (service === "vpc") {
      query.set("version", this.settings.apiVersion);
      query.set("generation", "2");
    }
    const url = `${this.roots[service]}${path}${query.size > 0 ? `?${query.toString()}` : ""}`;
    return this.tokens.use(ctx, async (token) => {
      const answer = await ctx.call(
        api,
        async (signal) => {
          const headers: Record<string, string> = { authorization: `Bearer ${token.accessToken}` };
          // The Kubernetes Service is global; the region of a call travels in X-Region.
          if (service === "containers") headers["x-region"] = this.settings.region;
          const response = await send(this.http, { method, url, headers, body, signal }, api);
          if (response.status < 400) return response;
          throw httpError({ ...response, body: response.data, service, nowMs: this.clock.now() }, api);
        },
        { requestIdOf: (r) => r.headers["x-request-id"] ?? r.headers["x-correlation-id"] },
      );
      return answer.data as T;
    });
  }

  /**
   * A VPC collection followed page by page (`limit`, then `start` from each answer's `next.href`)
   * to its end, each item mapped (undefined drops it).
   */
  list<T, R = T>(
    ctx: CallContext,
    api: IbmApi,
    collection: string,
    params: Params = {},
    map: (item: T) => R | undefined = (item) => item as unknown as R,
  ): AsyncGenerator<R, void, undefined> {
    return paginate(
      async (start) => {
        const page =
          (await this.call<CollectionPage>(ctx, api, { ...params, limit: this.settings.pageSize, start })) ?? {};
        const items = Array.isArray(page[collection]) ? (page[collection] as T[]) : [];
        return {
          items: items.map(map).filter((r): r is R => r !== undefined),
          nextToken: items.length === 0 ? undefined : nextStart(page),
        };
      },
      { provider },
    );
  }

  /** Everything a collection holds, as an array. */
  async all<T>(ctx: CallContext, api: IbmApi, collection: string, params: Params = {}): Promise<T[]> {
    const out: T[] = [];
    for await (const item of this.list<T>(ctx, api, collection, params)) out.push(item);
    return out;
  }

  /** The account the API key acts in (from the IAM token). */
  async accountId(ctx: CallContext): Promise<string | undefined> {
    return (await this.tokens.get(ctx)).accountId;
  }

  /** What `ibmVendorClient` hands out: the connection's HTTP client, token and service roots. */
  vendor(): IbmVendorClient {
    const ctx = detachedContext(this.clock);
    return {
      http: this.http,
      token: async () => (await this.tokens.get(ctx)).accessToken,
      roots: this.roots,
      vpcQuery: { version: this.settings.apiVersion, generation: "2" },
    };
  }
}
