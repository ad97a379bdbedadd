import type { AxiosInstance } from "axios";
import { Memo, collect, detachedContext, isBaristaError, paginate } from "@cloud-barista/core/driver";
import type { CallContext, Clock, TokenCache } from "@cloud-barista/core/driver";
import { openStackRoutes, serviceOf } from "./apis.js";
import type { OpenStackApiName, Route } from "./apis.js";
import { computeVersionUrl, endpointOf, noEndpoint, versioned } from "./auth/catalog.js";
import type { CatalogEntry, ServiceType } from "./auth/catalog.js";
import type { AuthSession } from "./auth/keystone.js";
import { negotiateMicroversion } from "./compute-version.js";
import type { ComputeVersion } from "./compute-version.js";
import { httpError, invalid, provider } from "./errors.js";
import { send } from "./http/transport.js";
import type { GlanceImage, NeutronNetwork, NovaFlavor } from "./handlers/native-types.js";
import type { OpenStackVendorClient } from "./vendor-client.js";

/**
 * How long facts that rarely change are trusted without asking again: an image's type and OS
 * (Glance properties an admin may edit), a network's name and whether it is external, a flavor
 * behind a name, a key pair's public key (a key pair deleted and made again under its name by
 * another tool), the external network.
 */
export const factsTtlMs = 10 * 60_000;

/** Per-connection settings every handler reads. */
export interface SessionSettings {
  region: string;
  zone: string | undefined;
  pageSize: number;
  /** Catalog interface to use: "public" (default), "internal" or "admin". */
  interface: string;
  /** Service roots that replace the catalog's (private clouds, the emulator). */
  overrides: Partial<Record<ServiceType, string>>;
  /** Nova microversion wanted for compute calls; lowered to what the cloud speaks. */
  computeMicroversion: string;
  /** Name or id of the external network for routers and floating IPs; discovered when absent. */
  externalNetwork: string | undefined;
  /** Give VMs (and PUBLIC load balancers) floating IPs. */
  floatingIps: boolean;
}

type Body = Record<string, unknown>;
type Method = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
/** Parameters of a call: they fill the "{name}" placeholders of its path, the rest become the query. */
type Params = Readonly<Record<string, string | number | boolean | undefined>>;

function pathOf(route: string, params: Params): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && !route.includes(`{${key}}`)) query.set(key, String(value));
  }
  const path = route.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`driver bug: no "${name}" for ${route}`);
    return encodeURIComponent(String(params[name]));
  });
  return query.size > 0 ? `${path}?${query.toString()}` : path;
}

/** The next-page link of a list answer: `<collection>_links` rel "next", or Glance's `next`. */
function nextLink(body: Body, collection: string): string | undefined {
  const links = body[`${collection}_links`];
  const next = Array.isArray(links)
    ? (links as { rel?: string; href?: string }[]).find((l) => l.rel === "next")
    : undefined;
  return next?.href ?? (typeof body["next"] === "string" ? body["next"] : undefined);
}

/**
 * One connection to OpenStack's services: each call goes to the service its API name says
 * ("nova:ShowServer" to compute), found in the token's catalog (or the overrides), signed with the
 * token, with Nova's microversion, and is one `ctx.call`; a token a service refuses is renewed once.
 */
export class OpenStackSession {
  readonly settings: SessionSettings;
  readonly #http: AxiosInstance;
  readonly #tokens: TokenCache<AuthSession>;
  readonly #clock: Clock;
  /** Asked once per connection (again after a failure): Neutron's extensions, Nova's microversion. */
  #extensions: Promise<ReadonlySet<string>> | undefined;
  #microversion: Promise<string | undefined> | undefined;

  /**
   * What VM reads and starts need besides the server, its ports and the calls that make things,
   * remembered so a read is two calls and a start makes no read of a known image, flavor or key.
   */
  readonly images: Memo<GlanceImage>;
  readonly networks: Memo<NeutronNetwork>;
  readonly flavorsByName: Memo<NovaFlavor | undefined>;
  readonly publicKeys: Memo<string>;
  readonly #externalNetwork: Memo<string | undefined>;
  /** Flavor names by id: Nova never changes a flavor (it is deleted and made again). */
  readonly flavorNames = new Memo<string>();

