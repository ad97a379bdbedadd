import type { ApiTable, RetrySafety } from "@cloud-barista/core/driver";

/**
 * The Alibaba Cloud products the driver calls, each an API of its own version: ECS, VPC and SLB
 * are RPC APIs (pop-core), Container Service (cs, ACK) a ROA API (its own SDK).
 */
export const alibabaProducts = ["ecs", "vpc", "slb", "cs"] as const;
export type AlibabaProduct = (typeof alibabaProducts)[number];
export type RpcProduct = Exclude<AlibabaProduct, "cs">;

/** The version of each product (ECS 2014-05-26, VPC 2016-04-28, classic SLB 2014-05-15, CS 2015-12-15). */
export const productVersions: Readonly<Record<AlibabaProduct, string>> = {
  ecs: "2014-05-26",
  vpc: "2016-04-28",
  slb: "2014-05-15",
  cs: "2015-12-15",
};

type Table = Readonly<Record<string, readonly [AlibabaProduct, RetrySafety]>>;

// Every action the driver calls, as Alibaba names it (and call history records it), with its
// product and retry safety. Creates that carry a ClientToken are idempotent by it: the driver
// makes one token per call, kept across its retries. Actions that exist in more than one product
// (TagResources) carry the product as a prefix for the non-ECS ones.
export const alibabaApiTable = {
  DescribeRegions: ["ecs", "read"],
  DescribeZones: ["ecs", "read"],
  DescribeImages: ["ecs", "read"],
  DescribeInstanceTypes: ["ecs", "read"],
  DescribeAvailableResource: ["ecs", "read"],
  DescribePrice: ["ecs", "read"],
  DescribeAccountAttributes: ["ecs", "read"],
  CreateVpc: ["vpc", "idempotent-by-token"],
  DescribeVpcs: ["vpc", "read"],
  // Deleting what is gone answers NotFound, which a delete counts as done.
  DeleteVpc: ["vpc", "idempotent"],
  CreateVSwitch: ["vpc", "idempotent-by-token"],
  DescribeVSwitches: ["vpc", "read"],
  DeleteVSwitch: ["vpc", "idempotent"],
  CreateSecurityGroup: ["ecs", "idempotent-by-token"],
  DescribeSecurityGroups: ["ecs", "read"],
  DescribeSecurityGroupAttribute: ["ecs", "read"],
  DeleteSecurityGroup: ["ecs", "idempotent"],
  // Authorizing a rule the group already has changes nothing (Alibaba answers success).
  AuthorizeSecurityGroup: ["ecs", "idempotent-by-token"],
  AuthorizeSecurityGroupEgress: ["ecs", "idempotent-by-token"],
  RevokeSecurityGroup: ["ecs", "idempotent"],
  RevokeSecurityGroupEgress: ["ecs", "idempotent"],
  // Each call makes a new private key: no token.
  CreateKeyPair: ["ecs", "not-idempotent"],
  DescribeKeyPairs: ["ecs", "read"],
  DeleteKeyPairs: ["ecs", "idempotent"],
  RunInstances: ["ecs", "idempotent-by-token"],
  DescribeInstances: ["ecs", "read"],
  DescribeInstanceStatus: ["ecs", "read"],
  // Power actions: repeating one after it took effect leaves the instance where the first left it.
  StartInstance: ["ecs", "idempotent"],
  StopInstance: ["ecs", "idempotent"],
  RebootInstance: ["ecs", "not-idempotent"],
  DeleteInstance: ["ecs", "idempotent"],
  CreateDisk: ["ecs", "idempotent-by-token"],
  DescribeDisks: ["ecs", "read"],
  DeleteDisk: ["ecs", "idempotent"],
  ResizeDisk: ["ecs", "idempotent-by-token"],
  AttachDisk: ["ecs", "not-idempotent"],
  DetachDisk: ["ecs", "not-idempotent"],
  CreateImage: ["ecs", "idempotent-by-token"],
  DeleteImage: ["ecs", "idempotent"],
  // Setting tags to the same values, or removing named keys, twice changes nothing.
  TagResources: ["ecs", "idempotent"],
  UntagResources: ["ecs", "idempotent"],
  ListTagResources: ["ecs", "read"],
  "vpc:TagResources": ["vpc", "idempotent"],
  "vpc:UntagResources": ["vpc", "idempotent"],
  "vpc:ListTagResources": ["vpc", "read"],
  CreateLoadBalancer: ["slb", "idempotent-by-token"],
  DescribeLoadBalancers: ["slb", "read"],
  DescribeLoadBalancerAttribute: ["slb", "read"],
  DeleteLoadBalancer: ["slb", "idempotent"],
  CreateLoadBalancerTCPListener: ["slb", "not-idempotent"],
  CreateLoadBalancerUDPListener: ["slb", "not-idempotent"],
  DescribeLoadBalancerTCPListenerAttribute: ["slb", "read"],
  DescribeLoadBalancerUDPListenerAttribute: ["slb", "read"],
  StartLoadBalancerListener: ["slb", "idempotent"],
  // Adding a server already in the set, or removing one not in it, leaves the same set.
  AddBackendServers: ["slb", "idempotent"],
  RemoveBackendServers: ["slb", "idempotent"],
  DescribeHealthStatus: ["slb", "read"],
  "slb:TagResources": ["slb", "idempotent"],
  "slb:UntagResources": ["slb", "idempotent"],
  "slb:ListTagResources": ["slb", "read"],
  DescribeKubernetesVersionMetadata: ["cs", "read"],
  // ACK's CreateCluster takes no client token: a repeat after a lost answer makes a second one.
  CreateCluster: ["cs", "not-idempotent"],
  DescribeClustersV1: ["cs", "read"],
  DescribeClusterDetail: ["cs", "read"],
  DeleteCluster: ["cs", "idempotent"],
  CreateClusterNodePool: ["cs", "not-idempotent"],
  DescribeClusterNodePools: ["cs", "read"],
  // Setting a range, desired size or version already set changes nothing.
  ModifyClusterNodePool: ["cs", "idempotent"],
  DeleteClusterNodepool: ["cs", "idempotent"],
  DescribeClusterNodes: ["cs", "read"],
  DescribeClusterUserKubeconfig: ["cs", "read"],
  UpgradeCluster: ["cs", "idempotent"],
} as const satisfies Table;

export type AlibabaApi = keyof typeof alibabaApiTable;

/** The action an API name sends ("vpc:TagResources" sends TagResources). */
export function actionOf(api: AlibabaApi): string {
  const colon = api.indexOf(":");
  return colon < 0 ? api : api.slice(colon + 1);
}

/** Every API name with its retry safety, for the runtime. */
export const alibabaApis: ApiTable<AlibabaApi> = Object.fromEntries(
  Object.entries(alibabaApiTable).map(([api, [, safety]]) => [api, safety]),
) as ApiTable<AlibabaApi>;
