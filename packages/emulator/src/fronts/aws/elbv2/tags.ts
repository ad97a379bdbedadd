import { checkTags, tagRecord } from "../../../world/resources/tag-rules.js";
import type { Tags } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import type { QueryParams } from "../params.js";
import type { ElbAction, ElbContext } from "./context.js";
import type { LoadBalancerEntry, TargetGroupEntry } from "./state.js";

/** `Tags.member.N.Key/Value`, checked against the world's (AWS-sized) tag rules. */
export function readElbTags(params: QueryParams): Tags {
  const tags = tagRecord();
  for (const tag of params.list("Tags.member")) tags[tag.required("Key")] = tag.string("Value") ?? "";
  checkTags(tags);
  return tags;
}

function taggable(ctx: ElbContext, arn: string): LoadBalancerEntry | TargetGroupEntry {
  const found = ctx.state.loadBalancers.get(arn) ?? ctx.state.targetGroups.get(arn);
  if (found) return found;
  if (arn.includes(":targetgroup/")) throw new AwsFault("TargetGroupNotFound", `Target groups '[${arn}]' not found`);
  throw new AwsFault("LoadBalancerNotFound", `Load balancers '[${arn}]' not found`);
}

function resourceArns(ctx: ElbContext): string[] {
  const arns = ctx.params.strings("ResourceArns.member");
  if (arns.length === 0) throw new AwsFault("ValidationError", "ResourceArns must contain at least one ARN");
  if (arns.length > 20) throw new AwsFault("ValidationError", "ResourceArns may contain at most 20 ARNs");
  return arns;
}

/** AddTags: sets tags on load balancers and target groups (values of existing keys are replaced). */
export const addTags: ElbAction = async (ctx) => {
  const arns = resourceArns(ctx);
  const tags = readElbTags(ctx.params);
  await ctx.call(() => {
    const targets = arns.map((arn) => taggable(ctx, arn));
    for (const target of targets) checkTags(tags, target.tags);
    for (const target of targets) {
      target.tags = tagRecord([...Object.entries(target.tags), ...Object.entries(tags)]);
    }
  });
  return {};
};

/** RemoveTags: removes keys; keys a resource does not have are skipped. */
export const removeTags: ElbAction = async (ctx) => {
  const arns = resourceArns(ctx);
  const keys = ctx.params.strings("TagKeys.member");
  await ctx.call(() => {
    for (const target of arns.map((arn) => taggable(ctx, arn))) for (const key of keys) delete target.tags[key];
  });
  return {};
};

/** DescribeTags: the tags of up to 20 load balancers or target groups. */
export const describeTags: ElbAction = async (ctx) => {
  const arns = resourceArns(ctx);
  const found = await ctx.call(() => arns.map((arn) => ({ arn, tags: taggable(ctx, arn).tags })));
  return {
    TagDescriptions: found.map(({ arn, tags }) => ({
      ResourceArn: arn,
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    })),
  };
};
