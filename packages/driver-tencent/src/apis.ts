import type { ApiTable, RetrySafety } from "@cloud-barista/core/driver";

/** The Tencent Cloud services the driver calls, each an API 3.0 service of its own version. */
export const tencentServices = ["cvm", "vpc", "cbs", "clb", "region", "tag", "tke", "as"] as const;
export type TencentService = (typeof tencentServices)[number];

/** The API version of each service. */
export const serviceVersions: Readonly<Record<TencentService, string>> = {
  cvm: "2017-03-12",
  vpc: "2017-03-12",
  cbs: "2017-03-12",
  clb: "2018-03-17",
  region: "2022-06-27",
  tag: "2018-08-13",
  tke: "2018-05-25",
  as: "2018-04-19",
};

type Table = Readonly<Record<string, readonly [TencentService, RetrySafety]>>;

// Every action the driver calls, as Tencent names it (and call history records it), with its
// service and retry safety. Actions that exist in more than one service carry the service as a
// prefix for the one that is not CVM's ("region:DescribeRegions"). Creates with a ClientToken
// are idempotent by it: the runtime's token (RunInstances) or one per call, kept across retries.
export const tencentApiTable = {
  "region:DescribeRegions": ["region", "read"],
  "region:DescribeZones": ["region", "read"],
  DescribeImages: ["cvm", "read"],
  DescribeZoneInstanceConfigInfos: ["cvm", "read"],
  InquiryPriceRunInstances: ["cvm", "read"],
  DescribeAccountQuota: ["cvm", "read"],
  // No ClientToken: a repeat after a lost answer makes a second VPC, left for the runtime to find.
  CreateVpc: ["vpc", "not-idempotent"],
  DescribeVpcs: ["vpc", "read"],
  // Deleting what is gone answers a NotFound code, which a delete counts as done.
  DeleteVpc: ["vpc", "idempotent"],
  CreateSubnet: ["vpc", "not-idempotent"],
  DescribeSubnets: ["vpc", "read"],
  DeleteSubnet: ["vpc", "idempotent"],
  CreateSecurityGroup: ["vpc", "not-idempotent"],
  DescribeSecurityGroups: ["vpc", "read"],
  DescribeSecurityGroupPolicies: ["vpc", "read"],
  DeleteSecurityGroup: ["vpc", "idempotent"],
  CreateSecurityGroupPolicies: ["vpc", "not-idempotent"],
  // By PolicyIndex: a repeat may remove the rule that moved into a deleted one's place.
  DeleteSecurityGroupPolicies: ["vpc", "not-idempotent"],
  // Each call makes a new private key.
  CreateKeyPair: ["cvm", "not-idempotent"],
  DescribeKeyPairs: ["cvm", "read"],
  DeleteKeyPairs: ["cvm", "idempotent"],
  RunInstances: ["cvm", "idempotent-by-token"],
  DescribeInstances: ["cvm", "read"],
  // Power actions: repeating one after it took effect leaves the instance where the first left it.
  StartInstances: ["cvm", "idempotent"],
  StopInstances: ["cvm", "idempotent"],
  RebootInstances: ["cvm", "not-idempotent"],
  TerminateInstances: ["cvm", "idempotent"],
  CreateDisks: ["cbs", "idempotent-by-token"],
  DescribeDisks: ["cbs", "read"],
  DescribeDiskConfigQuota: ["cbs", "read"],
  TerminateDisks: ["cbs", "idempotent"],
  // Growing to the same size twice leaves the same size.
  ResizeDisk: ["cbs", "idempotent"],
  AttachDisks: ["cbs", "not-idempotent"],
  DetachDisks: ["cbs", "not-idempotent"],
  CreateImage: ["cvm", "not-idempotent"],
  DeleteImages: ["cvm", "idempotent"],
  // Setting tags to the same values, or removing named keys, twice changes nothing.
  TagResources: ["tag", "idempotent"],
  UnTagResources: ["tag", "idempotent"],
  GetResources: ["tag", "read"],
  CreateLoadBalancer: ["clb", "idempotent-by-token"],
  DescribeLoadBalancers: ["clb", "read"],
  DeleteLoadBalancer: ["clb", "idempotent"],
  CreateListener: ["clb", "not-idempotent"],
  DescribeListeners: ["clb", "read"],
  // Registering a target already registered, or removing one that is not, leaves the same set.
  RegisterTargets: ["clb", "idempotent"],
  DeregisterTargets: ["clb", "idempotent"],
  DescribeTargets: ["clb", "read"],
  DescribeTargetHealth: ["clb", "read"],
  DescribeTaskStatus: ["clb", "read"],
  DescribeVersions: ["tke", "read"],
  DescribeAvailableClusterVersion: ["tke", "read"],
  // No ClientToken in TKE's CreateCluster: a repeat after a lost answer would make a second one.
  CreateCluster: ["tke", "not-idempotent"],
  DescribeClusters: ["tke", "read"],
  DeleteCluster: ["tke", "idempotent"],
  // No ClientToken: a repeat after a lost answer makes a second pool, which the name check finds.
  CreateClusterNodePool: ["tke", "not-idempotent"],
  DescribeClusterNodePools: ["tke", "read"],
  // Setting a range, a desired count or a version that is already set changes nothing.
  ModifyClusterNodePool: ["tke", "idempotent"],
  ModifyNodePoolDesiredCapacityAboutAsg: ["tke", "idempotent"],
  DeleteClusterNodePool: ["tke", "idempotent"],
  DescribeClusterInstances: ["tke", "read"],
  DescribeClusterKubeconfig: ["tke", "read"],
  UpdateClusterVersion: ["tke", "idempotent"],
  // A node pool's instance type, disk, key and security groups live in its launch configuration.
  DescribeLaunchConfigurations: ["as", "read"],
} as const satisfies Table;

export type TencentApi = keyof typeof tencentApiTable;

/** The action an API name sends ("region:DescribeZones" sends DescribeZones). */
export function actionOf(api: TencentApi): string {
  const colon = api.indexOf(":");
  return colon < 0 ? api : api.slice(colon + 1);
}

/** Every API name with its retry safety, for the runtime. */
export const tencentApis: ApiTable<TencentApi> = Object.fromEntries(
  Object.entries(tencentApiTable).map(([api, [, safety]]) => [api, safety]),
) as ApiTable<TencentApi>;
