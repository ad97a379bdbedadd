import { collect, isBaristaError, ownRecord, ownValue, tagReads, tagsMatch } from "@cloud-barista/core/driver";
import type {
  CallContext,
  ResourceType,
  TagHandler,
  TagTarget,
  TaggedResource,
  Tags,
} from "@cloud-barista/core/driver";
import type { TagDescription } from "@aws-sdk/client-ec2";
import { notFound } from "../errors.js";
import type { AwsSession } from "../session.js";
import { checkUserTags, nameTagKey } from "../tags.js";

/** EC2's resource-type names (load balancers are tagged through ELBv2). */
const ec2Types: Readonly<Record<Exclude<ResourceType, "nlb">, string>> = {
  vpc: "vpc",
  subnet: "subnet",
  securityGroup: "security-group",
  keyPair: "key-pair",
  vm: "instance",
  disk: "volume",
  myImage: "image",
};

const kindOfEc2Type = new Map(Object.entries(ec2Types).map(([kind, type]) => [type, kind as ResourceType]));

/** ELBv2 DescribeTags takes at most 20 ARNs. */
const elbTagBatch = 20;

const userTags = (tags: Tags): Tags => ownRecord(Object.entries(tags).filter(([k]) => k !== nameTagKey));

/**
 * Tags on EC2 resources (CreateTags, DeleteTags, DescribeTags) and on load balancers (ELBv2
 * AddTags, RemoveTags, DescribeTags). The "Name" tag holds each resource's cloud-side name; the
 * handler neither shows nor changes it.
 */
