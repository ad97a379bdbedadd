import type { ApiTable } from "@cloud-barista/core/driver";

/**
 * The native APIs of the mock cloud, EC2-flavoured, with their retry safety. Every world call
 * driver-mock makes is recorded under one of these, in call history and in the world's rate
 * limits and faults.
 */
export const mockApis = {
  DescribeRegions: "read",
  DescribeImages: "read",
  DescribeInstanceTypes: "read",
  GetProducts: "read",
  // EC2's account-limits read; here it answers limits and use of every account-wide quota.
  DescribeAccountAttributes: "read",
  CreateVpc: "not-idempotent",
  DescribeVpcs: "read",
  DeleteVpc: "idempotent",
  CreateSubnet: "not-idempotent",
  DeleteSubnet: "idempotent",
  CreateSecurityGroup: "not-idempotent",
  DescribeSecurityGroups: "read",
  DeleteSecurityGroup: "idempotent",
  AuthorizeSecurityGroupRules: "not-idempotent",
  RevokeSecurityGroupRules: "not-idempotent",
  CreateKeyPair: "not-idempotent",
  DescribeKeyPairs: "read",
  DeleteKeyPair: "idempotent",
  // The client token makes a repeated RunInstances return the first VM.
  RunInstances: "idempotent-by-token",
  DescribeInstances: "read",
  DescribeInstanceStatus: "read",
  StopInstances: "not-idempotent",
  StartInstances: "not-idempotent",
  RebootInstances: "not-idempotent",
  TerminateInstances: "idempotent",
  CreateVolume: "not-idempotent",
  DescribeVolumes: "read",
  DeleteVolume: "idempotent",
  ModifyVolume: "not-idempotent",
  AttachVolume: "not-idempotent",
  DetachVolume: "not-idempotent",
  CreateImage: "not-idempotent",
  DeregisterImage: "idempotent",
  CreateLoadBalancer: "not-idempotent",
  DescribeLoadBalancers: "read",
  DeleteLoadBalancer: "idempotent",
  // Registering a registered VM changes nothing.
  RegisterTargets: "idempotent",
  DeregisterTargets: "not-idempotent",
  DescribeTargetHealth: "read",
  DescribeClusterVersions: "read",
  // The client token makes a repeated create return the first cluster.
  CreateCluster: "idempotent-by-token",
  DescribeCluster: "read",
  ListClusters: "read",
  // Deleting a cluster that is being deleted changes nothing.
  DeleteCluster: "idempotent",
  CreateNodegroup: "not-idempotent",
  DeleteNodegroup: "idempotent",
  // Setting the same sizes or flag again changes nothing.
  UpdateNodegroupConfig: "idempotent",
  UpdateClusterVersion: "not-idempotent",
  // Setting a tag to the same value twice changes nothing; so does removing it twice.
  CreateTags: "idempotent",
  DescribeTags: "read",
  DeleteTags: "idempotent",
} as const satisfies ApiTable;

export type MockApiName = keyof typeof mockApis;
