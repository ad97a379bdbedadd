import { BaristaError, collect } from "@cloud-barista/core";
import type { CallContext, ResourceType, TagHandler, TagTarget, TaggedResource, Tags } from "@cloud-barista/core";
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeKeyPairsCommand,
  DescribeTagsCommand,
} from "@aws-sdk/client-ec2";
import type { TagDescription } from "@aws-sdk/client-ec2";
import {
  AddTagsCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand as DescribeElbTagsCommand,
  RemoveTagsCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { awsNotFound } from "../not-found.js";
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

function matches(tags: Tags, keyword: string): boolean {
  const entries = Object.entries(tags);
  return keyword === "" ? entries.length > 0 : entries.some(([k, v]) => k.includes(keyword) || v.includes(keyword));
}

/**
 * Tags on EC2 resources (CreateTags, DeleteTags, DescribeTags) and on load balancers (ELBv2
 * AddTags, RemoveTags, DescribeTags). The "Name" tag holds each resource's cloud-side name; the
 * handler neither shows nor changes it.
 */
export function createTagHandler(session: AwsSession): TagHandler {
  /** EC2 tags key pairs by key pair id, while the driver addresses them by name. */
  const ec2IdOf = async (ctx: CallContext, target: TagTarget): Promise<string> => {
    if (target.resourceType !== "keyPair") return target.iid.systemId;
    const found = await session.whenVisible(ctx, [target.iid.systemId], () =>
      session.ec2(
        ctx,
        "DescribeKeyPairs",
        (c, abortSignal) => c.send(new DescribeKeyPairsCommand({ KeyNames: [target.iid.systemId] }), { abortSignal }),
        {
          idempotent: true,
        },
      ),
    );
    const id = found.KeyPairs?.[0]?.KeyPairId;
    if (!id) throw awsNotFound("keyPair", target.iid.systemId);
    return id;
  };

  const describeEc2 = async (
    ctx: CallContext,
    filters: { Name: string; Values: string[] }[],
  ): Promise<TagDescription[]> =>
    collect(
      session.pages(async (token) => {
        const page = await session.ec2(
          ctx,
          "DescribeTags",
          (c, abortSignal) =>
            c.send(
              new DescribeTagsCommand({ Filters: filters, MaxResults: session.settings.pageSize, NextToken: token }),
              { abortSignal },
            ),
          { idempotent: true },
        );
        return { items: page.Tags ?? [], nextToken: page.NextToken };
      }),
    );

  const elbTags = async (ctx: CallContext, arns: readonly string[]): Promise<Map<string, Tags>> => {
    const out = new Map<string, Tags>();
    for (let i = 0; i < arns.length; i += elbTagBatch) {
      const batch = arns.slice(i, i + elbTagBatch);
      const found = await session.elb(
        ctx,
        "DescribeTags",
        (c, abortSignal) => c.send(new DescribeElbTagsCommand({ ResourceArns: batch }), { abortSignal }),
        {
          idempotent: true,
        },
      );
      for (const d of found.TagDescriptions ?? []) {
        out.set(d.ResourceArn ?? "", Object.fromEntries((d.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])));
      }
    }
    return out;
  };

  const userTags = (tags: Tags): Tags => Object.fromEntries(Object.entries(tags).filter(([k]) => k !== nameTagKey));

  const list = async (target: TagTarget, ctx: CallContext): Promise<Tags> => {
    if (target.resourceType === "nlb")
      return userTags((await elbTags(ctx, [target.iid.systemId])).get(target.iid.systemId) ?? {});
    const id = await ec2IdOf(ctx, target);
    const found = await session.whenVisible(ctx, [target.iid.systemId], () =>
      describeEc2(ctx, [{ Name: "resource-id", Values: [id] }]),
    );
    return userTags(Object.fromEntries(found.map((t) => [t.Key ?? "", t.Value ?? ""])));
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
      const entry = byResource.get(tag.ResourceId) ?? { kind, tags: {} };
      entry.tags[tag.Key ?? ""] = tag.Value ?? "";
      byResource.set(tag.ResourceId, entry);
    }
    const found = [...byResource].filter(([, r]) => matches(userTags(r.tags), keyword));
    // Key pairs are tagged by id but known to the driver by name.
    const keyNames = new Map<string, string>();
    if (found.some(([, r]) => r.kind === "keyPair")) {
      const keys = await session.ec2(
        ctx,
        "DescribeKeyPairs",
        (c, abortSignal) => c.send(new DescribeKeyPairsCommand({}), { abortSignal }),
        { idempotent: true },
      );
      for (const k of keys.KeyPairs ?? []) if (k.KeyPairId && k.KeyName) keyNames.set(k.KeyPairId, k.KeyName);
    }
    return found.map(([id, r]) => {
      const systemId = r.kind === "keyPair" ? (keyNames.get(id) ?? id) : id;
      return {
        resourceType: r.kind,
        iid: { nameId: r.tags[nameTagKey] ?? systemId, systemId },
        tags: userTags(r.tags),
      };
    });
  };

  const findNlbs = async (ctx: CallContext, keyword: string): Promise<TaggedResource[]> => {
    const balancers = await collect(
      session.pages(async (marker) => {
        const page = await session.elb(
          ctx,
          "DescribeLoadBalancers",
          (c, abortSignal) =>
            c.send(
              new DescribeLoadBalancersCommand({ Marker: marker, PageSize: Math.min(session.settings.pageSize, 400) }),
              { abortSignal },
            ),
          { idempotent: true },
        );
        return { items: page.LoadBalancers ?? [], nextToken: page.NextMarker };
      }),
    );
    const tags = await elbTags(
      ctx,
      balancers.flatMap((lb) => lb.LoadBalancerArn ?? []),
    );
    return balancers.flatMap((lb) => {
      const own = userTags(tags.get(lb.LoadBalancerArn ?? "") ?? {});
      return matches(own, keyword)
        ? [
            {
              resourceType: "nlb" as const,
              iid: { nameId: lb.LoadBalancerName ?? "", systemId: lb.LoadBalancerArn ?? "" },
              tags: own,
            },
          ]
        : [];
    });
  };

  return {
    async add(target, tag, ctx) {
      checkUserTags({ [tag.key]: tag.value }, "tag");
      if (target.resourceType === "nlb") {
        await session.elb(ctx, "AddTags", (c, abortSignal) =>
          c.send(
            new AddTagsCommand({ ResourceArns: [target.iid.systemId], Tags: [{ Key: tag.key, Value: tag.value }] }),
            { abortSignal },
          ),
        );
      } else {
        const id = await ec2IdOf(ctx, target);
        await session.whenVisible(ctx, [target.iid.systemId], () =>
          session.ec2(
            ctx,
            "CreateTags",
            (c, abortSignal) =>
              c.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: tag.key, Value: tag.value }] }), {
                abortSignal,
              }),
            // Setting a tag to the same value twice changes nothing.
            { idempotent: true },
          ),
        );
      }
      return { key: tag.key, value: tag.value };
    },

    async list(target, ctx) {
      return Object.entries(await list(target, ctx)).map(([key, value]) => ({ key, value }));
    },

    async get(target, key, ctx) {
      const value = (await list(target, ctx))[key];
      if (value === undefined) {
        throw new BaristaError("NotFound", `${target.resourceType} "${target.iid.nameId}" has no tag "${key}"`, {
          provider: "AWS",
          resourceType: "tag",
          resourceName: key,
        });
      }
      return { key, value };
    },

    async remove(target, key, ctx) {
      checkUserTags({ [key]: "" }, "tag");
      if (target.resourceType === "nlb") {
        await session.elb(
          ctx,
          "RemoveTags",
          (c, abortSignal) =>
            c.send(new RemoveTagsCommand({ ResourceArns: [target.iid.systemId], TagKeys: [key] }), { abortSignal }),
          {
            idempotent: true,
          },
        );
        return;
      }
      const id = await ec2IdOf(ctx, target);
      await session.ec2(
        ctx,
        "DeleteTags",
        (c, abortSignal) => c.send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: key }] }), { abortSignal }),
        {
          idempotent: true,
        },
      );
    },

    async *find(resourceType, keyword, ctx) {
      const kinds: readonly ResourceType[] =
        resourceType === "all" ? ([...Object.keys(ec2Types), "nlb"] as ResourceType[]) : [resourceType];
      yield* await findEc2(ctx, kinds, keyword);
      if (kinds.includes("nlb")) yield* await findNlbs(ctx, keyword);
    },
  };
}
