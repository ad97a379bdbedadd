import { clusterSecurityGroupsTagKey, clusterSubnetsTagKey } from "./cluster.js";
import { ownRecord, tagReads, tagsMatch } from "@cloud-barista/core/driver";
import type { CallContext, ResourceType, TagHandler, TaggedResource, Tags } from "@cloud-barista/core/driver";
import type { TencentApi } from "../apis.js";
import { invalid, notFound, notSupported } from "../errors.js";
import { keyNameOf, keyNameTagKey } from "../key-name.js";
import { filters } from "../session.js";
import type { ApiAnswer, TencentSession } from "../session.js";
import { tagsOf } from "../tags.js";
import type { AnsweredTag } from "../tags.js";
import { sourceVmTagKey } from "./my-image.js";
import { nlbVmPortTagKey } from "./nlb.js";
import { securityGroupVpcTagKey } from "./security-group.js";
import { imageTypeTagKey, vmUserTagKey } from "./vm-map.js";

/** The tag keys the driver keeps for itself. */
export const reservedTagKeys = [
  sourceVmTagKey,
  imageTypeTagKey,
  vmUserTagKey,
  securityGroupVpcTagKey,
  nlbVmPortTagKey,
  keyNameTagKey,
  clusterSubnetsTagKey,
  clusterSecurityGroupsTagKey,
] as const;

/** A resource as its service's Describe answers it: id, name, tags. */
interface Listed {
  id: string;
  name: string;
  tags: readonly AnsweredTag[] | undefined;
}

interface Kind {
  /** The six-segment resource name's service and prefix: `qcs::<service>:<region>:uin/<uin>:<prefix>/<id>`. */
  service: string;
  prefix: string;
  api: TencentApi;
  /** The Describe parameters of every resource of the kind, and of one by id. */
  all: Record<string, unknown>;
  one: (id: string) => Record<string, unknown>;
  items: (answer: never) => readonly unknown[] | undefined;
  map: (item: never) => Listed;
  /** The VPC service takes Offset and Limit as strings. */
  asText?: boolean;
}

type Tagged = { Tags?: AnsweredTag[] };
type TagSet = { TagSet?: AnsweredTag[] };

/** Where each resource type is read with its tags, and how the tag service names it. */
export const taggedTypes: Readonly<Record<ResourceType, Kind>> = {
  vm: {
    service: "cvm",
    prefix: "instance",
    api: "DescribeInstances",
    all: {},
    one: (id) => ({ InstanceIds: [id] }),
    items: (a: { InstanceSet?: unknown[] }) => a.InstanceSet,
    map: (i: { InstanceId?: string; InstanceName?: string } & Tagged) => ({
      id: i.InstanceId ?? "",
      name: i.InstanceName ?? "",
      tags: i.Tags,
    }),
  },
  vpc: {
    service: "vpc",
    prefix: "vpc",
    api: "DescribeVpcs",
    all: {},
    one: (id) => ({ VpcIds: [id] }),
    items: (a: { VpcSet?: unknown[] }) => a.VpcSet,
    map: (v: { VpcId?: string; VpcName?: string } & TagSet) => ({
      id: v.VpcId ?? "",
      name: v.VpcName ?? "",
      tags: v.TagSet,
    }),
    asText: true,
  },
  subnet: {
    service: "vpc",
    prefix: "subnet",
    api: "DescribeSubnets",
    all: {},
    one: (id) => ({ SubnetIds: [id] }),
    items: (a: { SubnetSet?: unknown[] }) => a.SubnetSet,
    map: (s: { SubnetId?: string; SubnetName?: string } & TagSet) => ({
      id: s.SubnetId ?? "",
      name: s.SubnetName ?? "",
      tags: s.TagSet,
    }),
    asText: true,
  },
  securityGroup: {
    service: "cvm",
    prefix: "sg",
    api: "DescribeSecurityGroups",
    all: {},
    one: (id) => ({ SecurityGroupIds: [id] }),
    items: (a: { SecurityGroupSet?: unknown[] }) => a.SecurityGroupSet,
    map: (g: { SecurityGroupId?: string; SecurityGroupName?: string } & TagSet) => ({
      id: g.SecurityGroupId ?? "",
      name: g.SecurityGroupName ?? "",
      tags: g.TagSet,
    }),
    asText: true,
  },
  keyPair: {
    service: "cvm",
    prefix: "keypair",
    api: "DescribeKeyPairs",
    all: {},
    one: (id) => ({ KeyIds: [id] }),
    items: (a: { KeyPairSet?: unknown[] }) => a.KeyPairSet,
    map: (k: { KeyId?: string; KeyName?: string } & Tagged) => ({
      id: k.KeyId ?? "",
      name: keyNameOf(k.KeyName ?? "", tagsOf(k.Tags)),
      tags: k.Tags,
    }),
  },
  disk: {
    service: "cvm",
    prefix: "volume",
    api: "DescribeDisks",
    all: { Filters: filters({ "disk-usage": "DATA_DISK" }) },
    one: (id) => ({ DiskIds: [id] }),
    items: (a: { DiskSet?: unknown[] }) => a.DiskSet,
    map: (d: { DiskId?: string; DiskName?: string } & Tagged) => ({
      id: d.DiskId ?? "",
      name: d.DiskName ?? "",
      tags: d.Tags,
    }),
  },
  myImage: {
    service: "cvm",
    prefix: "image",
    api: "DescribeImages",
    all: { Filters: filters({ "image-type": "PRIVATE_IMAGE" }) },
    one: (id) => ({ ImageIds: [id] }),
    items: (a: { ImageSet?: unknown[] }) => a.ImageSet,
    map: (i: { ImageId?: string; ImageName?: string } & Tagged) => ({
      id: i.ImageId ?? "",
      name: i.ImageName ?? "",
      tags: i.Tags,
    }),
  },
  nlb: {
    service: "clb",
    prefix: "clb",
    api: "DescribeLoadBalancers",
    all: {},
    one: (id) => ({ LoadBalancerIds: [id] }),
    items: (a: { LoadBalancerSet?: unknown[] }) => a.LoadBalancerSet,
    map: (l: { LoadBalancerId?: string; LoadBalancerName?: string } & Tagged) => ({
      id: l.LoadBalancerId ?? "",
      name: l.LoadBalancerName ?? "",
      tags: l.Tags,
    }),
  },
};

