import type { Agent as HttpAgent } from "node:http";
import { abortedError } from "@cloud-barista/core/driver";
import type { DriverSettings } from "@cloud-barista/core/driver";
import { Client as AsClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/as/v20180419/as_client.js";
import { Client as CbsClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_client.js";
import { Client as ClbClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/clb/v20180317/clb_client.js";
import { Client as CvmClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_client.js";
import { Client as RegionClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/region/v20220627/region_client.js";
import { Client as TagClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813/tag_client.js";
import { Client as TkeClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/tke/v20180525/tke_client.js";
import { Client as VpcClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_client.js";
import type { ClientConfig } from "tencentcloud-sdk-nodejs/tencentcloud/common/interface.js";
import { tencentServices } from "./apis.js";
import type { TencentService } from "./apis.js";
import type { TencentCredential } from "./credentials.js";
import { carrierAgent, protocolOf, routeAgent } from "./route-agent.js";

/** The per-service SDK clients, by service. */
export interface ServiceClients {
  cvm: CvmClient;
  vpc: VpcClient;
  cbs: CbsClient;
  clb: ClbClient;
  region: RegionClient;
  tag: TagClient;
  tke: TkeClient;
  as: AsClient;
}

const constructors: { readonly [S in TencentService]: new (config: ClientConfig) => ServiceClients[S] } = {
  cvm: CvmClient,
  vpc: VpcClient,
  cbs: CbsClient,
  clb: ClbClient,
  region: RegionClient,
  tag: TagClient,
  tke: TkeClient,
  as: AsClient,
};

// Services whose calls name no region unless asked (the region service: DescribeRegions names none,
// DescribeZones the region whose zones it lists).
const regionless: ReadonlySet<TencentService> = new Set<TencentService>(["region"]);

/** How one connection reaches Tencent Cloud. */
export interface Reach {
  /** `tencentcloudapi.com` (default), `intl.tencentcloudapi.com`, `internal.tencentcloudapi.com`. */
  endpointDomain: string;
  /** Per service, an origin every request is carried to (keeping the real host name), if any. */
  routes: Readonly<Partial<Record<TencentService, string>>>;
}

/**
 * The tencentcloud-sdk-nodejs clients of one connection, one per service (CVM, VPC, CBS, CLB,
 * region, tag, TKE, Auto Scaling) and region, made when first used: each signs with TC3-HMAC-SHA256 over its real
 * host name (`<service>.<endpointDomain>`), through the application's agent, after its request
 * hook (headers the hook adds go out, unsigned: TC3 signs content-type and host only). A routed
 * service keeps that host name and is carried to its origin by a route agent. The SDK has no
 * retries of its own.
 */
export class TencentClients {
  readonly #credential: TencentCredential;
  readonly #region: string;
  readonly #reach: Reach;
  readonly #settings: DriverSettings;
  readonly #made = new Map<string, ServiceClients[TencentService]>();
  readonly #agents = new Map<TencentService, HttpAgent>();

  constructor(credential: TencentCredential, region: string, reach: Reach, settings: DriverSettings) {
    this.#credential = credential;
    this.#region = region;
    this.#reach = reach;
    this.#settings = settings;
  }

  /** The account's UIN from the credential, if given (tag changes name it). */
  get uin(): string | undefined {
    return this.#credential.uin;
  }

  /** The host name a service is signed for and (unless routed) reached at. */
  host(service: TencentService): string {
    return `${service}.${this.#reach.endpointDomain}`;
  }

  #protocol(service: TencentService): "http://" | "https://" {
    const route = this.#reach.routes[service];
    return route ? protocolOf(route) : "https://";
  }

  #agent(service: TencentService): HttpAgent | undefined {
    const { httpAgent, httpsAgent } = this.#settings.transport;
    const route = this.#reach.routes[service];
    // Unrouted and without an agent of the application's: node-fetch's own.
    if (!route && !httpsAgent) return undefined;
    let agent = this.#agents.get(service);
    if (!agent) {
      agent = route
        ? routeAgent(route, protocolOf(route) === "https://" ? httpsAgent : httpAgent)
        : carrierAgent({ secure: true, base: httpsAgent });
      this.#agents.set(service, agent);
    }
    return agent;
  }

  /**
   * The SDK client of a service in a region: the connection's unless named; a region-less service's
   * (the region service) names a region only when asked (DescribeZones lists the named region's).
   */
  client<S extends TencentService>(service: S, named?: string): ServiceClients[S] {
    const region = named ?? (regionless.has(service) ? undefined : this.#region);
    const key = `${service}|${region ?? ""}`;
    let client = this.#made.get(key) as ServiceClients[S] | undefined;
    if (!client) {
      const agent = this.#agent(service);
      const Make = constructors[service] as new (config: ClientConfig) => ServiceClients[S];
      const { secretId, secretKey, token } = this.#credential;
      client = new Make({
        credential: { secretId, secretKey, ...(token ? { token } : {}) },
        ...(region === undefined ? {} : { region }),
        profile: {
          httpProfile: {
            endpoint: this.host(service),
            protocol: this.#protocol(service),
            reqMethod: "POST",
            reqTimeout: this.#settings.requestTimeoutMs / 1000,
            ...(agent ? { agent } : {}),
          },
        },
      });
      this.#made.set(key, client);
    }
    return client;
  }

  /** The connection's clients, one per service, for `tencentVendorClients`. */
  all(): ServiceClients {
    return Object.fromEntries(tencentServices.map((s) => [s, this.client(s)])) as unknown as ServiceClients;
  }

  /**
   * One API 3.0 request: the request hook sees it first, then the SDK signs and sends it; an
   * abort of `signal` cancels it.
   */
  async request<T>(
    service: TencentService,
    action: string,
    params: Readonly<Record<string, unknown>>,
    signal: AbortSignal,
    region?: string,
  ): Promise<T> {
    if (signal.aborted) throw abortedError(signal);
    const headers: Record<string, string> = {};
    this.#settings.transport.onRequest?.({
      method: "POST",
      url: `${this.#protocol(service)}${this.host(service)}/`,
      headers,
    });
    const client = this.client(service, region);
    return (await client.request(action, params, { signal, headers })) as T;
  }

  /** Closes the route agents the connection made (the application's own agents stay open). */
  close(): void {
    for (const agent of this.#agents.values()) agent.destroy();
    this.#agents.clear();
  }
}