export function createTagHandler(aws: AwsSession): TagHandler {
  /** EC2 tags key pairs by key pair id, while the driver addresses them by name. */
  const ec2IdOf = async (ctx: CallContext, target: TagTarget): Promise<string> => {
    if (target.resourceType !== "keyPair") return target.iid.systemId;
    const id = (await aws.ec2(ctx, "DescribeKeyPairs", { KeyNames: [target.iid.systemId] })).KeyPairs?.[0]?.KeyPairId;
    if (!id) throw notFound("keyPair", target.iid.systemId);
    return id;
  };

  const describeEc2 = (ctx: CallContext, filters: { Name: string; Values: string[] }[]): Promise<TagDescription[]> =>
    collect(
      aws.pages(
        (NextToken) => aws.ec2(ctx, "DescribeTags", { Filters: filters, MaxResults: aws.settings.pageSize, NextToken }),
        (page) => page.Tags,
      ),
    );

  const elbTags = async (ctx: CallContext, arns: readonly string[]): Promise<Map<string, Tags>> => {
    const out = new Map<string, Tags>();
    for (let i = 0; i < arns.length; i += elbTagBatch) {
      const found = await aws.elb(ctx, "DescribeTags", { ResourceArns: arns.slice(i, i + elbTagBatch) });
      for (const d of found.TagDescriptions ?? []) {
        out.set(
          d.ResourceArn ?? "",
          ownRecord((d.Tags ?? []).map((t): [string, string] => [t.Key ?? "", t.Value ?? ""])),
        );
      }
    }
    return out;
  };

  const list = async (target: TagTarget, ctx: CallContext): Promise<Tags> => {
    if (target.resourceType === "nlb")
      return userTags((await elbTags(ctx, [target.iid.systemId])).get(target.iid.systemId) ?? {});
    const found = await describeEc2(ctx, [{ Name: "resource-id", Values: [await ec2IdOf(ctx, target)] }]);
    return userTags(ownRecord(found.map((t): [string, string] => [t.Key ?? "", t.Value ?? ""])));
  };

  /** Tagged EC2 resources of some types, grouped by resource, with their "Name" as cloud-side name. */
  const findEc2 = async (
    ctx: CallContext,
    kinds: readonly ResourceType[],
    keyword: string,
  ): Promise<TaggedResource[]> => {
    const types = kinds.flatMap((k) => (k === "nlb" ? [] : [ec2Types[k]]));
    if (types.length === 0) return [];
    const byResource = new Map<string, { kind: ResourceType; tags: Tags }>();
    for (const tag of await describeEc2(ctx, [{ Name: "resource-type", Values: types }])) {
      const kind = kindOfEc2Type.get(tag.ResourceType ?? "");
      if (!kind || tag.ResourceId === undefined) continue;
      const entry = byResource.get(tag.ResourceId) ?? { kind, tags: ownRecord<string>() };
      entry.tags[tag.Key ?? ""] = tag.Value ?? "";
      byResource.set(tag.ResourceId, entry);
    }
    const found = [...byResource].filter(([, r]) => tagsMatch(userTags(r.tags), keyword));
    // Key pairs are tagged by id but known to the driver by name.
    const keyNames = new Map<string, string>();
    if (found.some(([, r]) => r.kind === "keyPair")) {
      for (const k of (await aws.ec2(ctx, "DescribeKeyPairs", {})).KeyPairs ?? []) {
        if (k.KeyPairId && k.KeyName) keyNames.set(k.KeyPairId, k.KeyName);
      }
    }
    return found.map(([id, r]) => {
      const systemId = r.kind === "keyPair" ? (keyNames.get(id) ?? id) : id;
      return {
        resourceType: r.kind,
        iid: { nameId: ownValue(r.tags, nameTagKey) ?? systemId, systemId },
        tags: userTags(r.tags),
      };
    });
  };

  const findNlbs = async (ctx: CallContext, keyword: string): Promise<TaggedResource[]> => {
    const balancers = await collect(
      aws.pages(
        (Marker) => aws.elb(ctx, "DescribeLoadBalancers", { Marker, PageSize: Math.min(aws.settings.pageSize, 400) }),
        (page) => page.LoadBalancers,
        (page) => page.NextMarker,
      ),
    );
    const tags = await elbTags(
      ctx,
      balancers.flatMap((lb) => lb.LoadBalancerArn ?? []),
    );
    return balancers.flatMap((lb) => {
      const own = userTags(tags.get(lb.LoadBalancerArn ?? "") ?? {});
      const iid = { nameId: lb.LoadBalancerName ?? "", systemId: lb.LoadBalancerArn ?? "" };
      return tagsMatch(own, keyword) ? [{ resourceType: "nlb" as const, iid, tags: own }] : [];
    });
  };

  return {
    async add(target, tag, ctx) {
      checkUserTags({ [tag.key]: tag.value }, "tag");
      const Tags = [{ Key: tag.key, Value: tag.value }];
      if (target.resourceType === "nlb") await aws.elb(ctx, "AddTags", { ResourceArns: [target.iid.systemId], Tags });
      else await aws.ec2(ctx, "CreateTags", { Resources: [await ec2IdOf(ctx, target)], Tags });
      return { key: tag.key, value: tag.value };
    },

    ...tagReads(list, notFound),

    async remove(target, key, ctx) {
      checkUserTags({ [key]: "" }, "tag");
      if (target.resourceType === "nlb") {
        await aws.elb(ctx, "RemoveTags", { ResourceArns: [target.iid.systemId], TagKeys: [key] });
      } else {
        await aws.ec2(ctx, "DeleteTags", { Resources: [await ec2IdOf(ctx, target)], Tags: [{ Key: key }] });
      }
    },

    /**
     * One type: its resources, or its error. "all": EC2's resources and load balancers; a service
     * the connection may not read (PermissionDenied, e.g. no elasticloadbalancing:Describe*) is
     * skipped with a warning naming it, so what the other service found is not lost.
     */
    async *find(resourceType, keyword, ctx) {
      const kinds = resourceType === "all" ? ([...Object.keys(ec2Types), "nlb"] as ResourceType[]) : [resourceType];
      const readable = async (service: string, search: () => Promise<TaggedResource[]>) => {
        try {
          return await search();
        } catch (error) {
          if (resourceType !== "all" || !isBaristaError(error, "PermissionDenied")) throw error;
          ctx.logger.warn("tag.find skipped a service the connection may not read", {
            service,
            nativeCode: error.nativeCode ?? "",
          });
          return [];
        }
      };
      const ec2Kinds = kinds.filter((k) => k !== "nlb");
      if (ec2Kinds.length > 0) yield* await readable("ec2", () => findEc2(ctx, ec2Kinds, keyword));
      if (kinds.includes("nlb")) yield* await readable("elasticloadbalancing", () => findNlbs(ctx, keyword));
    },
  };
}
