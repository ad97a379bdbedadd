import { tagReads, tagsMatch } from "@cloud-barista/core/driver";
import type { CallContext, IID, ResourceType, TagHandler, Tags, TagTarget } from "@cloud-barista/core/driver";
import { serviceOf } from "../apis.js";
import type { OpenStackApiName } from "../apis.js";
import { notFound, notSupported } from "../errors.js";
import type { OpenStackSession } from "../session.js";
import { settledLoadBalancer } from "./nlb.js";
import { checkTagKey, decodeTags, encodeTag, metadataTags, rawTag } from "../tags.js";

/** What a listed resource of any taggable type looks like, as far as tags go. */
interface Listed {
  id: string;
  name?: string | null;
  tags?: string[];
  metadata?: Tags;
}

/** Where each taggable type is listed (API, query): see docs/drivers/openstack.md. */
const listings: Readonly<Partial<Record<ResourceType, readonly [OpenStackApiName, Record<string, string | boolean>]>>> =
  {
    vpc: ["neutron:ListNetworks", { "router:external": false }],
    subnet: ["neutron:ListSubnets", {}],
    securityGroup: ["neutron:ListSecurityGroups", {}],
    vm: ["nova:ListServersDetailed", {}],
    disk: ["cinder:ListVolumesDetailed", {}],
    myImage: ["glance:ListImages", { visibility: "private" }],
    nlb: ["octavia:ListLoadBalancers", {}],
  };

/** Resource types that carry tags; key pairs carry none. */
export const taggableTypes = Object.keys(listings) as ResourceType[];

/** Nova and Cinder keep tags as metadata; the others as "key=value" strings. */
const tagsOf = (resource: Listed): Tags =>
  resource.metadata ? metadataTags(resource.metadata) : decodeTags(resource.tags);

/** Reads and writes one resource's tags in its service's own form. */
interface TagStore {
  read(ctx: CallContext, iid: IID): Promise<Tags>;
  set(ctx: CallContext, iid: IID, key: string, value: string): Promise<void>;
  remove(ctx: CallContext, iid: IID, key: string): Promise<void>;
}

type Apis = readonly [read: OpenStackApiName, set: OpenStackApiName, remove: OpenStackApiName];
const serverMetadata: Apis = ["nova:ListServerMetadata", "nova:UpdateServerMetadata", "nova:DeleteServerMetadataItem"];
const volumeMetadata: Apis = [
  "cinder:ShowVolumeMetadata",
  "cinder:CreateVolumeMetadata",
  "cinder:DeleteVolumeMetadataItem",
];

/** Tags kept as "key=value" strings and written back as a whole set (Neutron, Octavia). */
function wholeSetStore(
  raw: (ctx: CallContext, iid: IID) => Promise<string[]>,
  replace: (ctx: CallContext, iid: IID, tags: string[]) => Promise<unknown>,
): TagStore {
  const without = async (ctx: CallContext, iid: IID, key: string): Promise<string[]> => {
    const tags = await raw(ctx, iid);
    const old = rawTag(tags, key);
    return tags.filter((t) => t !== old);
  };
  return {
    read: async (ctx, iid) => decodeTags(await raw(ctx, iid)),
    set: async (ctx, iid, key, value) =>
      void (await replace(ctx, iid, [...(await without(ctx, iid, key)), encodeTag(key, value)])),
    remove: async (ctx, iid, key) => void (await replace(ctx, iid, await without(ctx, iid, key))),
  };
}

/** Metadata (Nova servers, Cinder volumes): read whole, set and removed key by key. */
function metadataStore(session: OpenStackSession, [read, set, remove]: Apis): TagStore {
  return {
    read: async (ctx, iid) => metadataTags(await session.call<Tags>(ctx, read, { id: iid.systemId })),
    set: async (ctx, iid, key, value) => void (await session.call(ctx, set, { id: iid.systemId }, { [key]: value })),
    remove: async (ctx, iid, key) => void (await session.call(ctx, remove, { id: iid.systemId, key })),
  };
}

