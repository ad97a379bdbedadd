import { defineDriver } from "@cloud-barista/core/driver";
import type { CloudDriver, ConnectionInfo, SharedDriverOptions } from "@cloud-barista/core/driver";
import { tencentApis, tencentServices } from "./apis.js";
import type { TencentService } from "./apis.js";
import { TencentClients } from "./clients.js";
import { credentialFrom, tencentCredentialKeys } from "./credentials.js";
import { invalid } from "./errors.js";
import { createClusterHandler } from "./handlers/cluster.js";
import { createDiskHandler } from "./handlers/disk.js";
import { createImageHandler } from "./handlers/image.js";
import { createKeyPairHandler } from "./handlers/key-pair.js";
import { createMyImageHandler } from "./handlers/my-image.js";
import { createNlbHandler } from "./handlers/nlb.js";
import { createPriceHandler } from "./handlers/price.js";
import { createQuotaHandler } from "./handlers/quota.js";
import { createRegionZoneHandler } from "./handlers/region-zone.js";
import { createSecurityGroupHandler } from "./handlers/security-group.js";
import { createSpecHandler } from "./handlers/spec.js";
import { createTagHandler, reservedTagKeys, taggedTypes } from "./handlers/tag.js";
import { createVmHandler } from "./handlers/vm.js";
import { createVpcHandler } from "./handlers/vpc.js";
import { tencentRateLimits } from "./rate-limits.js";
import { TencentSession } from "./session.js";

export interface TencentDriverOptions extends SharedDriverOptions {
  /**
   * An origin (`http://127.0.0.1:8080`) every request is carried to, whatever service it is for,
   * keeping the service's real host name in the Host header and the signature (the emulator's
   * Tencent front, a private gateway). A connection's `endpoint` does the same per connection.
   */
  routeTo?: string;
  /**
   * The domain services are named under: `tencentcloudapi.com` (default), `intl.tencentcloudapi.com`
   * (the international site), `internal.tencentcloudapi.com` (from inside Tencent Cloud).
   */
  endpointDomain?: string;
  /** The project new resources go to (CreateKeyPair, Placement, security groups, CLB). Default 0. */
  projectId?: number;
  /**
   * The login user the driver makes on Linux VMs with cloud-init, with the key pair's public key
   * (and the request's password, if any). Default "cb-user"; "root" makes none.
   */
  vmUser?: string;
  /**
   * InternetMaxBandwidthOut of new VMs in Mbit/s (pay by traffic), which gives each a public IP.
   * Default 5; 0 for VMs without a public IP.
   */
  publicBandwidthMbps?: number;
  /** The currency of prices. Default: USD on the international site, else CNY. */
  currency?: string;
}

/** The driver's version, reported to the runtime. */
export const tencentDriverVersion = "0.1.0";

function checkOrigin(field: string, value: string): string {
  if (!URL.canParse(value)) throw invalid(field, "url", "is not a URL");
  const url = new URL(value);
  if ((url.protocol !== "http:" && url.protocol !== "https:") || (url.pathname !== "/" && url.pathname !== "")) {
    throw invalid(field, "origin", "must be an http or https origin (scheme, host and port only)");
  }
  return url.origin;
}

/**
 * A driver for Tencent Cloud on tencentcloud-sdk-nodejs (API 3.0, TC3-HMAC-SHA256): CVM
 * (2017-03-12), VPC (2017-03-12), CBS (2017-03-12), CLB (2018-03-17), the region service
 * (2022-06-27), the tag service (2018-08-13), TKE (2018-05-25) and Auto Scaling (2018-04-19). Credential keys `secretId`, `secretKey`, and
 * `token` for temporary keys; `uin` (the account's UIN) for tag changes. Each service is reached
 * at `https://<service>.<endpointDomain>`, or routed to an origin (option `routeTo`, or the
 * connection's `endpoint`: one URL for all, or `{ cvm, vpc, cbs, clb, region, tag, tke, as }`) keeping that
 * host name.
 */
