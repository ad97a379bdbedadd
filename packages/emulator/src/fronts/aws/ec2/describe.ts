import type { AccountRegion } from "../../../world/account-region.js";
import type { ListOptions, ListPage } from "../../../world/pagination.js";
import { pageSizeFor } from "../paging.js";
import type { Ec2Context } from "./context.js";

/**
 * The common shape of EC2 Describe calls over one world list: explicit ids (each must exist, no
 * paging) or a filtered listing paged by MaxResults/NextToken within the API's bounds.
 */
export async function describe<T>(
  ctx: Ec2Context,
  spec: {
    idParam: string;
    get: (cloud: AccountRegion, id: string) => T;
    list: (cloud: AccountRegion, options: ListOptions<T>) => ListPage<T>;
    match: (item: T) => boolean;
    maxResults?: { min: number; max: number };
  },
): Promise<{ items: T[]; nextToken?: string | undefined }> {
  const ids = ctx.params.strings(spec.idParam);
  if (ids.length > 0) {
    const found = await ctx.call((cloud) => ids.map((id) => spec.get(cloud, id)));
    return { items: found.filter(spec.match) };
  }
  const bounds = { ...(spec.maxResults ?? { min: 5, max: 1000 }), param: "MaxResults" };
  const size = pageSizeFor(ctx.pages, ctx.params.int("MaxResults"), bounds);
  return ctx.call((cloud) =>
    spec.list(cloud, { maxResults: size, nextToken: ctx.params.string("NextToken"), where: spec.match }),
  );
}