  constructor(http: AxiosInstance, tokens: TokenCache<AuthSession>, clock: Clock, settings: SessionSettings) {
    this.#http = http;
    this.#tokens = tokens;
    this.#clock = clock;
    this.settings = settings;
    this.images = new Memo<GlanceImage>({ clock, ttlMs: factsTtlMs });
    this.networks = new Memo<NeutronNetwork>({ clock, ttlMs: factsTtlMs });
    this.flavorsByName = new Memo<NovaFlavor | undefined>({ clock, ttlMs: factsTtlMs });
    this.publicKeys = new Memo<string>({ clock, ttlMs: factsTtlMs });
    this.#externalNetwork = new Memo<string | undefined>({ clock, ttlMs: factsTtlMs });
  }

  get clock(): Clock {
    return this.#clock;
  }

  get region(): string {
    return this.settings.region;
  }

  /** The project the token is scoped to. */
  async projectId(ctx: CallContext): Promise<string> {
    return (await this.#tokens.get(ctx)).projectId;
  }

  /** The catalog of the current token. */
  async catalog(ctx: CallContext): Promise<CatalogEntry[]> {
    return (await this.#tokens.get(ctx)).catalog;
  }

  /** Whether the region has the service (in the overrides or the token's catalog). */
  async hasEndpoint(ctx: CallContext, service: ServiceType): Promise<boolean> {
    const { overrides, region } = this.settings;
    return (
      overrides[service] !== undefined ||
      endpointOf(await this.catalog(ctx), service, region, this.settings.interface) !== undefined
    );
  }

  /** Whether Neutron has an API extension ("tag-creation"), from its extension list. */
  async hasNeutronExtension(ctx: CallContext, alias: string): Promise<boolean> {
    this.#extensions ??= this.call<{ alias: string }[]>(ctx, "neutron:ListExtensions").then(
      (list) => new Set(list.map((e) => e.alias)),
      (error: unknown) => {
        this.#extensions = undefined;
        throw error;
      },
    );
    return (await this.#extensions).has(alias);
  }

  /** The microversion compute calls carry: the wanted one, lowered to the cloud's highest; none on legacy v2. */
  #computeMicroversion(ctx: CallContext): Promise<string | undefined> {
    const wanted = this.settings.computeMicroversion;
    this.#microversion ??= this.call<ComputeVersion>(ctx, "nova:ShowVersion").then(
      (version) => negotiateMicroversion(wanted, version ?? {}),
      (error: unknown) => {
        // A proxy that hides the version document leaves the wanted version to try.
        if (isBaristaError(error, "NotFound")) return wanted;
        this.#microversion = undefined;
        throw error;
      },
    );
    return this.#microversion;
  }

  /**
   * Calls one API (see `openStackRoutes`): `params` fill the path's placeholders and the rest become
   * the query; the body is wrapped in the API's envelope and the answer unwrapped from it.
   */
  async call<T = Body>(
    ctx: CallContext,
    api: OpenStackApiName,
    params: Params = {},
    body?: unknown,
    region?: string,
  ): Promise<T> {
    const [, request, envelope] = openStackRoutes[api] as Route;
    const [method, route = ""] = request.split(" ") as [Method, string];
    const wrapped = body === undefined || envelope === undefined ? body : { [envelope]: body };
    const answer = await this.#send<Body | undefined>(ctx, api, method, pathOf(route, params), wrapped, region);
    return (envelope !== undefined && answer?.[envelope] !== undefined ? answer[envelope] : answer) as T;
  }

