import { defineDriver, resourceTypes } from "@cloud-barista/core/driver";
import type { CloudDriver, ConnectionInfo, SharedDriverOptions } from "@cloud-barista/core/driver";
import { awsApis, awsServices } from "./apis.js";
import { AwsClients } from "./clients.js";
import { awsCredentialKeys, credentialsFrom } from "./credentials.js";
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
import { createTagHandler } from "./handlers/tag.js";
import { createVmHandler } from "./handlers/vm.js";
import { createVpcHandler } from "./handlers/vpc.js";
import { AwsSession } from "./session.js";
import type { EksRoles } from "./session.js";
import { nameTagKey, vmUserTagKey } from "./tags.js";

export interface AwsDriverOptions extends SharedDriverOptions {
  /**
   * Owners whose public AMIs `image.list` returns: account ids or aliases. Default: Amazon,
   * Canonical (Ubuntu), Debian and Rocky Linux.
   */
  imageOwners?: readonly string[];
  /** Region of the Price List Query API endpoint (us-east-1, eu-central-1 or ap-south-1). Default us-east-1. */
  pricingRegion?: string;
  /** The login user cloud-init creates on Linux VMs, with the key pair's public key. Default "cb-user". */
  vmUser?: string;
  /** Give new VMs a public IPv4 address. Default true. */
  publicIp?: boolean;
  /**
   * The IAM roles EKS clusters and their managed node groups run as: AWS has no default ones, and
   * the driver creates no IAM roles. Without them the cluster handler refuses creates before any call.
   */
  eks?: EksRoles;
}

/** The driver's version, reported to the runtime. */
export const awsDriverVersion = "0.1.0";

/** Public AMI owners `image.list` shows by default. */
export const defaultImageOwners: readonly string[] = ["amazon", "099720109477", "136693071363", "792107900819"];

/**
 * A driver for Amazon Web Services on the AWS SDK for JavaScript v3: EC2 for compute, network
 * and storage, ELBv2 for network load balancers, the Price List Query API for prices, Service
 * Quotas for the On-Demand vCPU quotas. `pageSize`
 * is MaxResults of paged Describe calls, 5..1000 (instance types are capped at 100 a page).
 *
 * Credential keys `accessKeyId` and `secretAccessKey` (and `sessionToken` for temporary
 * credentials), or none to use the SDK's default provider chain. The connection's region is the
 * AWS region; its `endpoint` overrides AWS's endpoints: one URL for all services, or
 * `{ ec2, elbv2, pricing, quotas }`.
 */
export function createAwsDriver(options: AwsDriverOptions = {}): CloudDriver {
  return defineDriver<AwsSession, (typeof awsServices)[number]>({
    provider: "AWS",
    version: awsDriverVersion,
    credentialKeys: awsCredentialKeys,
    apis: awsApis,
    options,
    pageSizeRange: { min: 5, max: 1000 },
    endpoints: { services: awsServices },
    capabilities: {
      // EKS managed node groups scale between their min and max sizes; there is no switch.
      unsupportedOperations: ["cluster.autoScaling"],
      quirks: { vpcCidr: true, zoneBasedControl: true },
      tagResourceTypes: [...resourceTypes],
      // The driver keeps the cloud-side name in the "Name" tag; "aws:" keys are AWS's own.
      tagRules: { reservedKeys: [nameTagKey, vmUserTagKey], reservedPrefixes: ["aws:"] },
      // "Name" tags, key pair and security group names take 255 characters, AMI names 128, load
      // balancer (and target group) names 32 of [A-Za-z0-9-]; group names must not look like ids.
      naming: {
        maxLength: {
          vpc: 255,
          subnet: 255,
          securityGroup: 255,
          keyPair: 255,
          vm: 255,
          disk: 255,
          myImage: 128,
          nlb: 32,
          // EKS cluster names: 100 characters; node group names 63.
          cluster: 100,
          nodeGroup: 63,
        },
        defaultMaxLength: 255,
        separator: "-",
        lowerCase: false,
        reservedPrefixes: { securityGroup: ["sg-"] },
      },
    },
    open: ({ info, endpoints, settings }) => {
      const clients = new AwsClients({
        region: checkRegion(info),
        credentials: credentialsFrom(info.credential),
        endpoints,
        pricingRegion: options.pricingRegion ?? "us-east-1",
        settings,
      });
      return new AwsSession(
        clients,
        {
          region: info.region,
          zone: info.zone,
          pageSize: settings.pageSize,
          imageOwners: [...(options.imageOwners ?? defaultImageOwners)],
          vmUser: options.vmUser ?? "cb-user",
          publicIp: options.publicIp ?? true,
          eks: options.eks,
        },
        info.clock,
      );
    },
    close: (session) => session.clients.close(),
    vendorClient: (session) => session.clients,
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

/** AWS region names look like "ap-northeast-2"; a zone belongs to its region ("ap-northeast-2a"). */
function checkRegion(info: ConnectionInfo): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(info.region)) {
    throw invalid("region", "aws-region", `"${info.region}" is not an AWS region name`);
  }
  if (info.zone !== undefined && !(info.zone.startsWith(info.region) && info.zone.length > info.region.length)) {
    throw invalid("zone", "zone-of-region", `"${info.zone}" is not a zone of ${info.region}`);
  }
  return info.region;
}
