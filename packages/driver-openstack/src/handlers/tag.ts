import { notSupported } from "@cloud-barista/core";
import type {
  CallContext,
  IID,
  ResourceType,
  TagHandler,
  TaggedResource,
  TagInfo,
  Tags,
  TagTarget,
} from "@cloud-barista/core";
import { missing, provider } from "../errors.js";
import type { OpenStackSession } from "../session.js";
import { decodeTags, encodeTag, rawTag } from "../tags.js";
import type {
  CinderVolume,
  GlanceImage,
  NeutronNetwork,
  NeutronSecurityGroup,
  NeutronSubnet,
  NovaServer,
  OctaviaLoadBalancer,
} from "./native-types.js";

/** Resource types that carry tags, and where: see docs/drivers/openstack.md. */
export const taggableTypes: readonly ResourceType[] = [
  "vpc",
  "subnet",
  "securityGroup",
  "vm",
  "disk",
  "myImage",
  "nlb",
];

const neutronCollections: Partial<Record<ResourceType, string>> = {
  vpc: "networks",
  subnet: "subnets",
  securityGroup: "security-groups",
};

/** Reads and writes one resource's tags in its service's own form. */
interface TagStore {
  read(ctx: CallContext, iid: IID): Promise<Tags>;
  set(ctx: CallContext, iid: IID, key: string, value: string): Promise<void>;
  remove(ctx: CallContext, iid: IID, key: string): Promise<void>;
}

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
    async set(ctx, iid, key, value) {
      await replace(ctx, iid, [...(await without(ctx, iid, key)), encodeTag(key, value)]);
    },
    async remove(ctx, iid, key) {
      await replace(ctx, iid, await without(ctx, iid, key));
    },
  };
}

function storeFor(session: OpenStackSession, type: ResourceType): TagStore {
  const collection = neutronCollections[type];
  if (collection) {
    // Neutron: string tags "key=value", replaced as a whole set.
    const raw = async (ctx: CallContext, iid: IID) =>
      (
        await session.request<{ tags: string[] }>(ctx, "neutron:ListTags", {
          service: "network",
          method: "GET",
          path: `/${collection}/${iid.systemId}/tags`,
        })
      ).tags;
    const replace = (ctx: CallContext, iid: IID, tags: string[]) =>
      session.request(ctx, "neutron:ReplaceTags", {
        service: "network",
        method: "PUT",
        path: `/${collection}/${iid.systemId}/tags`,
        body: { tags },
      });
    return wholeSetStore(raw, replace);
  }
  switch (type) {
    case "vm": // Nova server metadata.
      return {
        read: async (ctx, iid) =>
          (
            await session.request<{ metadata: Tags }>(ctx, "nova:ListServerMetadata", {
              service: "compute",
              method: "GET",
              path: `/servers/${iid.systemId}/metadata`,
            })
          ).metadata,
        set: async (ctx, iid, key, value) => {
          await session.request(ctx, "nova:UpdateServerMetadata", {
            service: "compute",
            method: "POST",
            path: `/servers/${iid.systemId}/metadata`,
            body: { metadata: { [key]: value } },
          });
        },
        remove: async (ctx, iid, key) => {
          await session.request(ctx, "nova:DeleteServerMetadataItem", {
            service: "compute",
            method: "DELETE",
            path: `/servers/${iid.systemId}/metadata/${encodeURIComponent(key)}`,
          });
        },
      };
    case "disk": // Cinder volume metadata.
      return {
        read: async (ctx, iid) =>
          (
            await session.request<{ metadata: Tags }>(ctx, "cinder:ShowVolumeMetadata", {
              service: "volumev3",
              method: "GET",
              path: `/volumes/${iid.systemId}/metadata`,
            })
          ).metadata,
        set: async (ctx, iid, key, value) => {
          await session.request(ctx, "cinder:CreateVolumeMetadata", {
            service: "volumev3",
            method: "POST",
            path: `/volumes/${iid.systemId}/metadata`,
            body: { metadata: { [key]: value } },
          });
        },
        remove: async (ctx, iid, key) => {
          await session.request(ctx, "cinder:DeleteVolumeMetadataItem", {
            service: "volumev3",
            method: "DELETE",
            path: `/volumes/${iid.systemId}/metadata/${encodeURIComponent(key)}`,
          });
        },
      };
    case "myImage": {
      // Glance: string tags "key=value", added and deleted one by one.
      const raw = async (ctx: CallContext, iid: IID) =>
        (
          await session.request<GlanceImage>(ctx, "glance:ShowImage", {
            service: "image",
            method: "GET",
            path: `/images/${iid.systemId}`,
          })
        ).tags ?? [];
      const drop = (ctx: CallContext, iid: IID, tag: string) =>
        session.request(ctx, "glance:DeleteImageTag", {
          service: "image",
          method: "DELETE",
          path: `/images/${iid.systemId}/tags/${encodeURIComponent(tag)}`,
        });
      return {
        read: async (ctx, iid) => decodeTags(await raw(ctx, iid)),
        async set(ctx, iid, key, value) {
          const old = rawTag(await raw(ctx, iid), key);
          if (old !== undefined) await drop(ctx, iid, old);
          await session.request(ctx, "glance:AddImageTag", {
            service: "image",
            method: "PUT",
            path: `/images/${iid.systemId}/tags/${encodeURIComponent(encodeTag(key, value))}`,
          });
        },
        async remove(ctx, iid, key) {
          const old = rawTag(await raw(ctx, iid), key);
          if (old !== undefined) await drop(ctx, iid, old);
        },
      };
    }
    case "nlb": {
      // Octavia: string tags "key=value", replaced as a whole set by updating the balancer.
      const raw = async (ctx: CallContext, iid: IID) =>
        (
          await session.request<{ loadbalancer: OctaviaLoadBalancer }>(ctx, "octavia:ShowLoadBalancer", {
            service: "load-balancer",
            method: "GET",
            path: `/lbaas/loadbalancers/${iid.systemId}`,
          })
        ).loadbalancer.tags ?? [];
      const replace = (ctx: CallContext, iid: IID, tags: string[]) =>
        session.request(ctx, "octavia:UpdateLoadBalancer", {
          service: "load-balancer",
          method: "PUT",
          path: `/lbaas/loadbalancers/${iid.systemId}`,
          body: { loadbalancer: { tags } },
        });
      return wholeSetStore(raw, replace);
    }
    default:
      throw notSupported(provider, `tags on ${type}`);
  }
}