  /** A list API followed page by page (limit, then the service's next links) to its end, each item mapped. */
  list<T, R = T>(
    ctx: CallContext,
    api: OpenStackApiName,
    params: Params = {},
    map: (item: T) => R | undefined = (item) => item as unknown as R,
  ): AsyncIterable<R> {
    const [, request, collection = ""] = openStackRoutes[api] as Route;
    const [route = "", search = ""] = pathOf(request.slice(request.indexOf(" ") + 1), params).split("?");
    // The next page reuses only the query of the service's link, so links a proxy rewrote (or
    // Glance's relative ones) still work. An empty page ends the list.
    return paginate(
      async (token) => {
        const query = new URLSearchParams(token ?? search);
        if (token === undefined) query.set("limit", String(this.settings.pageSize));
        const body = (await this.#send<Body>(ctx, api, "GET", `${route}?${query.toString()}`)) ?? {};
        const items = Array.isArray(body[collection]) ? (body[collection] as T[]) : [];
        const next = items.length === 0 ? undefined : nextLink(body, collection);
        return {
          items: items.map(map).filter((r): r is R => r !== undefined),
          nextToken: next === undefined ? undefined : new URL(next, "http://relative.invalid").searchParams.toString(),
        };
      },
      { provider },
    );
  }

  /** Everything a list returns, as an array. */
  listArray<T>(ctx: CallContext, api: OpenStackApiName, params: Params = {}): Promise<T[]> {
    return collect(this.list<T>(ctx, api, params));
  }

  /**
   * The external network floating IPs and router gateways come from: the configured one, else the
   * first network marked `router:external`; undefined when the cloud has none.
   */
  externalNetworkId(ctx: CallContext): Promise<string | undefined> {
    if (!this.settings.floatingIps) return Promise.resolve(undefined);
    return this.#externalNetwork.get("id", () => this.#findExternalNetwork(ctx));
  }

  async #findExternalNetwork(ctx: CallContext): Promise<string | undefined> {
    const external = { "router:external": true };
    const networks = await this.listArray<{ id: string; name: string }>(ctx, "neutron:ListNetworks", external);
    const wanted = this.settings.externalNetwork;
    const found = wanted === undefined ? networks[0] : networks.find((n) => n.id === wanted || n.name === wanted);
    if (wanted !== undefined && !found) {
      throw invalid("externalNetwork", "external-network", `no external network "${wanted}" in ${this.region}`);
    }
    return found?.id;
  }

  /** What `openStackVendorClient` hands out: the connection's HTTP client, token and service roots. */
  vendor(): OpenStackVendorClient {
    const ctx = detachedContext(this.#clock);
    return {
      http: this.#http,
      token: async () => (await this.#tokens.get(ctx)).token,
      endpoint: async (service) => this.#root(await this.#tokens.get(ctx), service, this.settings.region),
    };
  }

  async #send<T>(
    ctx: CallContext,
    api: OpenStackApiName,
    method: Method,
    path: string,
    body?: unknown,
    region?: string,
  ): Promise<T> {
    const service = serviceOf(api);
    const version =
      service === "compute" && api !== "nova:ShowVersion" ? await this.#computeMicroversion(ctx) : undefined;
    return this.#tokens.use(ctx, async (token) => {
      const root = this.#root(token, service, region ?? this.settings.region);
      // Nova's version document sits at its versioned root without the project.
      const url = api === "nova:ShowVersion" ? computeVersionUrl(root) : `${root}${path}`;
      const headers: Record<string, string> = { "x-auth-token": token.token };
      if (version !== undefined) {
        headers["openstack-api-version"] = `compute ${version}`;
        headers["x-openstack-nova-api-version"] = version;
      }
      const needed = (openStackRoutes[api] as Route)[3];
      if (needed !== undefined) headers["openstack-api-version"] = needed;
      const response = await ctx.call(
        api,
        async (signal) => {
          const answer = await send(this.#http, { method, url, headers, body, signal }, api);
          if (answer.status < 400) return answer;
          throw httpError({ ...answer, body: answer.data, service, nowMs: this.#clock.now() }, api);
        },
        { requestIdOf: (r) => r.headers["x-openstack-request-id"] ?? r.headers["x-compute-request-id"] },
      );
      return response.data as T;
    });
  }

  /** The versioned root of a service in a region, from the overrides or the catalog. */
  #root(token: AuthSession, service: ServiceType, region: string): string {
    const url = this.settings.overrides[service] ?? endpointOf(token.catalog, service, region, this.settings.interface);
    if (url === undefined) throw noEndpoint(service, region, this.settings.interface);
    return versioned(service, url, token.projectId);
  }
}
