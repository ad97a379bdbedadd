import { defineDriver } from "@cloud-barista/core/driver";
import type { CloudDriver, ConnectionInfo, SharedDriverOptions } from "@cloud-barista/core/driver";
import { azureApis } from "./apis.js";
import { AzureClients } from "./clients.js";
import { azureCredentialKeys, credentialFrom } from "./credentials.js";
import { invalid } from "./errors.js";
import {
  createClusterHandler,
  keyPairTag,
  nodeGroupNameTag,
  scalingTag,
  securityGroupsTag,
} from "./handlers/cluster.js";
import { createDiskHandler } from "./handlers/disk.js";
import { createImageHandler, defaultImageOffers } from "./handlers/image.js";
import type { ImageOffer } from "./handlers/image.js";
import { createKeyPairHandler } from "./handlers/key-pair.js";
import { createMyImageHandler, sourceVmTagKey } from "./handlers/my-image.js";
import { createNlbHandler } from "./handlers/nlb.js";
import { createPriceHandler } from "./handlers/price.js";
import { createQuotaHandler } from "./handlers/quota.js";
import { createRegionZoneHandler } from "./handlers/region-zone.js";
import { createSecurityGroupHandler, vpcTagKey } from "./handlers/security-group.js";
import { createSpecHandler } from "./handlers/spec.js";
import { createTagHandler, taggedTypes } from "./handlers/tag.js";
import { createVmHandler, keyPairTagKey } from "./handlers/vm.js";
import { createVpcHandler } from "./handlers/vpc.js";
import { azureRateLimits } from "./rate-limits.js";
import { resourceGroupOf } from "./resource-group.js";
import { AzureSession } from "./session.js";

export interface AzureDriverOptions extends SharedDriverOptions {
  /**
   * The resource group of a connection's resources, from its name. Default:
   * "cloud-barista-<connection name>". The group is made (in the connection's region) on the
   * connection's first create.
   */
  resourceGroup?: (connectionName: string) => string;
  /**
   * Marketplace offers `image.list` goes through, as [publisher, offer]. Default: Ubuntu 24.04 and
   * 22.04, Debian 12, Rocky Linux 9 and Windows Server (`defaultImageOffers`).
   */
  imageOffers?: readonly ImageOffer[];
  /** The login user of VMs that use the driver's key pairs. Default "cb-user". */
  vmUser?: string;
  /** Give each VM a Standard static public IP (default true). */
  publicIp?: boolean;
}

/** The driver's version, reported to the runtime. */
export const azureDriverVersion = "0.1.0";

/** The services whose endpoints a connection may override. */
const azureServices = ["management", "login", "prices"] as const;

/**
 * A driver for Microsoft Azure on the Azure SDK for JavaScript: Resource Manager through
 * `@azure/arm-network`, `@azure/arm-compute`, `@azure/arm-resources` and
 * `@azure/arm-resources-subscriptions`, authenticated by `@azure/identity`: a client secret, a
 * certificate or the default credential chain. Credential keys `subscriptionId` and `tenantId`,
 * `clientId` with `clientSecret` or `clientCertificate` (and `sendCertificateChain`). The
 * connection's `endpoint` overrides Resource Manager, the Entra ID authority and the Retail Prices
 * API: one URL for all, or `{ management, login, prices }`. Every resource lives in the connection's resource group.
 */
export function createAzureDriver(options: AzureDriverOptions = {}): CloudDriver {
  return defineDriver<AzureSession, (typeof azureServices)[number]>({
    provider: "AZURE",
    version: azureDriverVersion,
    credentialKeys: azureCredentialKeys,
    apis: azureApis,
    rateLimits: azureRateLimits,
    options,
    endpoints: { services: azureServices },
    capabilities: {
      unsupportedOperations: [],
      quirks: { vpcCidr: true, zoneBasedControl: true },
      tagResourceTypes: Object.keys(taggedTypes) as (keyof typeof taggedTypes)[],
      // The driver keeps a security group's virtual network in this tag (NSGs belong to none),
      // a VM's key pair in this one (Azure keeps only the key's text), and a my-image's source VM
      // in the last (an image made from a snapshot names no VM).
      // A cluster keeps its security groups in a tag (AKS has none of its own), and an agent pool
      // its node group's name (pool names allow no "-"), key pair and min/max without autoscaling.
      tagRules: {
        reservedKeys: [
          vpcTagKey,
          keyPairTagKey,
          sourceVmTagKey,
          securityGroupsTag,
          nodeGroupNameTag,
          keyPairTag,
          scalingTag,
        ],
      },
      // ARM names: virtual networks, subnets and network security groups 80 characters, SSH public
      // keys 128 (kept to 80); images 80 less "-snapshot" (the snapshot made on the way), load
      // balancers 80 less "-ip" (their public IP).
      naming: {
        // A node group's name becomes an agent pool name without its "-": 12 letters and digits.
        maxLength: {
          vpc: 64,
          subnet: 80,
          securityGroup: 80,
          keyPair: 80,
          vm: 57,
          disk: 80,
          myImage: 71,
          nlb: 77,
          cluster: 63,
          nodeGroup: 13,
        },
        defaultMaxLength: 64,
        separator: "-",
        lowerCase: false,
      },
    },
    open: ({ info, endpoints, settings }) => {
      const credential = credentialFrom(info.credential);
      return new AzureSession(() => new AzureClients(credential, endpoints, settings), endpoints, settings, {
        subscriptionId: credential.subscriptionId,
        region: checkRegion(info),
        zone: info.zone,
        resourceGroup: (options.resourceGroup ?? resourceGroupOf)(info.connectionName),
      });
    },
    vendorClient: (session) => session.clients,
    handlers: {
      regionZone: createRegionZoneHandler,
      image: (session) => createImageHandler(session, options.imageOffers ?? defaultImageOffers),
      spec: createSpecHandler,
      price: createPriceHandler,
      quota: createQuotaHandler,
      vpc: createVpcHandler,
      securityGroup: createSecurityGroupHandler,
      keyPair: (session) => createKeyPairHandler(session, options.vmUser ?? "cb-user"),
      vm: (session) =>
        createVmHandler(session, { vmUser: options.vmUser ?? "cb-user", publicIp: options.publicIp ?? true }),
      disk: createDiskHandler,
      myImage: createMyImageHandler,
      nlb: createNlbHandler,
      cluster: createClusterHandler,
      tag: createTagHandler,
      orphan: false,
    },
  });
}

/** Azure region names are lower-case words ("koreacentral"); zones are logical numbers ("1"). */
function checkRegion(info: ConnectionInfo): string {
  if (!/^[a-z][a-z0-9]+$/.test(info.region)) {
    throw invalid("region", "azure-region", `"${info.region}" is not an Azure region name (e.g. "koreacentral")`);
  }
  if (info.zone !== undefined && !/^[1-9]$/.test(info.zone)) {
    throw invalid("zone", "azure-zone", `"${info.zone}" is not an Azure availability zone ("1", "2" or "3")`);
  }
  return info.region;
}