/** A resource's tags as the user sees them: the driver's own keys left out. */
function userTags(tags: Tags | undefined): Tags {
  const own = ownRecord(tags ?? {});
  for (const key of reservedTagKeys) delete own[key];
  return own;
}

/**
 * Tags through the tag service's TagResources and UnTagResources, which name a resource by its
 * six-segment name `qcs::<service>:<region>:uin/<account uin>:<prefix>/<id>` (the credential's
 * `uin`). A resource's tags are read from its own service's Describe (one call: every Describe
 * answer carries them); `find` lists the resources of a type with their tags and matches them.
 */
export function createTagHandler(session: TencentSession, uin: string | undefined): TagHandler {
  const kind = (type: ResourceType): Kind => {
    if (!Object.hasOwn(taggedTypes, type)) throw notSupported(`tags on ${type}`);
    return taggedTypes[type];
  };
  const resourceName = (type: ResourceType, id: string): string => {
    if (!uin) {
      throw invalid("credential.uin", "required", "tag changes name the account's UIN (add `uin` to the credential)");
    }
    const k = kind(type);
    return `qcs::${k.service}:${session.region}:uin/${uin}:${k.prefix}/${id}`;
  };
  const list = async (target: { resourceType: ResourceType; iid: { systemId: string } }, ctx: CallContext) => {
    const k = kind(target.resourceType);
    const found = await session.one<ApiAnswer, Listed>(
      ctx,
      k.api,
      k.one(target.iid.systemId),
      (a) => (k.items(a as never) ?? []).map((i) => k.map(i as never)).find((l) => l.id === target.iid.systemId),
      { type: target.resourceType, id: target.iid.systemId },
    );
    return userTags(tagsOf(found.tags));
  };
  return {
    async add(target, tag, ctx) {
      await session.call(ctx, "TagResources", {
        ResourceList: [resourceName(target.resourceType, target.iid.systemId)],
        Tags: [{ TagKey: tag.key, TagValue: tag.value }],
      });
      return tag;
    },
    ...tagReads(list, notFound),
    async remove(target, key, ctx) {
      await session.call(ctx, "UnTagResources", {
        ResourceList: [resourceName(target.resourceType, target.iid.systemId)],
        TagKeys: [key],
      });
    },
    find: (resourceType, keyword, ctx) =>
      (async function* () {
        const types = resourceType === "all" ? (Object.keys(taggedTypes) as ResourceType[]) : [resourceType];
        for (const type of types) {
          const k = kind(type);
          const pages = session.pages<ApiAnswer & { TotalCount?: number }, unknown>(
            ctx,
            k.api,
            k.all,
            (a) => k.items(a as never),
            { pageSize: Math.min(session.settings.pageSize, 100), ...(k.asText ? { asText: true } : {}) },
          );
          for await (const item of pages) {
            const r = k.map(item as never);
            if (!r.id) continue;
            const tags = userTags(tagsOf(r.tags));
            if (!tagsMatch(tags, keyword)) continue;
            const found: TaggedResource = { resourceType: type, iid: { nameId: r.name, systemId: r.id }, tags };
            yield found;
          }
        }
      })(),
  };
}
