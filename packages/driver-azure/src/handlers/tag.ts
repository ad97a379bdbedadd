import type { LoadBalancer, NetworkSecurityGroup, VirtualNetwork } from "@azure/arm-network";
import type { Image, SshPublicKeyResource, VirtualMachine } from "@azure/arm-compute";
import { ownRecord, tagReads, tagsMatch } from "@cloud-barista/core/driver";
import type { CallContext, ResourceType, TagHandler, TagTarget, TaggedResource } from "@cloud-barista/core/driver";
import { notFound, notSupported } from "../errors.js";
import type { AzureSession } from "../session.js";
import { ignoreMissingGroup } from "./missing.js";
import { sourceVmTagKey } from "./my-image.js";
import { vpcTagKey } from "./security-group.js";
import { keyPairTagKey } from "./vm.js";

/** The resource types the driver tags, and their ARM types. Subnets carry no tags in ARM. */
export const taggedTypes = {
  vpc: "Microsoft.Network/virtualNetworks",
  securityGroup: "Microsoft.Network/networkSecurityGroups",
  keyPair: "Microsoft.Compute/sshPublicKeys",
  vm: "Microsoft.Compute/virtualMachines",
  myImage: "Microsoft.Compute/images",
  nlb: "Microsoft.Network/loadBalancers",
} as const;

type TaggedType = keyof typeof taggedTypes;

const isTagged = (type: ResourceType): type is TaggedType => Object.hasOwn(taggedTypes, type);

/** A resource's tags as the user sees them: the driver's own key left out. */
function userTags(tags: Readonly<Record<string, string>> | undefined) {
  const own = ownRecord(tags ?? {});
  delete own[vpcTagKey];
  delete own[keyPairTagKey];
  delete own[sourceVmTagKey];
  return own;
}

/**
 * Tags through ARM's Tags API at the resource's scope (`Tags_GetAtScope`, `Tags_UpdateAtScope`
 * with Merge or Delete): virtual networks, network security groups, SSH public keys, VMs, managed
 * images and load balancers. `find`
 * lists those resources of the connection's resource group and matches their tags.
 */
export function createTagHandler(session: AzureSession): TagHandler {
  const tags = () => session.clients.resources.tagsOperations;
  const scopeOf = (target: TagTarget) => {
    if (!isTagged(target.resourceType)) throw notSupportedType(target.resourceType);
    const { subscriptionId } = session.settings;
    const name = target.iid.systemId.split("/").pop() || target.iid.nameId;
    // The SDK puts the scope after a "/" of its own: no leading slash here.
    return `subscriptions/${subscriptionId}/resourceGroups/${session.group}/providers/${taggedTypes[target.resourceType]}/${name}`;
  };
  const list = async (target: TagTarget, ctx: CallContext) => {
    const scope = scopeOf(target);
    const answer = await session.call(ctx, "Tags_GetAtScope", (options) => tags().getAtScope(scope, options));
    return userTags(answer.properties.tags);
  };
  const patch = async (
    target: TagTarget,
    operation: "Merge" | "Delete",
    key: string,
    value: string,
    ctx: CallContext,
  ) => {
    const scope = scopeOf(target);
    const operationStarted = await session.start(ctx, "Tags_UpdateAtScope", (options) =>
      tags().updateAtScope(scope, { operation, properties: { tags: ownRecord([[key, value]]) } }, options),
    );
    await session.finish(ctx, operationStarted, `tags of ${target.iid.nameId} to be updated`);
  };
  const tagged = <T extends { id?: string; name?: string; tags?: Record<string, string> }>(
    resourceType: TaggedType,
    items: AsyncIterable<T>,
    keyword: string,
  ) =>
    (async function* (): AsyncGenerator<TaggedResource> {
      for await (const item of ignoreMissingGroup(items)) {
        const own = userTags(item.tags);
        if (tagsMatch(own, keyword))
          yield { resourceType, iid: { nameId: item.name ?? "", systemId: item.id ?? "" }, tags: own };
      }
    })();
  const lists: Record<
    TaggedType,
    (ctx: CallContext) => AsyncIterable<{ id?: string; name?: string; tags?: Record<string, string> }>
  > = {
    vpc: (ctx) =>
      session.pages(
        ctx,
        "VirtualNetworks_List",
        (o) => session.clients.network.virtualNetworks.list(session.group, o),
        (v: VirtualNetwork) => v,
      ),
    securityGroup: (ctx) =>
      session.pages(
        ctx,
        "NetworkSecurityGroups_List",
        (o) => session.clients.network.networkSecurityGroups.list(session.group, o),
        (g: NetworkSecurityGroup) => g,
      ),
    keyPair: (ctx) =>
      session.pages(
        ctx,
        "SshPublicKeys_ListByResourceGroup",
        (o) => session.clients.compute.sshPublicKeys.listByResourceGroup(session.group, o),
        (k: SshPublicKeyResource) => k,
      ),
    vm: (ctx) =>
      session.pages(
        ctx,
        "VirtualMachines_List",
        (o) => session.clients.compute.virtualMachines.list(session.group, o),
        (v: VirtualMachine) => v,
      ),
    myImage: (ctx) =>
      session.pages(
        ctx,
        "Images_ListByResourceGroup",
        (o) => session.clients.compute.images.listByResourceGroup(session.group, o),
        (i: Image) => i,
      ),
    nlb: (ctx) =>
      session.pages(
        ctx,
        "LoadBalancers_List",
        (o) => session.clients.network.loadBalancers.list(session.group, o),
        (lb: LoadBalancer) => lb,
      ),
  };
  return {
    async add(target, tag, ctx) {
      await patch(target, "Merge", tag.key, tag.value, ctx);
      return { key: tag.key, value: tag.value };
    },
    ...tagReads(list, notFound),
    // Deleting by name only (an empty value) removes the key whatever its value; a missing key is no error.
    remove: (target, key, ctx) => patch(target, "Delete", key, "", ctx),
    async *find(resourceType, keyword, ctx) {
      const types = resourceType === "all" ? (Object.keys(taggedTypes) as TaggedType[]) : [resourceType];
      for (const type of types) {
        if (!isTagged(type)) throw notSupportedType(type);
        yield* tagged(type, lists[type](ctx), keyword);
      }
    },
  };
}

function notSupportedType(type: ResourceType) {
  return notSupported(`tags on ${type}`);
}