export function createTencentDriver(options: TencentDriverOptions = {}): CloudDriver {
  const bandwidth = options.publicBandwidthMbps ?? 5;
  if (!Number.isInteger(bandwidth) || bandwidth < 0 || bandwidth > 1000) {
    throw invalid("publicBandwidthMbps", "range", "must be an integer from 0 to 1000");
  }
  const projectId = options.projectId ?? 0;
  if (!Number.isInteger(projectId) || projectId < 0) throw invalid("projectId", "range", "must be an integer from 0");
  const endpointDomain = options.endpointDomain ?? "tencentcloudapi.com";
  if (!/^([a-z0-9-]+\.)+[a-z]{2,}$/.test(endpointDomain)) {
    throw invalid("endpointDomain", "domain", `"${endpointDomain}" is not a domain name`);
  }
  const routeTo = options.routeTo === undefined ? undefined : checkOrigin("routeTo", options.routeTo);
  const currency = options.currency ?? (endpointDomain.startsWith("intl.") ? "USD" : "CNY");
  return defineDriver<TencentSession, TencentService>({
    provider: "TENCENT",
    version: tencentDriverVersion,
    credentialKeys: tencentCredentialKeys,
    apis: tencentApis,
    rateLimits: tencentRateLimits,
    options,
    // Describe calls page by at most 100.
    pageSizeRange: { min: 1, max: 100 },
    endpoints: { services: tencentServices },
    capabilities: {
      unsupportedOperations: [],
      quirks: { vpcCidr: true, zoneBasedControl: true },
      tagResourceTypes: Object.keys(taggedTypes) as (keyof typeof taggedTypes)[],
      // Keys the driver keeps for itself; "qcloud", "tencent" and "project" begin the keys Tencent reserves.
      tagRules: {
        reservedKeys: reservedTagKeys,
        reservedPrefixes: ["qcloud", "tencent", "project"],
        keyPattern: {
          source: "^[\\p{L}\\p{N} +\\-=._:/@]{1,127}$",
          rule: "1-127 letters, digits, spaces and + - = . _ : / @",
        },
      },
      // Names: up to 60 characters (VPCs, subnets, security groups, disks, images, CLBs); instance
      // names up to 128. Key pairs take 25 of [A-Za-z0-9_]: the driver maps longer or other names.
      naming: { maxLength: { vm: 128 }, defaultMaxLength: 60, separator: "_", lowerCase: false },
    },
    open: ({ info, endpoints, settings }) => {
      const credential = credentialFrom(info.credential);
      const region = checkRegion(info);
      const routes: Partial<Record<TencentService, string>> = {};
      for (const service of tencentServices) {
        const given = endpoints[service];
        const route = given === undefined ? routeTo : checkOrigin(`endpoint.${service}`, given);
        if (route !== undefined) routes[service] = route;
      }
      return new TencentSession(
        new TencentClients(credential, region, { endpointDomain, routes }, settings),
        {
          region,
          zone: info.zone,
          pageSize: settings.pageSize,
          vmUser: options.vmUser ?? "cb-user",
          publicBandwidthMbps: bandwidth,
          projectId,
          currency,
        },
        settings,
        info.clock,
      );
    },
    close: (session) => session.clients.close(),
    vendorClient: (session) => session.clients.all(),
    handlers: {
      regionZone: createRegionZoneHandler,
      image: createImageHandler,
      spec: createSpecHandler,
      price: createPriceHandler,
      quota: createQuotaHandler,
      vpc: createVpcHandler,
      securityGroup: createSecurityGroupHandler,
      keyPair: createKeyPairHandler,
      vm: createVmHandler,
      disk: createDiskHandler,
      myImage: createMyImageHandler,
      nlb: createNlbHandler,
      cluster: createClusterHandler,
      tag: (session) => createTagHandler(session, session.uin),
      orphan: false,
    },
  });
}

/** Tencent region ids are lower-case words with dashes ("ap-guangzhou"); zones add a number ("ap-guangzhou-3"). */
function checkRegion(info: ConnectionInfo): string {
  if (!/^[a-z]+(-[a-z0-9]+)+$/.test(info.region)) {
    throw invalid("region", "tencent-region", `"${info.region}" is not a Tencent region id (e.g. "ap-guangzhou")`);
  }
  if (info.zone !== undefined && !info.zone.startsWith(`${info.region}-`)) {
    throw invalid("zone", "tencent-zone", `"${info.zone}" is not a zone of ${info.region} (e.g. "${info.region}-3")`);
  }
  return info.region;
}
