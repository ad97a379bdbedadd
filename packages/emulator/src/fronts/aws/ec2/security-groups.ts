import type { AccountRegion } from "../../../world/account-region.js";
import type { SecurityGroup, SecurityGroupRule } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import type { XmlFields } from "../xml.js";
import type { Ec2Action, Ec2Context } from "./context.js";
import { describe } from "./describe.js";
import { filterPredicate, readFilters } from "./filters.js";
import type { FilterFields } from "./filters.js";
import { renderPermissions } from "./security-rules.js";
import { tagSet, tagsFromSpecifications } from "./tags.js";

/** What AWS puts in every new group of a VPC: all outbound traffic allowed. */
const defaultEgress: SecurityGroupRule = { direction: "egress", protocol: "all", cidr: "0.0.0.0/0" };

function arnOf(ctx: Ec2Context, id: string): string {
  return `arn:aws:ec2:${ctx.region}:${ctx.account}:security-group/${id}`;
}

function renderGroup(ctx: Ec2Context, group: SecurityGroup): XmlFields {
  return {
    ownerId: ctx.account,
    groupId: group.id,
    groupName: group.name,
    groupDescription: group.description,
    vpcId: group.vpc.id,
    securityGroupArn: arnOf(ctx, group.id),
    ipPermissions: renderPermissions(group.rules, "ingress"),
    ipPermissionsEgress: renderPermissions(group.rules, "egress"),
    tagSet: tagSet(group.tags),
  };
}

function checkGroupText(what: "name" | "description", value: string): void {
  if (value.length > 255 || !/^[\w .\-:/()#,@[\]+=&;{}!$*]*$/.test(value)) {
    throw new AwsFault(
      "InvalidParameterValue",
      `Invalid security group ${what}: up to 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*`,
    );
  }
}

function groupsNamed(cloud: AccountRegion, name: string, vpcId?: string): SecurityGroup[] {
  return cloud.securityGroups.list({ where: (g) => g.name === name && (vpcId === undefined || g.vpc.id === vpcId) })
    .items;
}

/** CreateSecurityGroup: a group of a VPC with AWS's default rule (all egress allowed). */
export const createSecurityGroup: Ec2Action = async (ctx) => {
  const name = ctx.params.required("GroupName");
  const description = ctx.params.required("GroupDescription");
  const vpcId = ctx.params.string("VpcId");
  if (vpcId === undefined) throw new AwsFault("VPCIdNotSpecified", "No default VPC for this user");
  if (name.toLowerCase().startsWith("sg-"))
    throw new AwsFault("InvalidParameterValue", "Group names may not be in the format sg-*.");
  checkGroupText("name", name);
  checkGroupText("description", description);
  const tags = tagsFromSpecifications(ctx.params, "security-group");
  const group = await ctx.call((cloud) => {
    if (groupsNamed(cloud, name, vpcId).length > 0) {
      throw new AwsFault("InvalidGroup.Duplicate", `The security group '${name}' already exists for VPC '${vpcId}'`);
    }
    return cloud.securityGroups.create({ name, vpcId, description, rules: [defaultEgress], tags });
  });
  return { return: true, groupId: group.id, securityGroupArn: arnOf(ctx, group.id), tagSet: tagSet(group.tags) };
};

const groupFields = (ctx: Ec2Context): FilterFields<SecurityGroup> => ({
  "group-id": (g) => g.id,
  "group-name": (g) => g.name,
  "vpc-id": (g) => g.vpc.id,
  description: (g) => g.description,
  "owner-id": () => ctx.account,
  "ip-permission.cidr": (g) => g.rules.filter((r) => r.direction === "ingress").map((r) => r.cidr),
  "ip-permission.protocol": (g) => g.rules.filter((r) => r.direction === "ingress").map((r) => r.protocol),
  "ip-permission.from-port": (g) => g.rules.filter((r) => r.direction === "ingress").map((r) => r.portRange?.from),
  "ip-permission.to-port": (g) => g.rules.filter((r) => r.direction === "ingress").map((r) => r.portRange?.to),
  "egress.ip-permission.cidr": (g) => g.rules.filter((r) => r.direction === "egress").map((r) => r.cidr),
});

/** DescribeSecurityGroups: by id, by name, or filtered (vpc-id, group-name, ...) and paged. */
export const describeSecurityGroups: Ec2Action = async (ctx) => {
  const names = ctx.params.strings("GroupName");
  const fields = filterPredicate(readFilters(ctx.params), groupFields(ctx), (g) => g.tags);
  const match = (g: SecurityGroup) => (names.length === 0 || names.includes(g.name)) && fields(g);
  const page = await describe(ctx, {
    idParam: "GroupId",
    get: (cloud, id) => cloud.securityGroups.get(id),
    list: (cloud, options) => cloud.securityGroups.list(options),
    match,
  });
  return { securityGroupInfo: page.items.map((g) => renderGroup(ctx, g)), nextToken: page.nextToken };
};

/** DeleteSecurityGroup: by id (or by a name that is unique in the account's region). */
export const deleteSecurityGroup: Ec2Action = async (ctx) => {
  const id = ctx.params.string("GroupId");
  const name = ctx.params.string("GroupName");
  if (id === undefined && name === undefined)
    throw new AwsFault("MissingParameter", "The request must contain the parameter groupId");
  const deleted = await ctx.call((cloud) => {
    const target = id ?? groupsNamed(cloud, name ?? "")[0]?.id;
    if (target === undefined)
      throw new AwsFault("InvalidGroup.NotFound", `The security group '${name ?? ""}' does not exist`);
    const group = cloud.securityGroups.get(target);
    if (group.isDefault)
      throw new AwsFault(
        "CannotDelete",
        `the specified group: "${group.id}" name: "${group.name}" cannot be deleted by a user`,
      );
    cloud.securityGroups.delete(target);
    return target;
  });
  return { return: true, groupId: deleted };
};
