import { BaristaError, abortedError } from "@cloud-barista/core";
import type { CloudConnection, CloudDriver, ConnectionInfo } from "@cloud-barista/core";
import { awsCapabilities } from "./capabilities.js";
import { AwsClients } from "./clients.js";
import { RecentCreates } from "./consistency.js";
import { awsCredentialKeys, credentialsFrom } from "./credentials.js";
import { resolveEndpoints } from "./endpoints.js";
import { createDiskHandler } from "./handlers/disk.js";
import { createImageHandler } from "./handlers/image.js";
import { createKeyPairHandler } from "./handlers/key-pair.js";
import { createMyImageHandler } from "./handlers/my-image.js";
import { createNlbHandler } from "./handlers/nlb.js";
import { createPriceHandler } from "./handlers/price.js";
import { createRegionZoneHandler } from "./handlers/region-zone.js";
import { createSecurityGroupHandler } from "./handlers/security-group.js";
import { createSpecHandler } from "./handlers/spec.js";
import { createTagHandler } from "./handlers/tag.js";
import { createVmHandler } from "./handlers/vm.js";
import { createVpcHandler } from "./handlers/vpc.js";
import { AwsSession } from "./session.js";

export interface AwsDriverOptions {
  /** MaxResults of paged Describe calls, 5..1000 (instance types are capped at 100 a page). Default 100. */
  pageSize?: number;
  /**
   * Owners whose public AMIs `image.list` returns: account ids or aliases. Default: Amazon,
   * Canonical (Ubuntu), Debian and Rocky Linux.
   */
  imageOwners?: readonly string[];
  /** How long reads tolerate "not found" for resources this connection just created. Default 30 s. */
  consistencyWindowMs?: number;
  /** Per-attempt HTTP timeout of every SDK call. Default 30 s. */
  requestTimeoutMs?: number;
  /** Region of the Price List Query API endpoint (us-east-1, eu-central-1 or ap-south-1). Default us-east-1. */
  pricingRegion?: string;
  /** The login user cloud-init creates on Linux VMs, with the key pair's public key. Default "cb-user". */
  vmUser?: string;
  /** Give new VMs a public IPv4 address. Default true. */
  publicIp?: boolean;
}

/** The driver's version, reported to the runtime. */
export const awsDriverVersion = "0.1.0";

/** Public AMI owners `image.list` shows by default. */
export const defaultImageOwners: readonly string[] = ["amazon", "099720109477", "136693071363", "792107900819"];

function invalid(field: string, rule: string, message: string): BaristaError {
  return new BaristaError("InvalidArgument", `${field}: ${message}`, { provider: "AWS", field, rule });
}

/**
 * A driver for Amazon Web Services on the AWS SDK for JavaScript v3: EC2 for compute, network
 * and storage, ELBv2 for network load balancers, the Price List Query API for prices.
 *
 * Credential keys `accessKeyId` and `secretAccessKey` (and `sessionToken` for temporary
 * credentials), or none to use the SDK's default provider chain. The connection's region is the
 * AWS region; its `endpoint` overrides AWS's endpoints: one URL for all services, or
 * `{ ec2, elbv2, pricing }`.
 */
export function createAwsDriver(options: AwsDriverOptions = {}): CloudDriver {
  const pageSize = options.pageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 5 || pageSize > 1000)
    throw invalid("pageSize", "range", "must be 5..1000");
  const consistencyWindowMs = options.consistencyWindowMs ?? 30_000;
  if (!(consistencyWindowMs >= 0)) throw invalid("consistencyWindowMs", "range", "must be >= 0");
  const settings = {
    pageSize,
    imageOwners: [...(options.imageOwners ?? defaultImageOwners)],
    vmUser: options.vmUser ?? "cb-user",
    publicIp: options.publicIp ?? true,
  };
  return {
    provider: "AWS",
    version: awsDriverVersion,
    capabilities: awsCapabilities,
    credentialKeys: { required: [...awsCredentialKeys.required], optional: [...awsCredentialKeys.optional] },
    // A Promise constructor turns a synchronous validation error into a rejection.
    connect: (info, connectOptions) =>
      new Promise<CloudConnection>((resolve) => {
        const signal = connectOptions?.abortSignal;
        if (signal?.aborted) throw abortedError(signal);
        const clients = new AwsClients({
          region: checkRegion(info),
          credentials: credentialsFrom(info.credential),
          endpoints: resolveEndpoints(info.endpoint),
          pricingRegion: options.pricingRegion ?? "us-east-1",
          requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
        });
        const session = new AwsSession(
          clients,
          { ...settings, region: info.region, zone: info.zone },
          new RecentCreates(consistencyWindowMs),
        );
        resolve(openConnection(session, clients));
      }),
  };
}

/** AWS region names look like "ap-northeast-2"; a zone belongs to its region ("ap-northeast-2a"). */
function checkRegion(info: ConnectionInfo): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(info.region))
    throw invalid("region", "aws-region", `"${info.region}" is not an AWS region name`);
  if (info.zone !== undefined && !(info.zone.startsWith(info.region) && info.zone.length > info.region.length)) {
    throw invalid("zone", "zone-of-region", `"${info.zone}" is not a zone of ${info.region}`);
  }
  return info.region;
}

function openConnection(session: AwsSession, clients: AwsClients): CloudConnection {
  return {
    regionZone: createRegionZoneHandler(session),
    image: createImageHandler(session),
    spec: createSpecHandler(session),
    price: createPriceHandler(session),
    vpc: createVpcHandler(session),
    securityGroup: createSecurityGroupHandler(session),
    keyPair: createKeyPairHandler(session),
    vm: createVmHandler(session),
    disk: createDiskHandler(session),
    myImage: createMyImageHandler(session),
    nlb: createNlbHandler(session),
    tag: createTagHandler(session),
    close: () => {
      clients.close();
      return Promise.resolve();
    },
  };
}
