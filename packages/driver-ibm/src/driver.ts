import { defineDriver } from "@cloud-barista/core/driver";
import type { CloudDriver, ConnectionInfo, SharedDriverOptions } from "@cloud-barista/core/driver";
import { defaultApiVersion, ibmApis, ibmServices } from "./apis.js";
import type { IbmService } from "./apis.js";
import { iamTokens } from "./auth/iam.js";
import { credentialFrom, ibmCredentialKeys } from "./credentials.js";
import { serviceRoots } from "./endpoints.js";
import { invalid } from "./errors.js";
import { createClusterHandler } from "./handlers/cluster.js";
import { createDiskHandler } from "./handlers/disk.js";
import { createImageHandler } from "./handlers/image.js";
import { createKeyPairHandler } from "./handlers/key-pair.js";
import { createMyImageHandler } from "./handlers/my-image.js";
import { createNlbHandler } from "./handlers/nlb.js";
import { createPriceHandler } from "./handlers/price.js";
import { createRegionZoneHandler } from "./handlers/region-zone.js";
import { createSecurityGroupHandler } from "./handlers/security-group.js";
import { createSpecHandler } from "./handlers/spec.js";
import { createTagHandler, taggedTypes } from "./handlers/tag.js";
import { createVmHandler } from "./handlers/vm.js";
import { createVpcHandler } from "./handlers/vpc.js";
import { createHttp } from "./http/transport.js";
import { IbmSession } from "./session.js";
import { ibmTagRules } from "./tags.js";
import type { IbmVendorClient } from "./vendor-client.js";

export interface IbmDriverOptions extends SharedDriverOptions {
  /**
   * Service roots used when a connection's `endpoint` does not name them: `iam`
   * ("https://iam.cloud.ibm.com"), `vpc` (a template with "{region}",
   * "https://{region}.iaas.cloud.ibm.com"), `catalog` ("https://globalcatalog.cloud.ibm.com") and
   * `tagging` ("https://tags.global-search-tagging.cloud.ibm.com"); private endpoints, for example.
   */
  endpoints?: Partial<Record<IbmService, string>>;
  /** The VPC API version date sent as `version` (default: the one the driver was written against). */
  apiVersion?: string;
  /** The login user of Linux VMs. Default "root", the user IBM's stock images log in with the instance's keys. */
  vmUser?: string;
  /** Give new VMs a floating IP (their public address), released when they terminate. Default true. */
  floatingIps?: boolean;
  /** Attach a public gateway (one per VPC and zone) to new subnets, for outbound internet. Default false. */
  publicGateways?: boolean;
  /** Renew the IAM token this long before it expires. Default 10 minutes (IBM's tokens live an hour). */
  tokenRefreshMarginMs?: number;
}

/** The driver's version, reported to the runtime. */
export const ibmDriverVersion = "0.1.0";

/**
 * A driver for IBM Cloud VPC (API v1, generation 2) over axios, with an IBM Cloud API key
 * exchanged at IAM for bearer tokens, the Global Catalog for prices and Global Tagging for tags.
 * Credential key `apiKey` (and optionally `resourceGroupId`). A connection's `endpoint` overrides
 * the services: one URL for all, or `{ iam, vpc, catalog, tagging }` (`vpc` may hold "{region}").
 */
export function createIbmDriver(options: IbmDriverOptions = {}): CloudDriver {
  const apiVersion = options.apiVersion ?? defaultApiVersion;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(apiVersion) || Number.isNaN(Date.parse(apiVersion))) {
    throw invalid("apiVersion", "date", "must be a date YYYY-MM-DD");
  }
  const margin = options.tokenRefreshMarginMs ?? 10 * 60_000;
  if (!Number.isInteger(margin) || margin < 0)
    throw invalid("tokenRefreshMarginMs", "range", "must be a non-negative integer");
  const vmUser = options.vmUser ?? "root";
  return defineDriver<IbmSession, IbmService>({
    provider: "IBM",
    version: ibmDriverVersion,
    credentialKeys: ibmCredentialKeys,
    // No declared buckets: IBM Cloud documents no default request rate for the VPC API (it answers
    // 429 when throttled): the pacer learns it.
    apis: ibmApis,
    options,
    // VPC collections take `limit` from 1 to 100.
    pageSizeRange: { min: 1, max: 100 },
    endpoints: { services: ibmServices },
    capabilities: {
      // IKS leaves auto-scaling to its cluster-autoscaler add-on.
      unsupportedOperations: ["cluster.autoScaling"],
      // IBM grows a volume only while it is attached to a running instance.
      quirks: { vpcCidr: false, zoneBasedControl: true, diskResizeWhen: "attached" },
      tagResourceTypes: Object.keys(taggedTypes) as (keyof typeof taggedTypes)[],
      tagRules: ibmTagRules,
      // Names: lower-case letters, digits and "-", starting with a letter, at most 63 characters.
      naming: { maxLength: {}, defaultMaxLength: 63, separator: "-", lowerCase: true },
    },
    open: ({ info, endpoints, settings }) => {
      const credential = credentialFrom(info.credential);
      const region = checkRegion(info);
      const roots = serviceRoots(region, endpoints, options.endpoints ?? {});
      const http = createHttp(settings);
      const tokens = iamTokens({
        http,
        iamUrl: roots.iam,
        apiKey: credential.apiKey,
        clock: info.clock,
        refreshMarginMs: margin,
      });
      return new IbmSession(
        http,
        tokens,
        roots,
        {
          region,
          zone: info.zone,
          pageSize: settings.pageSize,
          apiVersion,
          resourceGroupId: credential.resourceGroupId,
          vmUser,
          floatingIps: options.floatingIps ?? true,
          publicGateways: options.publicGateways ?? false,
        },
        info.clock,
      );
    },
    vendorClient: (session): IbmVendorClient => session.vendor(),
    handlers: {
      regionZone: createRegionZoneHandler,
      image: createImageHandler,
      spec: createSpecHandler,
      price: createPriceHandler,
      // IBM reports no VPC quotas through an API the driver calls.
      quota: false,
      vpc: createVpcHandler,
      securityGroup: createSecurityGroupHandler,
      keyPair: createKeyPairHandler,
      vm: createVmHandler,
      disk: createDiskHandler,
      myImage: createMyImageHandler,
      nlb: createNlbHandler,
      cluster: createClusterHandler,
      tag: createTagHandler,
      orphan: false,
    },
  });
}

/** IBM region names are lower-case words with a dash ("us-south"); zones add a number ("us-south-1"). */
function checkRegion(info: ConnectionInfo): string {
  if (!/^[a-z]{2}-[a-z]+$/.test(info.region)) {
    throw invalid("region", "ibm-region", `"${info.region}" is not an IBM Cloud region (e.g. "us-south")`);
  }
  if (info.zone !== undefined && !new RegExp(`^${info.region}-\\d+$`).test(info.zone)) {
    throw invalid("zone", "ibm-zone", `"${info.zone}" is not a zone of ${info.region} (e.g. "${info.region}-1")`);
  }
  return info.region;
}
