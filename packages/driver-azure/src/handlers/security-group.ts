import type { NetworkSecurityGroup } from "@azure/arm-network";
import { sameRule } from "@cloud-barista/core/driver";
import type { CallContext, IID, SecurityGroupHandler, SecurityGroupInfo } from "@cloud-barista/core/driver";
import { alreadyExists } from "../errors.js";
import type { AzureSession } from "../session.js";
import { exists, ignoreMissingGroup } from "./missing.js";
import { azureRules, isDriverDeny, portableRule } from "./security-rules.js";

/** The tag that keeps the virtual network a group was made for (NSGs belong to no network). */
export const vpcTagKey = "cloud-barista-vpc";

const nameOf = (iid: IID) => iid.systemId.split("/").pop() || iid.nameId;

/**
 * Security groups are network security groups of the connection's resource group. An NSG belongs
 * to no virtual network, so the one a group was made for is kept in its "cloud-barista-vpc" tag.
 * The driver gives its rules priorities 100, 101, ... per direction and adds a deny-all rule per
 * direction at 4096 (see security-rules.ts); changing rules PUTs the whole group.
 */
export function createSecurityGroupHandler(session: AzureSession): SecurityGroupHandler {
  const groups = () => session.clients.network.networkSecurityGroups;
  const vnetId = (name: string) =>
    `/subscriptions/${session.settings.subscriptionId}/resourceGroups/${session.group}/providers/Microsoft.Network/virtualNetworks/${name}`;
  const toInfo = (nsg: NetworkSecurityGroup): SecurityGroupInfo => {
    const tags = { ...nsg.tags };
    const vpc = tags[vpcTagKey] ?? "";
    delete tags[vpcTagKey];
    return {
      iid: { nameId: nsg.name ?? "", systemId: nsg.id ?? "" },
      vpcIID: { nameId: vpc, systemId: vpc ? vnetId(vpc) : "" },
      rules: (nsg.securityRules ?? []).flatMap((r) => {
        const rule = portableRule(r);
        return rule ? [rule] : [];
      }),
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
    };
  };
  const get = (name: string, ctx: CallContext) =>
    session.call(ctx, "NetworkSecurityGroups_Get", (options) => groups().get(session.group, name, options));
  const put = async (name: string, body: NetworkSecurityGroup, ctx: CallContext) => {
    const operation = await session.start(ctx, "NetworkSecurityGroups_CreateOrUpdate", (options) =>
      groups().createOrUpdate(session.group, name, body, options),
    );
    await session.finish(ctx, operation, `network security group ${name} to be provisioned`);
    // A group just made may not be readable yet (ARM's reads lag its writes).
    const id = session.idOf("Microsoft.Network/networkSecurityGroups", name);
    ctx.created(id);
    return ctx.whenVisible([id], () => get(name, ctx));
  };
  const remove = async (name: string, ctx: CallContext) => {
    const operation = await session.start(ctx, "NetworkSecurityGroups_Delete", (options) =>
      groups().delete(session.group, name, options),
    );
    await session.finish(ctx, operation, `network security group ${name} to be deleted`);
  };
  /** The group's own rules (the driver's deny rules aside), to PUT again with changes. */
  const kept = (nsg: NetworkSecurityGroup) => (nsg.securityRules ?? []).filter((r) => !isDriverDeny(r));
  return {
    async create(request, ctx) {
      await session.ensureGroup(ctx);
      if (await exists(get(request.name, ctx))) throw alreadyExists("network security group", request.name);
      const body: NetworkSecurityGroup = {
        location: session.settings.region,
        tags: { ...request.tags, [vpcTagKey]: request.vpcIID.nameId },
        securityRules: azureRules([], request.rules),
      };
      return ctx.compensate(async (undo) => {
        undo(`delete network security group ${request.name}`, (u) => remove(request.name, u));
        return toInfo(await put(request.name, body, ctx));
      });
    },

    get: async (group, ctx) => toInfo(await get(nameOf(group), ctx)),

    list: (ctx) =>
      ignoreMissingGroup(
        session.pages(ctx, "NetworkSecurityGroups_List", (options) => groups().list(session.group, options), toInfo),
      ),

    delete: (group, ctx) => remove(nameOf(group), ctx),

    async addRules(group, rules, ctx) {
      const name = nameOf(group);
      const nsg = await get(name, ctx);
      return toInfo(await put(name, { ...nsg, securityRules: azureRules(kept(nsg), rules) }, ctx));
    },

    async removeRules(group, rules, ctx) {
      const name = nameOf(group);
      const nsg = await get(name, ctx);
      const left = kept(nsg).filter((r) => {
        const rule = portableRule(r);
        return !(rule && rules.some((doomed) => sameRule(rule, doomed)));
      });
      await put(name, { ...nsg, securityRules: azureRules(left, []) }, ctx);
    },
  };
}
