import type { AccountRegion } from "../../world/account-region.js";
import { isWorldError } from "../../world/errors.js";
import type { Subnet, Vpc } from "../../world/types.js";
import type { ActionContext, ActionRegistration } from "./actions.js";
import { AlibabaError, incorrectStatusError, invalidParameter } from "./errors.js";
import { idempotent } from "./idempotency.js";
import { descriptionParam, nameParam } from "./names.js";
import { numberedPage } from "./paging.js";
import { vpc } from "./products.js";
import { isoTime, keyValueTags } from "./render.js";
import { requireOpenZone } from "./zone-offers.js";

const placeholder = "unnamed";

/** Ranges VPC refuses for a VPC: 0/8, 100.64/10, 127/8, 169.254/16 and 224/3 (multicast and above). */
function reservedCidr(cidr: string): boolean {
  const octets = cidr.split("/")[0]?.split(".").map(Number) ?? [];
  const [a = -1, b = -1] = octets;
  return a === 0 || a === 127 || a >= 224 || (a === 100 && b >= 64 && b < 128) || (a === 169 && b === 254);
}

function now(c: ActionContext): number {
  return c.world.clock.now();
}

/** A CIDR refusal in VPC's words: overlapping, or not within the VPC. */
function cidrError(error: unknown): never {
  if (isWorldError(error, "InvalidParameter") && error.field === "cidr") {
    if (/overlaps/.test(error.message)) {
      throw new AlibabaError("InvalidCidrBlock.Overlapped", "Specified CIDR block overlapped with other VSwitch.");
    }
    throw new AlibabaError("InvalidCidrBlock.Malformed", `Specified CIDR block is not valid. ${error.message}`);
  }
  throw error;
}

function renderVpc(c: ActionContext, v: Vpc): Record<string, unknown> {
  return {
    VpcId: v.id,
    RegionId: c.region,
    Status: c.state.statusOf(v.id, now(c)),
    VpcName: c.state.nameOf(v),
    Description: c.state.descriptions.get(v.id) ?? "",
    CreationTime: isoTime(v.createdAt),
    CidrBlock: v.cidr ?? "",
    Ipv6CidrBlock: "",
    VRouterId: `vrt-${v.id.slice(4)}`,
    IsDefault: v.isDefault === true,
    OwnerId: Number(c.caller.account) || 0,
    ResourceGroupId: "rg-acfmdefault",
    VSwitchIds: { VSwitchId: v.subnets.map((s) => s.id) },
    UserCidrs: { UserCidr: [] },
    NatGatewayIds: { NatGatewayIds: [] },
    RouterTableIds: { RouterTableIds: [`vtb-${v.id.slice(4)}`] },
    SecondaryCidrBlocks: { SecondaryCidrBlock: [] },
    Tags: keyValueTags(v.tags),
  };
}

export function renderVSwitch(c: ActionContext, s: Subnet): Record<string, unknown> {
  return {
    VSwitchId: s.id,
    VpcId: s.vpcId,
    Status: c.state.statusOf(s.id, now(c)),
    CidrBlock: s.cidr,
    Ipv6CidrBlock: "",
    ZoneId: s.zone,
    AvailableIpAddressCount: s.availableIpCount,
    Description: c.state.descriptions.get(s.id) ?? "",
    VSwitchName: c.state.nameOf(s),
    CreationTime: isoTime(s.createdAt),
    IsDefault: s.defaultForZone === true,
    OwnerId: Number(c.caller.account) || 0,
    ResourceGroupId: "rg-acfmdefault",
    ShareType: "Sharing",
    NetworkAclId: "",
    RouteTable: { RouteTableId: `vtb-${s.vpcId.slice(4)}`, RouteTableType: "System" },
    Tags: keyValueTags(s.tags),
  };
}

/** A VPC that must be Available for the action (VSwitches, deletion). */
export function requireAvailableVpc(c: ActionContext, cloud: AccountRegion, id: string): Vpc {
  const v = cloud.vpcs.get(id);
  if (c.state.statusOf(id, now(c)) !== "Available") {
    throw incorrectStatusError("network", "The current status of the VPC does not support this operation.");
  }
  return v;
}

/** A VSwitch that must be Available for the action (instances, deletion). */
export function requireAvailableVSwitch(c: ActionContext, cloud: AccountRegion, id: string): Subnet {
  const s = cloud.subnets.get(id);
  if (c.state.statusOf(id, now(c)) !== "Available") {
    throw new AlibabaError(
      "IncorrectVSwitchStatus",
      "The current status of vSwitch does not support this operation.",
      400,
    );
  }
  return s;
}

