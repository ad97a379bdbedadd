/** The EC2 APIs the driver calls, as AWS names them (and as call history records them). */
export const ec2ApiNames = [
  "DescribeRegions",
  "DescribeAvailabilityZones",
  "DescribeImages",
  "DescribeInstanceTypes",
  "CreateVpc",
  "DescribeVpcs",
  "DeleteVpc",
  "CreateSubnet",
  "DescribeSubnets",
  "DeleteSubnet",
  "CreateSecurityGroup",
  "DescribeSecurityGroups",
  "DeleteSecurityGroup",
  "AuthorizeSecurityGroupIngress",
  "AuthorizeSecurityGroupEgress",
  "RevokeSecurityGroupIngress",
  "RevokeSecurityGroupEgress",
  "CreateKeyPair",
  "DescribeKeyPairs",
  "DeleteKeyPair",
  "RunInstances",
  "DescribeInstances",
  "DescribeInstanceStatus",
  "StopInstances",
  "StartInstances",
  "RebootInstances",
  "TerminateInstances",
  "CreateVolume",
  "DescribeVolumes",
  "DeleteVolume",
  "ModifyVolume",
  "AttachVolume",
  "DetachVolume",
  "CreateImage",
  "DeregisterImage",
  "CreateTags",
  "DeleteTags",
  "DescribeTags",
] as const;

/** The Elastic Load Balancing (v2) APIs the driver calls. */
export const elbApiNames = [
  "CreateLoadBalancer",
  "DescribeLoadBalancers",
  "DeleteLoadBalancer",
  "CreateTargetGroup",
  "DescribeTargetGroups",
  "DeleteTargetGroup",
  "CreateListener",
  "DescribeListeners",
  "RegisterTargets",
  "DeregisterTargets",
  "DescribeTargetHealth",
  "AddTags",
  "RemoveTags",
  "DescribeTags",
] as const;

/** The AWS Price List Query API call the driver makes. */
export const pricingApiNames = ["GetProducts"] as const;

export type Ec2ApiName = (typeof ec2ApiNames)[number];
export type ElbApiName = (typeof elbApiNames)[number];
export type PricingApiName = (typeof pricingApiNames)[number];