/** Every resource of a type with its tags, for tag searches. */
function tagged(
  session: OpenStackSession,
  ctx: CallContext,
  type: ResourceType,
): AsyncIterable<{ iid: IID; tags: Tags }> {
  const item = (name: string | null | undefined, id: string, tags: Tags) => ({
    iid: { nameId: name ?? "", systemId: id },
    tags,
  });
  switch (type) {
    case "vpc":
      return session.list<NeutronNetwork, { iid: IID; tags: Tags }>(
        ctx,
        "neutron:ListNetworks",
        { service: "network", path: "/networks", query: { "router:external": false } },
        "networks",
        (n) => item(n.name, n.id, decodeTags(n.tags)),
      );
    case "subnet":
      return session.list<NeutronSubnet, { iid: IID; tags: Tags }>(
        ctx,
        "neutron:ListSubnets",
        { service: "network", path: "/subnets" },
        "subnets",
        (s) => item(s.name, s.id, decodeTags(s.tags)),
      );
    case "securityGroup":
      return session.list<NeutronSecurityGroup, { iid: IID; tags: Tags }>(
        ctx,
        "neutron:ListSecurityGroups",
        { service: "network", path: "/security-groups" },
        "security_groups",
        (g) => item(g.name, g.id, decodeTags(g.tags)),
      );
    case "vm":
      return session.list<NovaServer, { iid: IID; tags: Tags }>(
        ctx,
        "nova:ListServersDetailed",
        { service: "compute", path: "/servers/detail" },
        "servers",
        (s) => item(s.name, s.id, s.metadata ?? {}),
      );
    case "disk":
      return session.list<CinderVolume, { iid: IID; tags: Tags }>(
        ctx,
        "cinder:ListVolumesDetailed",
        { service: "volumev3", path: "/volumes/detail" },
        "volumes",
        (v) => item(v.name, v.id, v.metadata ?? {}),
      );
    case "myImage":
      return session.list<GlanceImage, { iid: IID; tags: Tags }>(
        ctx,
        "glance:ListImages",
        { service: "image", path: "/images", query: { visibility: "private" } },
        "images",
        (i) => item(i.name, i.id, decodeTags(i.tags)),
      );
    case "nlb":
      return session.list<OctaviaLoadBalancer, { iid: IID; tags: Tags }>(
        ctx,
        "octavia:ListLoadBalancers",
        { service: "load-balancer", path: "/lbaas/loadbalancers" },
        "loadbalancers",
        (l) => item(l.name, l.id, decodeTags(l.tags)),
      );
    default:
      throw notSupported(provider, `tags on ${type}`);
  }
}

function matches(tags: Tags, keyword: string): boolean {
  const entries = Object.entries(tags);
  return keyword === "" ? entries.length > 0 : entries.some(([k, v]) => k.includes(keyword) || v.includes(keyword));
}

/**
 * Tags in each service's own form: Nova server metadata, Cinder volume metadata, and "key=value"
 * string tags on Neutron networks, subnets and security groups, Glance images and Octavia load
 * balancers. Key pairs carry none.
 */
export function createTagHandler(session: OpenStackSession): TagHandler {
  const read = async (target: TagTarget, ctx: CallContext): Promise<TagInfo[]> =>
    Object.entries(await storeFor(session, target.resourceType).read(ctx, target.iid)).map(([key, value]) => ({
      key,
      value,
    }));
  return {
    async add(target, tag, ctx) {
      await storeFor(session, target.resourceType).set(ctx, target.iid, tag.key, tag.value);
      return { key: tag.key, value: tag.value };
    },
    list: read,
    async get(target, key, ctx) {
      const found = (await read(target, ctx)).find((t) => t.key === key);
      if (!found) throw missing("tag", key, `${target.resourceType} "${target.iid.nameId}" has no tag "${key}"`);
      return found;
    },
    async remove(target, key, ctx) {
      const store = storeFor(session, target.resourceType);
      if (!(key in (await store.read(ctx, target.iid))))
        throw missing("tag", key, `${target.resourceType} "${target.iid.nameId}" has no tag "${key}"`);
      await store.remove(ctx, target.iid, key);
    },
    async *find(resourceType, keyword, ctx) {
      for (const type of resourceType === "all" ? taggableTypes : [resourceType]) {
        for await (const found of tagged(session, ctx, type)) {
          if (matches(found.tags, keyword))
            yield { resourceType: type, iid: found.iid, tags: found.tags } satisfies TaggedResource;
        }
      }
    },
  };
}
