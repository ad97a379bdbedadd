import { handlerNames, resourceTypes } from "@cloud-barista/core";
import type { DriverCapabilities, HandlerName } from "@cloud-barista/core";

/**
 * What the AWS driver supports: every handler and operation but quotas. Cloud-side names follow AWS's
 * limits per resource type: "Name" tags, key pair and security group names up to 255 characters,
 * AMI names up to 128, load balancer (and target group) names up to 32 of [A-Za-z0-9-], and no
 * security group name starting with "sg-".
 */
export const awsCapabilities: DriverCapabilities = {
  // Quotas would come from the Service Quotas API, a separate service the emulator does not serve yet.
  handlers: Object.fromEntries(handlerNames.map((name) => [name, name !== "quota"])) as Record<HandlerName, boolean>,
  unsupportedOperations: [],
  quirks: { vpcCidr: true, zoneBasedControl: true },
  tagResourceTypes: [...resourceTypes],
  naming: {
    maxLength: { vpc: 255, subnet: 255, securityGroup: 255, keyPair: 255, vm: 255, disk: 255, myImage: 128, nlb: 32 },
    defaultMaxLength: 255,
    separator: "-",
    lowerCase: false,
    // EC2 refuses security group names that look like group ids.
    reservedPrefixes: { securityGroup: ["sg-"] },
  },
};