function storeFor(session: OpenStackSession, type: ResourceType): TagStore {
  switch (type) {
    case "vpc":
    case "subnet":
    case "securityGroup": {
      const collection = { vpc: "networks", subnet: "subnets", securityGroup: "security-groups" }[type];
      return wholeSetStore(
        (ctx, iid) => session.call<string[]>(ctx, "neutron:ListTags", { collection, id: iid.systemId }),
        (ctx, iid, tags) => session.call(ctx, "neutron:ReplaceTags", { collection, id: iid.systemId }, tags),
      );
    }
    case "vm":
      return metadataStore(session, serverMetadata);
    case "disk":
      return metadataStore(session, volumeMetadata);
    case "myImage": {
      // Glance: string tags "key=value", added and deleted one by one.
      const raw = async (ctx: CallContext, iid: IID) =>
        (await session.call<Listed>(ctx, "glance:ShowImage", { id: iid.systemId })).tags ?? [];
      const drop = async (ctx: CallContext, iid: IID, key: string) => {
        const old = rawTag(await raw(ctx, iid), key);
        if (old !== undefined) await session.call(ctx, "glance:DeleteImageTag", { id: iid.systemId, tag: old });
      };
      return {
        read: async (ctx, iid) => decodeTags(await raw(ctx, iid)),
        async set(ctx, iid, key, value) {
          await drop(ctx, iid, key);
          await session.call(ctx, "glance:AddImageTag", { id: iid.systemId, tag: encodeTag(key, value) });
        },
        remove: drop,
      };
    }
    case "nlb":
      // Octavia: string tags "key=value", replaced as a whole set by updating the balancer, which
      // is then PENDING_UPDATE: the change waits for it to settle, before and after.
      return wholeSetStore(
        async (ctx, iid) =>
          (await session.call<Listed>(ctx, "octavia:ShowLoadBalancer", { id: iid.systemId })).tags ?? [],
        async (ctx, iid, tags) => {
          await settledLoadBalancer(session, ctx, iid.systemId);
          await session.call(ctx, "octavia:UpdateLoadBalancer", { id: iid.systemId }, { tags });
          await settledLoadBalancer(session, ctx, iid.systemId);
        },
      );
    default:
      throw notSupported(`tags on ${type}`);
  }
}

/**
 * Tags in each service's own form: Nova server metadata, Cinder volume metadata, and "key=value"
 * string tags on Neutron networks, subnets and security groups, Glance images and Octavia load
 * balancers. Key pairs carry none.
 */
export function createTagHandler(session: OpenStackSession): TagHandler {
  const read = (target: TagTarget, ctx: CallContext) => storeFor(session, target.resourceType).read(ctx, target.iid);
  const missing = (target: TagTarget, key: string) =>
    notFound("tag", key, `${target.resourceType} "${target.iid.nameId}"`);
  return {
    async add(target, tag, ctx) {
      checkTagKey(tag.key);
      await storeFor(session, target.resourceType).set(ctx, target.iid, tag.key, tag.value);
      return { key: tag.key, value: tag.value };
    },
    ...tagReads(read, notFound),
    async remove(target, key, ctx) {
      if (!Object.hasOwn(await read(target, ctx), key)) throw missing(target, key);
      await storeFor(session, target.resourceType).remove(ctx, target.iid, key);
    },
    async *find(resourceType, keyword, ctx) {
      for (const type of resourceType === "all" ? taggableTypes : [resourceType]) {
        const listing = listings[type];
        if (!listing) throw notSupported(`tags on ${type}`);
        // "all" means what the region has: it may lack Block Storage or Octavia.
        if (resourceType === "all" && !(await session.hasEndpoint(ctx, serviceOf(listing[0])))) continue;
        for await (const found of session.list<Listed>(ctx, ...listing)) {
          const tags = tagsOf(found);
          if (tagsMatch(tags, keyword))
            yield { resourceType: type, iid: { nameId: found.name ?? "", systemId: found.id }, tags };
        }
      }
    },
  };
}
