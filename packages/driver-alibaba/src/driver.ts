import { defineDriver } from "@cloud-barista/core/driver";
import type { CloudDriver, ConnectionInfo, SharedDriverOptions } from "@cloud-barista/core/driver";
import { alibabaApis, alibabaProducts } from "./apis.js";
import { AlibabaClients } from "./clients.js";
import { alibabaCredentialKeys, credentialFrom } from "./credentials.js";
import { invalid } from "./errors.js";
import { createClusterHandler } from "./handlers/cluster.js";
import { createDiskHandler } from "./handlers/disk.js";
import { createImageHandler } from "./handlers/image.js";
import { createKeyPairHandler } from "./handlers/key-pair.js";
import { createMyImageHandler } from "./handlers/my-image.js";
import { createNlbHandler } from "./handlers/nlb.js";
import { createQuotaHandler } from "./handlers/quota.js";
import { createPriceHandler } from "./handlers/price.js";
import { createRegionZoneHandler } from "./handlers/region-zone.js";
import { createSecurityGroupHandler } from "./handlers/security-group.js";
import { createSpecHandler } from "./handlers/spec.js";
import { createTagHandler, reservedTagKeys, taggedTypes } from "./handlers/tag.js";
import { createVmHandler } from "./handlers/vm.js";
import { createVpcHandler } from "./handlers/vpc.js";
import { AlibabaSession } from "./session.js";

export interface AlibabaDriverOptions extends SharedDriverOptions {
  /**
   * The login user the driver makes on Linux VMs with cloud-init, with the key pair's public key
   * (and the request's password, if any). Default "cb-user"; "root" makes none (Alibaba's images
   * log root in with the key pair).
   */
  vmUser?: string;
  /**
   * InternetMaxBandwidthOut of new VMs in Mbit/s (pay by traffic), which gives each a public IP.
   * Default 5; 0 for VMs without a public IP.
   */
  publicBandwidthMbps?: number;
}

/** The driver's version, reported to the runtime. */
export const alibabaDriverVersion = "0.1.0";

/**
 * A driver for Alibaba Cloud on `@alicloud/pop-core`'s RPC client: ECS (2014-05-26), VPC
 * (2016-04-28) and classic SLB (2014-05-15); and on `@alicloud/cs20151215` for Container Service
 * (ACK, 2015-12-15, a ROA API). Credential keys `accessKeyId`, `accessKeySecret` and,
 * for an STS AccessKey, `securityToken`. Each product is reached at `https://<product>.<region>.aliyuncs.com`
 * unless the connection's `endpoint` overrides it: one URL for all, or `{ ecs, vpc, slb, cs }`.
 */
export function createAlibabaDriver(options: AlibabaDriverOptions = {}): CloudDriver {
  const bandwidth = options.publicBandwidthMbps ?? 5;
  if (!Number.isInteger(bandwidth) || bandwidth < 0 || bandwidth > 100) {
    throw invalid("publicBandwidthMbps", "range", "must be an integer from 0 to 100");
  }
  return defineDriver<AlibabaSession, (typeof alibabaProducts)[number]>({
    provider: "ALIBABA",
    version: alibabaDriverVersion,
    credentialKeys: alibabaCredentialKeys,
    // No declared buckets: ECS limits each API per account and region, but its thresholds are
    // shown only in the Quota Center console (ECS "API throttling",
    // alibabacloud.com/help/doc-detail/437902.htm), not documented: the pacer learns them.
    apis: alibabaApis,
    options,
    // ECS Describe calls page by at most 100 (VPC's by 50: the driver caps those itself).
    pageSizeRange: { min: 1, max: 100 },
    endpoints: { services: alibabaProducts },
    capabilities: {
      unsupportedOperations: [],
      quirks: { vpcCidr: true, zoneBasedControl: true },
      tagResourceTypes: Object.keys(taggedTypes) as (keyof typeof taggedTypes)[],
      // Keys the driver keeps for itself; "aliyun" and "acs:" begin the keys Alibaba reserves.
      tagRules: { reservedKeys: reservedTagKeys, reservedPrefixes: ["aliyun", "acs:"] },
      // Names: 2-128 characters for VPCs, VSwitches, security groups, key pairs, instances, disks
      // and images; SLB names up to 80.
      naming: {
        maxLength: { nlb: 80 },
        defaultMaxLength: 128,
        separator: "-",
        lowerCase: false,
        reservedPrefixes: {
          vpc: ["http://", "https://"],
          subnet: ["http://", "https://"],
          securityGroup: ["http://", "https://"],
          keyPair: ["http://", "https://"],
          vm: ["http://", "https://"],
          disk: ["http://", "https://"],
          myImage: ["http://", "https://", "aliyun", "acs:"],
        },
      },
    },
    open: ({ info, endpoints, settings }) => {
      const credential = credentialFrom(info.credential);
      const region = checkRegion(info);
      return new AlibabaSession(
        new AlibabaClients(credential, region, endpoints, settings),
        {
          region,
          zone: info.zone,
          pageSize: settings.pageSize,
          vmUser: options.vmUser ?? "cb-user",
          publicBandwidthMbps: bandwidth,
        },
        settings,
        info.clock,
      );
    },
    vendorClient: (session) => ({
      ecs: session.clients.ecs,
      vpc: session.clients.vpc,
      slb: session.clients.slb,
      cs: session.clients.cs,
    }),
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
      tag: createTagHandler,
      orphan: false,
    },
  });
}

/** Alibaba region ids are lower-case words with dashes ("cn-hangzhou"); zones extend them ("cn-hangzhou-h"). */
function checkRegion(info: ConnectionInfo): string {
  if (!/^[a-z]+(-[a-z0-9]+)+$/.test(info.region)) {
    throw invalid("region", "alibaba-region", `"${info.region}" is not an Alibaba region id (e.g. "cn-hangzhou")`);
  }
  if (info.zone !== undefined && !info.zone.startsWith(info.region)) {
    throw invalid("zone", "alibaba-zone", `"${info.zone}" is not a zone of ${info.region} (e.g. "${info.region}-h")`);
  }
  return info.region;
}
