import type { AccountRegion } from "../../world/account-region.js";
import type { ResourceKind } from "../../world/types.js";
import type { ActionContext, ActionRegistration } from "./actions.js";
import { TencentError, invalidValue, missingParameter } from "./errors.js";
import { Params } from "./params.js";
import { tagsParam } from "./render.js";
import { tag } from "./services.js";

// The tag service names resources with six-segment names:
// qcs::<service>:<region>:uin/<account>:<type>/<id>, e.g. qcs::cvm:ap-guangzhou:uin/100012345678:instance/ins-1a2b3c4d.

const types: readonly { service: string; type: string; kind: ResourceKind }[] = [
  { service: "cvm", type: "instance", kind: "instance" },
  { service: "cvm", type: "sg", kind: "security-group" },
  { service: "cvm", type: "keypair", kind: "key-pair" },
  { service: "cvm", type: "volume", kind: "volume" },
  { service: "cvm", type: "image", kind: "image" },
  { service: "vpc", type: "vpc", kind: "network" },
  { service: "vpc", type: "subnet", kind: "subnet" },
  { service: "clb", type: "clb", kind: "load-balancer" },
];

interface Named {
  name: string;
  region: string;
  kind: ResourceKind;
  id: string;
}

function parseName(c: ActionContext, name: string): Named {
  const m = /^qcs::([a-z]+):([a-z0-9-]+):uin\/([^:/]+):([a-z]+)\/([a-z0-9-]+)$/.exec(name);
  const type = m && types.find((t) => t.service === m[1] && t.type === m[4]);
  if (!m || !type) {
    throw invalidValue(
      "ResourceList",
      `\`${name}\` is not a six-segment resource name of a supported type.`,
      "InvalidParameterValue.ResourceDescriptionError",
    );
  }
  const [, , region = "", account = "", , id = ""] = m;
  if (account !== c.caller.account) {
    throw new TencentError("InvalidParameterValue.UinInvalid", `The resource \`${name}\` is not the caller's.`);
  }
  if (!c.world.catalog("TENCENT").regions.some((r) => r.name === region)) {
    throw new TencentError(
      "InvalidParameterValue.RegionInvalid",
      `The region \`${region}\` of \`${name}\` is not valid.`,
    );
  }
  return { name, region, kind: type.kind, id };
}

function nameOf(account: string, region: string, kind: ResourceKind, id: string): string | undefined {
  const type = types.find((t) => t.kind === kind);
  return type && `qcs::${type.service}:${region}:uin/${account}:${type.type}/${id}`;
}

function cloudOf(c: ActionContext, region: string): AccountRegion {
  return c.world.accountRegion({ provider: "TENCENT", account: c.caller.account, region });
}

export const tagActions: ActionRegistration[] = [
  {
    service: tag,
    action: "TagResources",
    handler: async (c) => {
      const names = c.params.requiredStrings("ResourceList", { max: 10 }).map((n) => parseName(c, n));
      const given = c.params.objects("Tags");
      if (given.length === 0) throw missingParameter("Tags");
      const tags = tagsParam(
        given.map((t) => new Params({ Key: t.required("TagKey"), Value: t.string("TagValue") ?? "" })),
        "Tags",
      );
      return c.call(() => {
        for (const n of names) cloudOf(c, n.region).tags.list(n.id, { kind: n.kind });
        for (const n of names) cloudOf(c, n.region).tags.add(n.id, tags, { kind: n.kind });
        return {};
      });
    },
  },
  {
    service: tag,
    action: "UnTagResources",
    handler: async (c) => {
      const names = c.params.requiredStrings("ResourceList", { max: 10 }).map((n) => parseName(c, n));
      const keys = c.params.requiredStrings("TagKeys", { max: 10 });
      return c.call(() => {
        for (const n of names) {
          const cloud = cloudOf(c, n.region);
          const present = cloud.tags.list(n.id, { kind: n.kind });
          // Keys a resource lacks are skipped, as Tencent does.
          const doomed = keys.filter((k) => Object.hasOwn(present, k));
          if (doomed.length > 0) cloud.tags.remove(n.id, doomed, { kind: n.kind });
        }
        return {};
      });
    },
  },
  {
    service: tag,
    action: "GetResources",
    handler: async (c) => {
      const names = c.params.strings("ResourceList", { max: 100 })?.map((n) => parseName(c, n));
      const filters = c.params
        .objects("TagFilters")
        .map((f) => ({ key: f.required("TagKey"), values: f.strings("TagValue") }));
      if (filters.length > 6)
        throw invalidValue("TagFilters", "At most 6 filters.", "InvalidParameterValue.LimitExceeded");
      const max = c.params.int("MaxResults", { min: 1, max: 200 }) ?? 50;
      const token = c.params.string("PaginationToken") ?? "";
      const offset = token === "" ? 0 : Number(token);
      if (!Number.isInteger(offset) || offset < 0)
        throw invalidValue("PaginationToken", "It is not a token this API gave.");
      const size = Math.min(max, c.pages.maxPageSize);
      return c.call(() => {
        const regions = c.world.catalog("TENCENT").regions.map((r) => r.name);
        const all = names
          ? names.map((n) => ({ name: n.name, tags: cloudOf(c, n.region).tags.list(n.id, { kind: n.kind }) }))
          : regions.flatMap((region) =>
              cloudOf(c, region)
                .tags.find()
                .items.flatMap((r) => {
                  const name = nameOf(c.caller.account, region, r.kind, r.id);
                  return name ? [{ name, tags: r.tags }] : [];
                }),
            );
        const matching = all.filter(({ tags }) =>
          filters.every(
            (f) =>
              Object.hasOwn(tags, f.key) &&
              (f.values === undefined || f.values.length === 0 || f.values.includes(tags[f.key] ?? "")),
          ),
        );
        const page = matching.slice(offset, offset + size);
        const next = offset + size < matching.length ? String(offset + size) : "";
        return {
          PaginationToken: next,
          ResourceTagMappingList: page.map(({ name, tags }) => ({
            Resource: name,
            Tags: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
          })),
        };
      });
    },
  },
];
