import { ownRecord, tagReads, tagsMatch } from "@cloud-barista/core/driver";
import type {
  CallContext,
  ResourceType,
  TagHandler,
  TagTarget,
  TaggedResource,
  Tags,
} from "@cloud-barista/core/driver";
import type { AlibabaApi } from "../apis.js";
import { notFound, notSupported } from "../errors.js";
import type { AlibabaSession, RpcAnswer } from "../session.js";
import { tagsOf } from "../tags.js";
import type { AnsweredTag } from "../tags.js";
import { sourceVmTagKey } from "./my-image.js";
import { nlbVpcTagKey } from "./nlb.js";
import { imageTypeTagKey, vmUserTagKey } from "./vm-map.js";

/** Where each resource type's tags live: the product's tag APIs and its ResourceType. */
export const taggedTypes = {
  vpc: { product: "vpc", type: "VPC" },
  subnet: { product: "vpc", type: "VSWITCH" },
  securityGroup: { product: "ecs", type: "securitygroup" },
  keyPair: { product: "ecs", type: "keypair" },
  vm: { product: "ecs", type: "instance" },
  disk: { product: "ecs", type: "disk" },
  myImage: { product: "ecs", type: "image" },
  nlb: { product: "slb", type: "instance" },
} as const satisfies Record<ResourceType, { product: string; type: string }>;

/** The tag keys the driver keeps for itself. */
export const reservedTagKeys = [sourceVmTagKey, imageTypeTagKey, vmUserTagKey, nlbVpcTagKey] as const;

const apiOf = (type: ResourceType, action: "TagResources" | "UntagResources" | "ListTagResources"): AlibabaApi => {
  const { product } = taggedTypes[type];
  return product === "ecs" ? action : `${product}:${action}`;
};

interface TagResourcesAnswer extends RpcAnswer {
  NextToken?: string;
  TagResources?: { TagResource?: { ResourceId?: string; TagKey?: string; TagValue?: string }[] };
}

/** A tagged resource as its product's list answers it. */
interface Listed {
  id: string;
  name: string;
  tags: { Tag?: AnsweredTag[] } | undefined;
}

type Lister = (session: AlibabaSession, ctx: CallContext) => AsyncGenerator<Listed>;

/** Lists one resource type with its tags, through the product's own Describe call. */
function lister<A, T>(
  api: AlibabaApi,
  params: Record<string, unknown>,
  items: (a: A) => readonly T[] | undefined,
  map: (t: T) => Listed,
  pageSizeMax = 50,
): Lister {
  return async function* (session, ctx) {
    const size = Math.min(session.settings.pageSize, pageSizeMax);
    for await (const item of session.pages<A & RpcAnswer & { TotalCount?: number }, T>(ctx, api, params, items, size)) {
      const listed = map(item);
      if (listed.id) yield listed;
    }
  };
}

