import { BaristaError, abortedError } from "@cloud-barista/core";
import type { CloudConnection, CloudDriver, ConnectionInfo } from "@cloud-barista/core";
import type { ServiceType } from "./auth/catalog.js";
import { versioned } from "./auth/catalog.js";
import { Authenticator } from "./auth/keystone.js";
import { openStackCapabilities } from "./capabilities.js";
import { authMethodOf, openStackCredentialKeys } from "./credentials.js";
import { invalid, provider } from "./errors.js";
import {
  checkPriceTable,
  createImageHandler,
  createPriceHandler,
  createRegionZoneHandler,
  createSpecHandler,
} from "./handlers/catalog.js";
import type { FlavorPrice } from "./handlers/catalog.js";
import { createDiskHandler } from "./handlers/disk.js";
import { createKeyPairHandler } from "./handlers/key-pair.js";
import { createMyImageHandler } from "./handlers/my-image.js";
import { createNlbHandler } from "./handlers/nlb.js";
import { createQuotaHandler } from "./handlers/quota.js";
import { createSecurityGroupHandler } from "./handlers/security-group.js";
import { createTagHandler } from "./handlers/tag.js";
import { createVmHandler } from "./handlers/vm.js";
import { createVpcHandler } from "./handlers/vpc.js";
import { OpenStackClient } from "./http/client.js";
import { createHttp } from "./http/transport.js";
import { OpenStackSession } from "./session.js";

export interface OpenStackDriverOptions {
  /**
   * Hourly prices per flavor name, since OpenStack has no price API. With a table the driver has a
   * price handler that lists the region's flavors found in it; without one it has none.
   */
  prices?: Readonly<Record<string, FlavorPrice>>;
  /** Catalog interface: "public" (default), "internal" or "admin". */
  interface?: "public" | "internal" | "admin";
  /** Items asked for per list call (`limit`); the service may return fewer. Default 100. */
  pageSize?: number;
  /** Name or id of the external network for routers and floating IPs; default: the first one. */
  externalNetwork?: string;
  /** Give VMs and PUBLIC load balancers floating IPs (default true; needs an external network). */
  floatingIps?: boolean;
  /** Nova microversion sent with compute calls; default "2.79". */
  computeMicroversion?: string;
  /** Per-request HTTP timeout; default 60 s. */
  requestTimeoutMs?: number;
  /** Renew a token this long before it expires; default 5 minutes. */
  tokenRefreshMarginMs?: number;
  /** How long to wait for a load balancer to become ACTIVE; default 10 minutes. */
  loadBalancerTimeoutMs?: number;
}

/** The driver's version, reported to the runtime. */
export const openStackDriverVersion = "0.1.0";

/** Service names `ConnectionInfo.endpoint` may override, as the catalog types them. */
const overridable: readonly ServiceType[] = ["identity", "compute", "image", "network", "volumev3", "load-balancer"];

/**
 * A driver for OpenStack clouds over plain HTTP (axios): Keystone v3, Nova, Glance, Neutron,
 * Cinder and Octavia. Credential keys: see `openStackCredentialKeys`. `ConnectionInfo.endpoint`,
 * as a string, replaces the credential's auth URL; as a record, it may name `identity` and any of
 * `compute`, `image`, `network`, `volumev3`, `load-balancer` to replace catalog endpoints.
 */
export function createOpenStackDriver(options: OpenStackDriverOptions = {}): CloudDriver {
  if (options.prices) checkPriceTable(options.prices);
  const pageSize = options.pageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
    throw invalid("pageSize", "range", "must be 1..1000");
  const prices = options.prices;
  return {
    provider,
    version: openStackDriverVersion,
    capabilities: openStackCapabilities(prices !== undefined),
    credentialKeys: openStackCredentialKeys,
    // No call is made here: the token is issued by the first operation, so it is recorded in call
    // history like every other native call.
    connect: (info, connectOptions) =>
      new Promise<CloudConnection>((resolve) => {
        const signal = connectOptions?.abortSignal;
        if (signal?.aborted) throw abortedError(signal);
        resolve(openConnection(info, options, pageSize, prices));
      }),
  };
}

function endpointsOf(info: ConnectionInfo): { authUrl: string; overrides: Partial<Record<ServiceType, string>> } {
  const overrides: Partial<Record<ServiceType, string>> = {};
  let authUrl = info.credential["authUrl"];
  if (typeof info.endpoint === "string") authUrl = info.endpoint;
  else if (info.endpoint) {
    for (const [name, url] of Object.entries(info.endpoint)) {
      if (!overridable.includes(name as ServiceType))
        throw invalid(`endpoint.${name}`, "service-name", `is not one of ${overridable.join(", ")}`);
      overrides[name as ServiceType] = url;
    }
    authUrl = overrides.identity ?? authUrl;
  }
  if (typeof authUrl !== "string" || !/^https?:\/\//.test(authUrl))
    throw invalid("credential.authUrl", "url", "must be the http(s) URL of Keystone v3");
  return { authUrl: versioned("identity", authUrl, ""), overrides };
}

function openConnection(
  info: ConnectionInfo,
  options: OpenStackDriverOptions,
  pageSize: number,
  prices: OpenStackDriverOptions["prices"],
): CloudConnection {
  if (!info.region)
    throw new BaristaError("InvalidArgument", "region: is required", { provider, field: "region", rule: "required" });
  const method = authMethodOf(info.credential);
  const { authUrl, overrides } = endpointsOf(info);
  const http = createHttp(options.requestTimeoutMs ?? 60_000);
  const auth = new Authenticator({
    http,
    identityUrl: authUrl,
    method,
    clock: info.clock,
    refreshMarginMs: options.tokenRefreshMarginMs ?? 5 * 60_000,
  });
  const client = new OpenStackClient({
    http,
    auth,
    clock: info.clock,
    region: info.region,
    interface: options.interface ?? "public",
    overrides: { ...overrides, identity: authUrl },
    computeMicroversion: options.computeMicroversion ?? "2.79",
  });
  const session = new OpenStackSession(client, {
    region: info.region,
    zone: info.zone,
    pageSize,
    externalNetwork: options.externalNetwork,
    floatingIps: options.floatingIps ?? true,
    loadBalancerTimeoutMs: options.loadBalancerTimeoutMs ?? 10 * 60_000,
  });
  return {
    regionZone: createRegionZoneHandler(session),
    image: createImageHandler(session),
    spec: createSpecHandler(session),
    ...(prices ? { price: createPriceHandler(session, prices) } : {}),
    vpc: createVpcHandler(session),
    securityGroup: createSecurityGroupHandler(session),
    keyPair: createKeyPairHandler(session),
    vm: createVmHandler(session),
    disk: createDiskHandler(session),
    myImage: createMyImageHandler(session),
    nlb: createNlbHandler(session),
    tag: createTagHandler(session),
    quota: createQuotaHandler(session),
    // Tokens expire by themselves; there is no session to end.
    close: () => Promise.resolve(),
  };
}
