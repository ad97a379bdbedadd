import type { MockApiName } from "./apis.js";

// The world names input fields its way ("cidr", "subnetId"); an InvalidArgument should name the
// field of the driver request the caller actually sent ("ipv4Cidr", "subnetIID").
const common: [RegExp, string][] = [[/^(subnets\[\d+\]\.)?cidr$/, "$1ipv4Cidr"]];
// A world rule's port range is the portable rule's fromPort and toPort.
const rules: [RegExp, string][] = [[/^(rules\[\d+\])\.portRange$/, "$1.fromPort"]];

const renames: Partial<Record<MockApiName, [RegExp, string][]>> = {
  CreateVpc: common,
  CreateSubnet: common,
  CreateSecurityGroup: rules,
  AuthorizeSecurityGroupRules: rules,
  RevokeSecurityGroupRules: rules,
  CreateVolume: [
    [/^type$/, "diskType"],
    [/^sizeGB$/, "diskSizeGB"],
  ],
  RunInstances: [
    [/^imageId$/, "imageIID"],
    [/^subnetId$/, "subnetIID"],
    [/^vpcId$/, "vpcIID"],
    [/^keyPairId$/, "keyPairIID"],
    [/^securityGroupIds(\[\d+\])$/, "securityGroupIIDs$1"],
    [/^dataDiskIds(\[\d+\])$/, "dataDiskIIDs$1"],
    [/^rootDisk\.type$/, "rootDiskType"],
    [/^rootDisk\.sizeGB$/, "rootDiskSizeGB"],
    [/^loginUser$/, "vmUserId"],
    [/^clientToken$/, "idempotencyToken"],
  ],
  CreateImage: [[/^vmId$/, "sourceVmIID"]],
  CreateLoadBalancer: [
    [/^vpcId$/, "vpcIID"],
    [/^scheme$/, "type"],
    [/^targetGroup\.vmIds(\[\d+\])$/, "vmGroup.vms$1"],
    [/^targetGroup\./, "vmGroup."],
    [/^healthCheck\.intervalSeconds$/, "healthChecker.intervalSec"],
    [/^healthCheck\.timeoutSeconds$/, "healthChecker.timeoutSec"],
    [/^healthCheck\.(un)?healthyThreshold$/, "healthChecker.threshold"],
    [/^healthCheck\./, "healthChecker."],
  ],
  AttachVolume: [[/^vmId$/, "vm"]],
  RegisterTargets: [[/^vmIds(\[\d+\])$/, "vms$1"]],
};

/** The driver-request path of a world input field, for the API that reported it. */
export function requestField(api: MockApiName, field: string): string {
  for (const [pattern, replacement] of renames[api] ?? []) {
    if (pattern.test(field)) return field.replace(pattern, replacement);
  }
  return field;
}
