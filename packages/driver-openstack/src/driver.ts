import { defineDriver } from "@cloud-barista/core/driver";
import type { CloudDriver, SharedDriverOptions } from "@cloud-barista/core/driver";
import { openStackApis } from "./apis.js";
import { versioned } from "./auth/catalog.js";
import type { ServiceType } from "./auth/catalog.js";
import { keystoneTokens } from "./auth/keystone.js";
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
import { createClusterHandler } from "./handlers/cluster.js";
import { createDiskHandler } from "./handlers/disk.js";
import { createKeyPairHandler } from "./handlers/key-pair.js";
import { createMyImageHandler } from "./handlers/my-image.js";
import { createNlbHandler } from "./handlers/nlb.js";
import { createOrphanHandler } from "./handlers/orphan.js";
import { createQuotaHandler } from "./handlers/quota.js";
import { createSecurityGroupHandler } from "./handlers/security-group.js";
import { createTagHandler, taggableTypes } from "./handlers/tag.js";
import { createVmHandler } from "./handlers/vm.js";
import { createVpcHandler } from "./handlers/vpc.js";
import { createHttp } from "./http/transport.js";
import { OpenStackSession } from "./session.js";

export interface OpenStackDriverOptions extends SharedDriverOptions {
  /**
   * Hourly prices per flavor name, since OpenStack has no price API. With a table the driver has a
   * price handler that lists the region's flavors found in it; without one it has none.
   */
  prices?: Readonly<Record<string, FlavorPrice>>;
  /** Catalog interface: "public" (default), "internal" or "admin". */
  interface?: "public" | "internal" | "admin";
  /** Name or id of the external network for routers and floating IPs; default: the first one. */
  externalNetwork?: string;
  /** Give VMs and PUBLIC load balancers floating IPs (default true; needs an external network). */
  floatingIps?: boolean;
  /** Nova microversion sent with compute calls; default "2.79". */
  computeMicroversion?: string;
  /** Renew a token this long before it expires; default 5 minutes. */
  tokenRefreshMarginMs?: number;
}

/** The driver's version, reported to the runtime. */
export const openStackDriverVersion = "0.1.0";

/** Service names a connection's endpoint may override, as the catalog types them. */
const services: readonly ServiceType[] = [
  "identity",
  "compute",
  "image",
  "network",
  "volumev3",
  "load-balancer",
  "container-infra",
];

/**
 * A driver for OpenStack clouds over plain HTTP (axios): Keystone v3, Nova, Glance, Neutron,
 * Cinder, Octavia and Magnum. Credential keys: see `openStackCredentialKeys`. A connection's `endpoint`,
 * as a string, replaces the credential's auth URL; as a record, it may name `identity` and any of
 * `compute`, `image`, `network`, `volumev3`, `load-balancer`, `container-infra` to replace catalog endpoints. The
 * per-request timeout defaults to 60 s. No call is made on connect: the token is issued by the
 * first operation, so it is recorded in call history like every other native call.
 */
export function createOpenStackDriver(options: OpenStackDriverOptions = {}): CloudDriver {
  const { prices } = options;
  if (prices) checkPriceTable(prices);
  return defineDriver<OpenStackSession, ServiceType>({
    provider,
    version: openStackDriverVersion,
    credentialKeys: openStackCredentialKeys,
    // No declared buckets: OpenStack has no cloud-wide default (Nova and Neutron limit no request
    // rate out of the box; a deployment's API gateway may): the pacer learns what a cloud enforces.
    apis: openStackApis,
    options: { ...options, requestTimeoutMs: options.requestTimeoutMs ?? 60_000 },
    endpoints: { services, single: "identity" },
    capabilities: {
      // Magnum fixes a node group's autoscaler labels when it makes the group.
      unsupportedOperations: ["cluster.autoScaling"],
      quirks: { vpcCidr: false, zoneBasedControl: false },
      tagResourceTypes: taggableTypes,
      // Nova derives a host name from the server name, and host names stop at 63 characters.
      naming: { maxLength: {}, defaultMaxLength: 63, separator: "-", lowerCase: false },
    },
    open: ({ info, endpoints, settings }) => {
      if (!info.region) throw invalid("region", "required", "is required");
      const authUrl = endpoints.identity ?? info.credential["authUrl"];
      if (authUrl === undefined || !/^https?:\/\//.test(authUrl)) {
        // The connection's endpoint, where given, is what replaced the credential's auth URL.
        const field = endpoints.identity === undefined ? "credential.authUrl" : "endpoint";
        throw invalid(field, "url", "must be the http(s) URL of Keystone v3");
      }
      const identityUrl = versioned("identity", authUrl, "");
      const http = createHttp(settings);
      const auth = keystoneTokens({
        http,
        identityUrl,
        method: authMethodOf(info.credential),
        clock: info.clock,
        refreshMarginMs: options.tokenRefreshMarginMs ?? 5 * 60_000,
      });
      return new OpenStackSession(http, auth, info.clock, {
        region: info.region,
        zone: info.zone,
        pageSize: settings.pageSize,
        interface: options.interface ?? "public",
        overrides: { ...endpoints, identity: identityUrl },
        computeMicroversion: options.computeMicroversion ?? "2.79",
        externalNetwork: options.externalNetwork,
        floatingIps: options.floatingIps ?? true,
      });
    },
    vendorClient: (session) => session.vendor(),
    // Block Storage, Octavia and Magnum are optional services: a region may list none of them.
    unavailable: async (session, ctx) => [
      ...((await session.hasEndpoint(ctx, "volumev3")) ? [] : (["disk"] as const)),
      ...((await session.hasEndpoint(ctx, "load-balancer")) ? [] : (["nlb"] as const)),
      ...((await session.hasEndpoint(ctx, "container-infra")) ? [] : (["cluster"] as const)),
    ],
    handlers: {
      regionZone: createRegionZoneHandler,
      image: createImageHandler,
      spec: createSpecHandler,
      // OpenStack has no price API: prices come only from the user's table.
      price: prices ? (session) => createPriceHandler(session, prices) : false,
      quota: createQuotaHandler,
      vpc: createVpcHandler,
      securityGroup: createSecurityGroupHandler,
      keyPair: createKeyPairHandler,
      vm: createVmHandler,
      disk: createDiskHandler,
      myImage: createMyImageHandler,
      nlb: createNlbHandler,
      cluster: createClusterHandler,
      tag: createTagHandler,
      orphan: createOrphanHandler,
    },
  });
}
