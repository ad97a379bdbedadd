import type { ActionRegistration } from "./actions.js";
import { ecs } from "./products.js";

/** The account attributes ECS reports that the world's quotas answer, by attribute name. */
const attributes: Readonly<
  Record<string, (usage: Map<string, { limit: number; used: number }>) => number | undefined>
> = {
  "max-security-groups": (u) => u.get("securityGroups")?.limit,
  "max-postpaid-instance-vcpu-count": (u) => u.get("vcpus")?.limit,
  "used-postpaid-instance-vcpu-count": (u) => u.get("vcpus")?.used,
  "max-postpaid-yundisk-capacity": (u) => u.get("diskTotalGB")?.limit,
  "used-postpaid-yundisk-capacity": (u) => u.get("diskTotalGB")?.used,
};

/** DescribeAccountAttributes: quotas of the account in the region, from the world's quota book. */
const describeAccountAttributes: ActionRegistration = {
  product: ecs,
  action: "DescribeAccountAttributes",
  handler: async (c) => {
    const asked = c.params.list("AttributeName");
    const names = asked.length > 0 ? asked.filter((n) => n in attributes) : Object.keys(attributes);
    return c.call((cloud) => {
      const usage = new Map(cloud.quotaUsage().map((q) => [q.name as string, q]));
      return {
        AccountAttributeItems: {
          AccountAttributeItem: names.map((name) => ({
            AttributeName: name,
            AttributeValues: {
              ValueItem: [
                {
                  Value: String(attributes[name]?.(usage) ?? 0),
                  Count: 1,
                  ZoneId: "",
                  InstanceChargeType: "PostPaid",
                  InstanceType: "",
                  DiskCategory: "",
                  ExpiredTime: "",
                },
              ],
            },
          })),
        },
      };
    });
  },
};

export const accountActions: readonly ActionRegistration[] = [describeAccountAttributes];