type Tagged = { Tags?: { Tag?: AnsweredTag[] } };
const listers: Readonly<Record<ResourceType, Lister>> = {
  vpc: lister(
    "DescribeVpcs",
    {},
    (a: { Vpcs?: { Vpc?: ({ VpcId?: string; VpcName?: string } & Tagged)[] } }) => a.Vpcs?.Vpc,
    (v) => ({ id: v.VpcId ?? "", name: v.VpcName ?? "", tags: v.Tags }),
  ),
  subnet: lister(
    "DescribeVSwitches",
    {},
    (a: { VSwitches?: { VSwitch?: ({ VSwitchId?: string; VSwitchName?: string } & Tagged)[] } }) =>
      a.VSwitches?.VSwitch,
    (v) => ({ id: v.VSwitchId ?? "", name: v.VSwitchName ?? "", tags: v.Tags }),
  ),
  securityGroup: lister(
    "DescribeSecurityGroups",
    {},
    (a: {
      SecurityGroups?: { SecurityGroup?: ({ SecurityGroupId?: string; SecurityGroupName?: string } & Tagged)[] };
    }) => a.SecurityGroups?.SecurityGroup,
    (g) => ({ id: g.SecurityGroupId ?? "", name: g.SecurityGroupName ?? "", tags: g.Tags }),
  ),
  keyPair: lister(
    "DescribeKeyPairs",
    {},
    (a: { KeyPairs?: { KeyPair?: ({ KeyPairName?: string } & Tagged)[] } }) => a.KeyPairs?.KeyPair,
    (k) => ({ id: k.KeyPairName ?? "", name: k.KeyPairName ?? "", tags: k.Tags }),
  ),
  vm: lister(
    "DescribeInstances",
    {},
    (a: { Instances?: { Instance?: ({ InstanceId?: string; InstanceName?: string } & Tagged)[] } }) =>
      a.Instances?.Instance,
    (i) => ({ id: i.InstanceId ?? "", name: i.InstanceName ?? "", tags: i.Tags }),
    100,
  ),
  disk: lister(
    "DescribeDisks",
    { DiskType: "data" },
    (a: { Disks?: { Disk?: ({ DiskId?: string; DiskName?: string } & Tagged)[] } }) => a.Disks?.Disk,
    (d) => ({ id: d.DiskId ?? "", name: d.DiskName ?? "", tags: d.Tags }),
    100,
  ),
  myImage: lister(
    "DescribeImages",
    { ImageOwnerAlias: "self" },
    (a: { Images?: { Image?: ({ ImageId?: string; ImageName?: string } & Tagged)[] } }) => a.Images?.Image,
    (i) => ({ id: i.ImageId ?? "", name: i.ImageName ?? "", tags: i.Tags }),
    100,
  ),
  nlb: lister(
    "DescribeLoadBalancers",
    {},
    (a: { LoadBalancers?: { LoadBalancer?: ({ LoadBalancerId?: string; LoadBalancerName?: string } & Tagged)[] } }) =>
      a.LoadBalancers?.LoadBalancer,
    (l) => ({ id: l.LoadBalancerId ?? "", name: l.LoadBalancerName ?? "", tags: l.Tags }),
    100,
  ),
};

/** A resource's tags as the user sees them: the driver's own keys left out. */
function userTags(tags: Tags | undefined): Tags {
  const own = ownRecord(tags ?? {});
  for (const key of reservedTagKeys) delete own[key];
  return own;
}

/**
 * Tags through each product's TagResources, UntagResources and ListTagResources (ECS for
 * instances, disks, images, security groups and key pairs; VPC for VPCs and VSwitches; SLB for
 * load balancers). `find` lists the resources of a type with their tags and matches them.
 */
export function createTagHandler(session: AlibabaSession): TagHandler {
  const check = (type: ResourceType) => {
    if (!Object.hasOwn(taggedTypes, type)) throw notSupported(`tags on ${type}`);
  };
  const list = async (target: TagTarget, ctx: CallContext) => {
    check(target.resourceType);
    const found = ownRecord<string>();
    let token: string | undefined;
    do {
      const answer: TagResourcesAnswer = await session.call<TagResourcesAnswer>(
        ctx,
        apiOf(target.resourceType, "ListTagResources"),
        {
          ResourceType: taggedTypes[target.resourceType].type,
          ResourceId: [target.iid.systemId],
          NextToken: token,
        },
      );
      for (const t of answer.TagResources?.TagResource ?? []) {
        if (t.ResourceId === target.iid.systemId && t.TagKey !== undefined) found[t.TagKey] = t.TagValue ?? "";
      }
      token = answer.NextToken || undefined;
    } while (token !== undefined);
    return userTags(found);
  };
  return {
    async add(target, tag, ctx) {
      check(target.resourceType);
      await session.call(ctx, apiOf(target.resourceType, "TagResources"), {
        ResourceType: taggedTypes[target.resourceType].type,
        ResourceId: [target.iid.systemId],
        Tag: [{ Key: tag.key, Value: tag.value }],
      });
      return tag;
    },
    ...tagReads(list, notFound),
    async remove(target, key, ctx) {
      check(target.resourceType);
      await session.call(ctx, apiOf(target.resourceType, "UntagResources"), {
        ResourceType: taggedTypes[target.resourceType].type,
        ResourceId: [target.iid.systemId],
        TagKey: [key],
      });
    },
    find: (resourceType, keyword, ctx) =>
      (async function* () {
        const types = resourceType === "all" ? (Object.keys(taggedTypes) as ResourceType[]) : [resourceType];
        for (const type of types) {
          check(type);
          for await (const r of listers[type](session, ctx)) {
            const tags = userTags(tagsOf(r.tags));
            if (!tagsMatch(tags, keyword)) continue;
            const found: TaggedResource = { resourceType: type, iid: { nameId: r.name, systemId: r.id }, tags };
            yield found;
          }
        }
      })(),
  };
}
