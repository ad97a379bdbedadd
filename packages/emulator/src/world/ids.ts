import { createHash } from "node:crypto";
import type { ProviderName } from "@cloud-barista/core";
import type { RegionDef } from "./catalog/types.js";
import type { Random } from "./random.js";
import type { ResourceKind } from "./types.js";

export interface IdRequest {
  provider: ProviderName;
  kind: ResourceKind;
  account: string;
  region: RegionDef;
  name: string;
  /** The VPC of a subnet (Azure subnet ids nest under their virtual network). */
  parentId?: string | undefined;
  /** Azure resource group; "cloud-barista-<region>" when absent. */
  resourceGroup?: string | undefined;
}

const lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";

const awsPrefix: Record<ResourceKind, string> = {
  network: "vpc",
  subnet: "subnet",
  "security-group": "sg",
  "key-pair": "key",
  instance: "i",
  volume: "vol",
  image: "ami",
  "load-balancer": "",
};

const azureType: Record<ResourceKind, string> = {
  network: "Microsoft.Network/virtualNetworks",
  subnet: "subnets",
  "security-group": "Microsoft.Network/networkSecurityGroups",
  "key-pair": "Microsoft.Compute/sshPublicKeys",
  instance: "Microsoft.Compute/virtualMachines",
  volume: "Microsoft.Compute/disks",
  image: "Microsoft.Compute/images",
  "load-balancer": "Microsoft.Network/loadBalancers",
};

const alibabaPrefix: Record<ResourceKind, string> = {
  network: "vpc",
  subnet: "vsw",
  "security-group": "sg",
  "key-pair": "",
  instance: "i",
  volume: "d",
  image: "m",
  "load-balancer": "nlb",
};

const tencentPrefix: Record<ResourceKind, string> = {
  network: "vpc",
  subnet: "subnet",
  "security-group": "sg",
  "key-pair": "skey",
  instance: "ins",
  volume: "disk",
  image: "img",
  "load-balancer": "lb",
};

const mockPrefix: Record<ResourceKind, string> = {
  network: "vpc",
  subnet: "subnet",
  "security-group": "sg",
  "key-pair": "key",
  instance: "vm",
  volume: "disk",
  image: "img",
  "load-balancer": "nlb",
};

/** A new resource id in the provider's own style. */
export function newResourceId(request: IdRequest, random: Random): string {
  const { provider, kind, account, region, name } = request;
  switch (provider) {
    case "AWS":
      if (kind === "load-balancer") {
        return `arn:aws:elasticloadbalancing:${region.name}:${account}:loadbalancer/net/${name}/${random.hex(16)}`;
      }
      return `${awsPrefix[kind]}-0${random.hex(16)}`;
    case "AZURE": {
      if (kind === "subnet" && request.parentId) return `${request.parentId}/subnets/${name}`;
      const group = request.resourceGroup ?? `cloud-barista-${region.name}`;
      return `/subscriptions/${account}/resourceGroups/${group}/providers/${azureType[kind]}/${name}`;
    }
    case "GCP":
      // Compute Engine ids are unsigned 64-bit integers.
      return `${1 + random.int(9)}${random.chars(18, "0123456789")}`;
    case "ALIBABA":
      // Key pairs are known by name only.
      if (kind === "key-pair") return name;
      return `${alibabaPrefix[kind]}-${region.idCode ?? ""}${random.chars(21, lowerAlnum)}`;
    case "TENCENT":
      return `${tencentPrefix[kind]}-${random.chars(8, lowerAlnum)}`;
    case "IBM":
      return `${region.idCode ?? "r000"}-${random.uuid()}`;
    case "OPENSTACK":
      // Nova key pairs are known by name only.
      return kind === "key-pair" ? name : random.uuid();
    case "MOCK":
      return `mock-${mockPrefix[kind]}-${random.chars(12, lowerAlnum)}`;
  }
}

/**
 * The id a public image has in one region. AWS AMIs, IBM images and Glance images differ per
 * region; the others use one id everywhere. Derived by hashing, so ids are stable across runs.
 */
export function regionalImageId(provider: ProviderName, key: string, region: RegionDef): string {
  const digest = createHash("sha256").update(`${provider}/${key}@${region.name}`).digest("hex");
  const uuid = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-4${digest.slice(13, 16)}-a${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  switch (provider) {
    case "AWS":
      return `ami-0${digest.slice(0, 16)}`;
    case "IBM":
      return `${region.idCode ?? "r000"}-${uuid}`;
    case "OPENSTACK":
      return uuid;
    default:
      return key;
  }
}

/**
 * The id of an operator's shared network (or of one of its subnets) in one region: derived by
 * hashing, so every account of the region sees the same id.
 */
export function sharedResourceId(provider: ProviderName, region: RegionDef, ...names: string[]): string {
  const digest = createHash("sha256")
    .update(`${provider}/shared/${names.join("/")}@${region.name}`)
    .digest("hex");
  return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-4${digest.slice(13, 16)}-b${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
}
