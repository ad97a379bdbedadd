import { defineDriver } from "@cloud-barista/core/driver";
import type { CloudDriver, ConnectionInfo, SharedDriverOptions } from "@cloud-barista/core/driver";
import { gcpApis } from "./apis.js";
import { GcpClients } from "./clients.js";
import { credentialFrom, gcpCredentialKeys } from "./credentials.js";
import { invalid } from "./errors.js";
import { createClusterHandler } from "./handlers/cluster.js";
import { createDiskHandler } from "./handlers/disk.js";
import { createImageHandler, defaultImageProjects } from "./handlers/image.js";
import { createKeyPairHandler } from "./handlers/key-pair.js";
import { createMyImageHandler, sourceVmLabel } from "./handlers/my-image.js";
import { createNlbHandler } from "./handlers/nlb.js";
import { createPriceHandler } from "./handlers/price.js";
import { createQuotaHandler } from "./handlers/quota.js";
import { createRegionZoneHandler } from "./handlers/region-zone.js";
import { createSecurityGroupHandler, maxGroupName } from "./handlers/security-group.js";
import { createSpecHandler } from "./handlers/spec.js";
import { createTagHandler, taggedTypes } from "./handlers/tag.js";
import { createVmHandler } from "./handlers/vm.js";
import { createVpcHandler } from "./handlers/vpc.js";
import { labelPatterns } from "./labels.js";
import { gcpRateLimits } from "./rate-limits.js";
import { GcpSession } from "./session.js";

export interface GcpDriverOptions extends SharedDriverOptions {
  /**
   * Public image projects `image.list` goes through. Default: debian-cloud, ubuntu-os-cloud,
   * rocky-linux-cloud and windows-cloud (`defaultImageProjects`).
   */
  imageProjects?: readonly string[];
  /** The login user of VMs made with the driver's key pairs. Default "cb-user". */
  vmUser?: string;
}

/** The driver's version, reported to the runtime. */
export const gcpDriverVersion = "0.1.0";

/** The services whose endpoints a connection may override. */
const gcpServices = ["compute", "billing", "container", "oauth2"] as const;

/**
 * A driver for Google Cloud on `@google-cloud/compute` (Compute Engine over its REST transport)
 * and `google-auth-library` (a service-account key signing its own tokens, or the application
 * default credentials), with prices from the Cloud Billing Catalog. Credential keys `projectId`,
 * `clientEmail`, `privateKey`, `privateKeyId` (all optional: none means default credentials).
 * The connection's `endpoint` overrides Compute Engine and the Billing Catalog: one URL for both,
 * or `{ compute, billing }`. The connection's zone is where VMs and disks are made; its region
 * holds the subnetworks.
 */
export function createGcpDriver(options: GcpDriverOptions = {}): CloudDriver {
  const vmUser = options.vmUser ?? "cb-user";
  return defineDriver<GcpSession, (typeof gcpServices)[number]>({
    provider: "GCP",
    version: gcpDriverVersion,
    credentialKeys: gcpCredentialKeys,
    apis: gcpApis,
    rateLimits: gcpRateLimits,
    options,
    // maxResults: 1-500.
    pageSizeRange: { min: 1, max: 500 },
    endpoints: { services: gcpServices },
    capabilities: {
      unsupportedOperations: [],
      // Networks are global and have no address range; subnetworks are regional.
      quirks: { vpcCidr: false, zoneBasedControl: true },
      tagResourceTypes: [...taggedTypes],
      // An image keeps the VM it was made from in this label; labels hold lower-case letters,
      // digits, "_" and "-" only (the driver also checks that keys start with a letter).
      tagRules: { reservedKeys: [sourceVmLabel], ...labelPatterns },
      // RFC 1035 names of at most 63 characters; a security group's rules add 9 to its name.
      // GKE clusters and node pools: 40.
      naming: {
        maxLength: { securityGroup: maxGroupName, cluster: 40, nodeGroup: 40 },
        defaultMaxLength: 63,
        separator: "-",
        lowerCase: true,
      },
    },
    open: ({ info, endpoints, settings }) => {
      const credential = credentialFrom(info.credential);
      const { region, zone } = placeOf(info);
      return new GcpSession(
        () => GcpClients.create(credential, endpoints, settings),
        settings,
        { region, zone },
        endpoints.billing ?? "https://cloudbilling.googleapis.com",
        info.clock,
      );
    },
    close: async (session) => {
      await session.close();
    },
    vendorClient: (session) => session.clients(),
    handlers: {
      regionZone: createRegionZoneHandler,
      image: (session) => createImageHandler(session, options.imageProjects ?? defaultImageProjects),
      spec: createSpecHandler,
      price: createPriceHandler,
      quota: createQuotaHandler,
      vpc: createVpcHandler,
      securityGroup: createSecurityGroupHandler,
      keyPair: (session) => createKeyPairHandler(session, vmUser),
      vm: (session) => createVmHandler(session, { vmUser }),
      disk: createDiskHandler,
      myImage: createMyImageHandler,
      nlb: createNlbHandler,
      cluster: createClusterHandler,
      tag: createTagHandler,
      orphan: false,
    },
  });
}

/** A region ("us-central1") and zone ("us-central1-a"; default the region's "-a"). */
function placeOf(info: ConnectionInfo): { region: string; zone: string } {
  if (!/^[a-z]+-[a-z]+\d+$/.test(info.region)) {
    throw invalid("region", "gcp-region", `"${info.region}" is not a Compute Engine region (e.g. "us-central1")`);
  }
  const zone = info.zone ?? `${info.region}-a`;
  if (!zone.startsWith(`${info.region}-`) || !/^[a-z]+-[a-z]+\d+-[a-z]$/.test(zone)) {
    throw invalid("zone", "gcp-zone", `"${zone}" is not a zone of ${info.region} (e.g. "${info.region}-a")`);
  }
  return { region: info.region, zone };
}