const createVpc: ActionRegistration = {
  product: vpc,
  action: "CreateVpc",
  handler: async (c) => {
    const cidr = c.params.string("CidrBlock") ?? "172.16.0.0/12";
    if (reservedCidr(cidr)) {
      throw new AlibabaError(
        "InvalidCidrBlock.Malformed",
        `Specified CIDR block ${cidr} is reserved and cannot be a VPC's.`,
      );
    }
    const name = nameParam(c.params, "VpcName", 1);
    const description = descriptionParam(c.params);
    const tags = c.params.tags();
    return idempotent(c, (cloud) => {
      let made: Vpc;
      try {
        made = cloud.vpcs.create({ name: name ?? placeholder, cidr, tags });
      } catch (error) {
        if (isWorldError(error, "InvalidParameter") && error.field === "cidr") {
          throw new AlibabaError("InvalidCidrBlock.Malformed", `Specified CIDR block is not valid. ${error.message}`);
        }
        if (isWorldError(error, "QuotaExceeded")) {
          throw new AlibabaError("QuotaExceeded.Vpc", "The number of VPCs has reached the limit.", 400);
        }
        throw error;
      }
      if (name === undefined) c.state.unnamed.add(made.id);
      if (description !== undefined) c.state.descriptions.set(made.id, description);
      c.state.availableAt.set(made.id, now(c) + c.settings.vpcPendingMs);
      return {
        VpcId: made.id,
        VRouterId: `vrt-${made.id.slice(4)}`,
        RouteTableId: `vtb-${made.id.slice(4)}`,
        ResourceGroupId: "rg-acfmdefault",
      };
    });
  },
};

const describeVpcs: ActionRegistration = {
  product: vpc,
  action: "DescribeVpcs",
  handler: async (c) => {
    const ids = c.params.string("VpcId")?.split(",");
    if (ids && ids.length > 20) throw invalidParameter("VpcId", "At most 20 VPC ids are allowed.");
    const name = c.params.string("VpcName");
    const isDefault = c.params.bool("IsDefault");
    const tags = c.params.tags();
    return c.call((cloud) => {
      const vpcs = cloud.vpcs
        .list()
        .items.filter(
          (v) =>
            (ids === undefined || ids.includes(v.id)) &&
            (name === undefined || c.state.nameOf(v) === name) &&
            (isDefault === undefined || (v.isDefault === true) === isDefault) &&
            Object.entries(tags).every(([k, val]) => v.tags[k] === val),
        );
      const page = numberedPage(vpcs, c.params, c.pages, { max: 50 });
      return { ...page.fields, Vpcs: { Vpc: page.items.map((v) => renderVpc(c, v)) } };
    });
  },
};

const deleteVpc: ActionRegistration = {
  product: vpc,
  action: "DeleteVpc",
  handler: async (c) => {
    const id = c.params.required("VpcId");
    return c.call((cloud) => {
      requireAvailableVpc(c, cloud, id);
      cloud.vpcs.delete(id);
      c.state.availableAt.delete(id);
      return {};
    });
  },
};

const createVSwitch: ActionRegistration = {
  product: vpc,
  action: "CreateVSwitch",
  handler: async (c) => {
    const zoneId = c.params.required("ZoneId");
    const cidr = c.params.required("CidrBlock");
    const vpcId = c.params.required("VpcId");
    const name = nameParam(c.params, "VSwitchName", 1);
    const description = descriptionParam(c.params);
    const tags = c.params.tags();
    return idempotent(c, (cloud) => {
      requireOpenZone(cloud, zoneId);
      requireAvailableVpc(c, cloud, vpcId);
      let made: Subnet;
      try {
        made = cloud.subnets.create({ vpcId, name: name ?? placeholder, cidr, zone: zoneId, tags });
      } catch (error) {
        if (isWorldError(error, "QuotaExceeded")) {
          throw new AlibabaError("QuotaExceeded.VSwitch", "The number of VSwitches in the VPC has reached the limit.");
        }
        cidrError(error);
      }
      if (name === undefined) c.state.unnamed.add(made.id);
      if (description !== undefined) c.state.descriptions.set(made.id, description);
      c.state.availableAt.set(made.id, now(c) + c.settings.vpcPendingMs);
      return { VSwitchId: made.id };
    });
  },
};

const describeVSwitches: ActionRegistration = {
  product: vpc,
  action: "DescribeVSwitches",
  handler: async (c) => {
    const vpcId = c.params.string("VpcId");
    const ids = c.params.string("VSwitchId")?.split(",");
    const zoneId = c.params.string("ZoneId");
    const name = c.params.string("VSwitchName");
    const tags = c.params.tags();
    return c.call((cloud) => {
      const switches = cloud.subnets
        .list()
        .items.filter(
          (s) =>
            (vpcId === undefined || s.vpcId === vpcId) &&
            (ids === undefined || ids.includes(s.id)) &&
            (zoneId === undefined || s.zone === zoneId) &&
            (name === undefined || c.state.nameOf(s) === name) &&
            Object.entries(tags).every(([k, val]) => s.tags[k] === val),
        );
      const page = numberedPage(switches, c.params, c.pages, { max: 50 });
      return { ...page.fields, VSwitches: { VSwitch: page.items.map((s) => renderVSwitch(c, s)) } };
    });
  },
};

const deleteVSwitch: ActionRegistration = {
  product: vpc,
  action: "DeleteVSwitch",
  handler: async (c) => {
    const id = c.params.required("VSwitchId");
    return c.call((cloud) => {
      requireAvailableVSwitch(c, cloud, id);
      cloud.subnets.delete(id);
      c.state.availableAt.delete(id);
      return {};
    });
  },
};

export const networkActions: readonly ActionRegistration[] = [
  createVpc,
  describeVpcs,
  deleteVpc,
  createVSwitch,
  describeVSwitches,
  deleteVSwitch,
];
