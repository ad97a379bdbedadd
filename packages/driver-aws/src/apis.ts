import {
  AttachVolumeCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateImageCommand,
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  DeleteKeyPairCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  DeleteVolumeCommand,
  DeleteVpcCommand,
  DeregisterImageCommand,
  DescribeAvailabilityZonesCommand,
  DescribeImagesCommand,
  DescribeInstanceStatusCommand,
  DescribeInstanceTypesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  DetachVolumeCommand,
  ModifyVolumeCommand,
  RebootInstancesCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand as DescribeElbTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
  RemoveTagsCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  CreateClusterCommand,
  CreateNodegroupCommand,
  DeleteClusterCommand,
  DeleteNodegroupCommand,
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  ListClustersCommand,
  ListNodegroupsCommand,
  UpdateClusterVersionCommand,
  UpdateNodegroupConfigCommand,
} from "@aws-sdk/client-eks";
import { GetProductsCommand } from "@aws-sdk/client-pricing";
import { ListServiceQuotasCommand } from "@aws-sdk/client-service-quotas";
import type { ApiTable, RetrySafety } from "@cloud-barista/core/driver";

/** The AWS services the driver talks to; a connection's endpoint may override each. */
export const awsServices = ["ec2", "elbv2", "pricing", "quotas", "eks"] as const;
export type AwsService = (typeof awsServices)[number];

/** An AWS SDK command class (EC2, ELBv2, Pricing, Service Quotas or EKS). */
type CommandClass = abstract new (input: never) => object;
type Table = Record<string, readonly [CommandClass, RetrySafety]>;

// Every API the driver calls, as AWS names it (and call history records it), with its command and
// retry safety. Creates are not idempotent unless they carry a token: RunInstances has ClientToken,
// ELBv2 creates are idempotent by name.
export const ec2Api = {
  DescribeRegions: [DescribeRegionsCommand, "read"],
  DescribeAvailabilityZones: [DescribeAvailabilityZonesCommand, "read"],
  DescribeImages: [DescribeImagesCommand, "read"],
  DescribeInstanceTypes: [DescribeInstanceTypesCommand, "read"],
  CreateVpc: [CreateVpcCommand, "not-idempotent"],
  DescribeVpcs: [DescribeVpcsCommand, "read"],
  DeleteVpc: [DeleteVpcCommand, "idempotent"],
  CreateSubnet: [CreateSubnetCommand, "not-idempotent"],
  DescribeSubnets: [DescribeSubnetsCommand, "read"],
  DeleteSubnet: [DeleteSubnetCommand, "idempotent"],
  CreateSecurityGroup: [CreateSecurityGroupCommand, "not-idempotent"],
  DescribeSecurityGroups: [DescribeSecurityGroupsCommand, "read"],
  DeleteSecurityGroup: [DeleteSecurityGroupCommand, "idempotent"],
  AuthorizeSecurityGroupIngress: [AuthorizeSecurityGroupIngressCommand, "not-idempotent"],
  AuthorizeSecurityGroupEgress: [AuthorizeSecurityGroupEgressCommand, "not-idempotent"],
  RevokeSecurityGroupIngress: [RevokeSecurityGroupIngressCommand, "not-idempotent"],
  RevokeSecurityGroupEgress: [RevokeSecurityGroupEgressCommand, "not-idempotent"],
  CreateKeyPair: [CreateKeyPairCommand, "not-idempotent"],
  DescribeKeyPairs: [DescribeKeyPairsCommand, "read"],
  DeleteKeyPair: [DeleteKeyPairCommand, "idempotent"],
  RunInstances: [RunInstancesCommand, "idempotent-by-token"],
  DescribeInstances: [DescribeInstancesCommand, "read"],
  DescribeInstanceStatus: [DescribeInstanceStatusCommand, "read"],
  StopInstances: [StopInstancesCommand, "not-idempotent"],
  StartInstances: [StartInstancesCommand, "not-idempotent"],
  RebootInstances: [RebootInstancesCommand, "not-idempotent"],
  // Terminating a terminating instance changes nothing.
  TerminateInstances: [TerminateInstancesCommand, "idempotent"],
  CreateVolume: [CreateVolumeCommand, "not-idempotent"],
  DescribeVolumes: [DescribeVolumesCommand, "read"],
  DeleteVolume: [DeleteVolumeCommand, "idempotent"],
  ModifyVolume: [ModifyVolumeCommand, "not-idempotent"],
  AttachVolume: [AttachVolumeCommand, "not-idempotent"],
  DetachVolume: [DetachVolumeCommand, "not-idempotent"],
  CreateImage: [CreateImageCommand, "not-idempotent"],
  DeregisterImage: [DeregisterImageCommand, "idempotent"],
  // Setting a tag to the same value twice changes nothing.
  CreateTags: [CreateTagsCommand, "idempotent"],
  DeleteTags: [DeleteTagsCommand, "idempotent"],
  DescribeTags: [DescribeTagsCommand, "read"],
} as const satisfies Table;

