import { isWorldError } from "../../world/errors.js";
import type { ResourceKind } from "../../world/types.js";
import type { FrontRequest, FrontResponse } from "../http-front.js";
import type { IbmFront } from "./context.js";
import { parseCrn } from "./context.js";
import { vpcErrorResponse } from "./errors.js";
import { IbmError, arrayOf, json, newTrace, readJson, stringOf } from "./http.js";
import { authorize } from "./iam.js";

// Global Tagging: user tags are strings attached to resources by CRN. IBM keeps "env:prod" and
// "env:dev" side by side; the world keeps one value per key, so the front keeps IBM's strings and
// mirrors them into the world's tags (key "env", the last value attached).

/** CRN resource types the world keeps tags for. */
const worldKinds: Readonly<Record<string, ResourceKind>> = {
  vpc: "network",
  subnet: "subnet",
  "security-group": "security-group",
  key: "key-pair",
  instance: "instance",
  volume: "volume",
  image: "image",
  "load-balancer": "load-balancer",
};

const split = (tag: string): [string, string] => {
  const at = tag.indexOf(":");
  return at < 0 ? [tag, ""] : [tag.slice(0, at), tag.slice(at + 1)];
};

/** Where a CRN's resource lives in the world, or why it cannot be tagged. */
function locate(front: IbmFront, account: string, crn: string): { region?: string; worldId?: string } | string {
  const parsed = parseCrn(crn);
  if (!parsed || parsed.account !== account) return `Resource ${crn} was not found.`;
  const kind = worldKinds[parsed.type];
  if (kind) {
    const found = front.world.locate({ provider: "IBM", account }, parsed.id);
    if (!found || found.kind !== kind) return `Resource ${crn} was not found.`;
    return { region: found.region, worldId: parsed.id };
  }
  if (parsed.type === "floating-ip" && front.state.floatingIps.has(parsed.id)) return {};
  if (parsed.type === "public-gateway" && front.state.gateways.get(parsed.id)?.account === account) return {};
  return `Resource ${crn} was not found.`;
}

/** Mirrors a resource's IBM tags into the world's tags. */
async function mirror(
  front: IbmFront,
  account: string,
  where: { region?: string; worldId?: string },
  tags: Set<string>,
): Promise<void> {
  const { region, worldId } = where;
  if (region === undefined || worldId === undefined) return;
  await front.world.call({ provider: "IBM", account, region, api: "attach_tag" }, (cloud) => {
    const wanted: Record<string, string> = {};
    for (const tag of tags) {
      const [key, value] = split(tag);
      wanted[key] = value;
    }
    const current = cloud.tags.list(worldId);
    const gone = Object.keys(current).filter((k) => !(k in wanted));
    if (gone.length > 0) cloud.tags.remove(worldId, gone);
    if (Object.keys(wanted).length > 0) cloud.tags.add(worldId, wanted);
  });
}

function checkTagName(tag: string): void {
  if (tag.length === 0 || tag.length > 128 || !/^[A-Za-z0-9 _.:-]+$/.test(tag))
    throw new IbmError(
      400,
      "invalid_tag_name",
      `The tag ${JSON.stringify(tag)} is not valid: 1 to 128 of A-Z, a-z, 0-9, space, _ . : -.`,
    );
}

async function attachOrDetach(
  front: IbmFront,
  request: FrontRequest,
  account: string,
  attach: boolean,
): Promise<FrontResponse> {
  const type = request.url.searchParams.get("tag_type") ?? "user";
  if (type !== "user") throw new IbmError(400, "invalid_tag_type", "The emulator serves user tags only.");
  const body = readJson(request);
  const resources = arrayOf(body, "resources");
  if (!resources || resources.length === 0) throw new IbmError(400, "missing_resources", "resources is required.");
  const single = stringOf(body, "tag_name");
  const names = single !== undefined ? [single] : body["tag_names"];
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === "string"))
    throw new IbmError(400, "missing_tag_names", "tag_names is required.");
  const tags = names.map((n) => n.trim());
  tags.forEach(checkTagName);
  const results = [];
  for (const resource of resources) {
    const crn = stringOf(resource, "resource_id", true);
    const where = locate(front, account, crn);
    if (typeof where === "string") {
      results.push({ resource_id: crn, is_error: true, message: where });
      continue;
    }
    const current = new Set(front.state.tags.get(crn) ?? []);
    for (const tag of tags) {
      if (attach) current.add(tag);
      else current.delete(tag);
    }
    try {
      await mirror(front, account, where, current);
    } catch (error) {
      if (isWorldError(error, "Throttled")) throw error;
      results.push({ resource_id: crn, is_error: true, message: (error as Error).message });
      continue;
    }
    front.state.tags.set(crn, current);
    results.push({ resource_id: crn, is_error: false });
  }
  return json(200, { results });
}

/** `POST /v3/tags/attach`, `POST /v3/tags/detach` and `GET /v3/tags?attached_to=<crn>`. */
export async function taggingHandler(front: IbmFront, request: FrontRequest): Promise<FrontResponse> {
  const trace = newTrace();
  try {
    const claims = authorize(front.iam, request);
    const account = claims.account.bss;
    const path = request.url.pathname;
    if (path === "/v3/tags/attach" && request.method === "POST")
      return await attachOrDetach(front, request, account, true);
    if (path === "/v3/tags/detach" && request.method === "POST")
      return await attachOrDetach(front, request, account, false);
    if (path === "/v3/tags" && request.method === "GET") {
      const query = request.url.searchParams;
      const offset = Math.max(0, Number(query.get("offset") ?? "0") || 0);
      const limit = Math.min(1000, Math.max(1, Number(query.get("limit") ?? "100") || 100));
      const attachedTo = query.get("attached_to");
      const all =
        attachedTo === null
          ? [
              ...new Set(
                [...front.state.tags.entries()]
                  .filter(([crn]) => parseCrn(crn)?.account === account)
                  .flatMap(([, t]) => [...t]),
              ),
            ]
          : [...(front.state.tags.get(attachedTo) ?? [])];
      all.sort();
      return json(200, {
        total_count: all.length,
        offset,
        limit,
        items: all.slice(offset, offset + limit).map((name) => ({ name })),
      });
    }
    throw new IbmError(404, "not_found", "The requested route does not exist.");
  } catch (error) {
    return vpcErrorResponse(error, trace);
  }
}