export const elbApi = {
  CreateLoadBalancer: [CreateLoadBalancerCommand, "idempotent-by-token"],
  DescribeLoadBalancers: [DescribeLoadBalancersCommand, "read"],
  DeleteLoadBalancer: [DeleteLoadBalancerCommand, "idempotent"],
  CreateTargetGroup: [CreateTargetGroupCommand, "idempotent-by-token"],
  DescribeTargetGroups: [DescribeTargetGroupsCommand, "read"],
  DeleteTargetGroup: [DeleteTargetGroupCommand, "idempotent"],
  CreateListener: [CreateListenerCommand, "idempotent-by-token"],
  DescribeListeners: [DescribeListenersCommand, "read"],
  // Registering a registered target changes nothing.
  RegisterTargets: [RegisterTargetsCommand, "idempotent"],
  DeregisterTargets: [DeregisterTargetsCommand, "not-idempotent"],
  DescribeTargetHealth: [DescribeTargetHealthCommand, "read"],
  AddTags: [AddTagsCommand, "idempotent"],
  RemoveTags: [RemoveTagsCommand, "idempotent"],
  DescribeTags: [DescribeElbTagsCommand, "read"],
} as const satisfies Table;

export const pricingApi = { GetProducts: [GetProductsCommand, "read"] } as const satisfies Table;

export const quotasApi = { ListServiceQuotas: [ListServiceQuotasCommand, "read"] } as const satisfies Table;

// EKS creates and updates carry clientRequestToken, so a repeat returns the first answer.
export const eksApi = {
  DescribeClusterVersions: [DescribeClusterVersionsCommand, "read"],
  CreateCluster: [CreateClusterCommand, "idempotent-by-token"],
  DescribeCluster: [DescribeClusterCommand, "read"],
  ListClusters: [ListClustersCommand, "read"],
  // Deleting a cluster or node group that is being deleted changes nothing.
  DeleteCluster: [DeleteClusterCommand, "idempotent"],
  CreateNodegroup: [CreateNodegroupCommand, "idempotent-by-token"],
  DescribeNodegroup: [DescribeNodegroupCommand, "read"],
  ListNodegroups: [ListNodegroupsCommand, "read"],
  DeleteNodegroup: [DeleteNodegroupCommand, "idempotent"],
  UpdateNodegroupConfig: [UpdateNodegroupConfigCommand, "idempotent-by-token"],
  UpdateClusterVersion: [UpdateClusterVersionCommand, "idempotent-by-token"],
  DescribeUpdate: [DescribeUpdateCommand, "read"],
} as const satisfies Table;

/** Each service's table. */
export const awsTables = { ec2: ec2Api, elbv2: elbApi, pricing: pricingApi, quotas: quotasApi, eks: eksApi } as const;

/** Every API name with its retry safety (EC2 and ELBv2 both have a DescribeTags; both are reads). */
export const awsApis: ApiTable = Object.fromEntries(
  awsServices.flatMap((service) =>
    Object.entries(awsTables[service] as Table).map(([api, [, safety]]) => [api, safety] as const),
  ),
);
