import type { AccountRegion } from "../../../world/account-region.js";
import { badRequest, json, noContent } from "../http.js";
import { derivedUuid } from "../ids.js";
import type { Route, ServiceCall } from "../service.js";
import { newObject } from "./graph.js";
import type { L7PolicyEntry } from "./graph.js";
import { bodyOf, flag, integer, mandatory, onlyKnown, oneOf, tagsOf, text, uuid } from "./input.js";
import type { Body } from "./input.js";
import { octaviaList, withFields } from "./lists.js";
import { allLoadBalancers, byListener, changeOf, notFound } from "./lookup.js";
import { beginChange, requireChildChangeable } from "./provisioning.js";
import { l7policyView } from "./render.js";
import type { RenderContext } from "./render.js";

// L7 policies of a listener (without L7 rules). Octavia accepts them on TCP listeners too, where
// the amphora ignores them; so does the emulator, which only keeps them. Changing one locks the
// listener and the load balancer in PENDING_UPDATE.

const policyPath = /^\/lbaas\/l7policies\/([^/]+)$/;
const actions = ["REDIRECT_PREFIX", "REDIRECT_TO_POOL", "REDIRECT_TO_URL", "REJECT"];
const redirectCodes = [301, 302, 303, 307, 308];
const maxPosition = 2_147_483_647;
const updateKeys = [
  "name",
  "description",
  "admin_state_up",
  "action",
  "redirect_pool_id",
  "redirect_url",
  "redirect_prefix",
  "position",
  "tags",
  "redirect_http_code",
];

function byPolicy(call: ServiceCall, cloud: AccountRegion, id: string): { r: RenderContext; policy: L7PolicyEntry } {
  for (const r of allLoadBalancers(call, cloud)) {
    const policy = r.entry.l7policies.find((p) => p.id === id);
    if (policy) return { r, policy };
  }
  throw notFound("L7 Policy", id);
}

type Redirects = Pick<
  L7PolicyEntry,
  "action" | "redirectUrl" | "redirectPrefix" | "redirectPoolId" | "redirectHttpCode"
>;

/** validate.sanitize_l7policy_api_args: what each action needs, and what the redirect fields imply. */
function redirectsOf(body: Body, current: Redirects | undefined, poolId: string): Redirects {
  const action = oneOf(body, "action", actions) ?? current?.action ?? "";
  const url = text(body, "redirect_url") ?? null;
  const prefix = text(body, "redirect_prefix") ?? null;
  const pool = uuid(body, "redirect_pool_id") ?? null;
  const code = integer(body, "redirect_http_code") ?? null;
  if (code !== null && !redirectCodes.includes(code))
    throw badRequest(
      `Invalid input for field/attribute redirect_http_code. Value: '${code}'. Value should be one of: ${redirectCodes.join(", ")}`,
    );
  const invalid = (msg: string) => badRequest(`Invalid L7 Policy arguments: ${msg}`);
  if (action === "REDIRECT_TO_URL" && !url) throw invalid("redirect_url must not be None");
  if (action === "REDIRECT_TO_POOL" && !pool) throw invalid("redirect_pool_id or redirect_pool must not be None");
  if (action === "REDIRECT_PREFIX" && !prefix) throw invalid("redirect_prefix must not be None");
  if (pool && (url || prefix))
    throw invalid("Cannot specify redirect_pool_id and redirect_url or redirect_prefix at the same time");
  if (pool && pool !== poolId) throw notFound("Pool", pool);
  if (pool)
    return {
      action: "REDIRECT_TO_POOL",
      redirectPoolId: pool,
      redirectUrl: null,
      redirectPrefix: null,
      redirectHttpCode: null,
    };
  if (url)
    return {
      action: "REDIRECT_TO_URL",
      redirectUrl: url,
      redirectPoolId: null,
      redirectPrefix: null,
      redirectHttpCode: code ?? 302,
    };
  if (prefix)
    return {
      action: "REDIRECT_PREFIX",
      redirectPrefix: prefix,
      redirectPoolId: null,
      redirectUrl: null,
      redirectHttpCode: code ?? 302,
    };
  return { action, redirectUrl: null, redirectPrefix: null, redirectPoolId: null, redirectHttpCode: null };
}

/** Positions are 1..n: a new or moved policy is inserted, the others shift. */
function place(policies: L7PolicyEntry[], policy: L7PolicyEntry, position: number): void {
  const others = policies.filter((p) => p !== policy).sort((a, b) => a.position - b.position);
  others.splice(Math.min(position, others.length + 1) - 1, 0, policy);
  others.forEach((p, i) => (p.position = i + 1));
  policies.splice(0, policies.length, ...others);
}

function create(call: ServiceCall) {
  const args = bodyOf(call, "l7policy");
  onlyKnown(args, "l7policy", [...updateKeys, "listener_id", "project_id", "rules"]);
  mandatory(args, "action");
  mandatory(args, "listener_id");
  const listenerId = uuid(args, "listener_id") ?? "";
  const position = integer(args, "position", 1, maxPosition) ?? maxPosition;
  return call.call((cloud, gate) => {
    const r = byListener(call, cloud, listenerId);
    const redirects = redirectsOf(args, undefined, r.entry.pool.id);
    if (Array.isArray(args["rules"]) && args["rules"].length > 0)
      throw badRequest("The emulator does not support L7 rules.");
    requireChildChangeable(r.entry, r.nlb, r.now, false);
    r.entry.l7seq += 1;
    const policy: L7PolicyEntry = {
      ...newObject(derivedUuid("l7policy", r.nlb.id, String(r.entry.l7seq)), r.now, {
        name: text(args, "name") ?? "",
        description: text(args, "description") ?? "",
        adminStateUp: flag(args, "admin_state_up") ?? true,
        tags: tagsOf(args) ?? [],
      }),
      ...redirects,
      position,
    };
    place(r.entry.l7policies, policy, position);
    beginChange(changeOf(r, gate), policy, "PENDING_CREATE", [r.entry, r.entry.listener]);
    return json(201, { l7policy: l7policyView(r, policy) });
  });
}

function update(call: ServiceCall) {
  const args = bodyOf(call, "l7policy");
  onlyKnown(args, "l7policy", updateKeys);
  const position = integer(args, "position", 1, maxPosition);
  return call.call((cloud, gate) => {
    const { r, policy } = byPolicy(call, cloud, call.params[0] ?? "");
    const redirects = redirectsOf({ ...args, action: args["action"] ?? policy.action }, policy, r.entry.pool.id);
    requireChildChangeable(r.entry, r.nlb, r.now, false);
    Object.assign(policy, redirects);
    const name = text(args, "name");
    const description = text(args, "description");
    const adminStateUp = flag(args, "admin_state_up");
    const tags = tagsOf(args);
    if (name !== undefined) policy.name = name;
    if (description !== undefined) policy.description = description;
    if (adminStateUp !== undefined) policy.adminStateUp = adminStateUp;
    if (tags) policy.tags = tags;
    if (position !== undefined) place(r.entry.l7policies, policy, position);
    beginChange(changeOf(r, gate), policy, "PENDING_UPDATE", [r.entry, r.entry.listener]);
    return json(200, { l7policy: l7policyView(r, policy) });
  });
}

function remove(call: ServiceCall) {
  return call.call((cloud, gate) => {
    const { r, policy } = byPolicy(call, cloud, call.params[0] ?? "");
    requireChildChangeable(r.entry, r.nlb, r.now, false);
    beginChange(changeOf(r, gate), policy, "PENDING_DELETE", [r.entry, r.entry.listener]);
    return noContent(204);
  });
}

export const l7policyRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/lbaas\/l7policies$/,
    api: "octavia:ListL7Policies",
    handle: (call) =>
      call.call((cloud) =>
        json(
          200,
          octaviaList(
            call,
            "l7policies",
            allLoadBalancers(call, cloud).flatMap((r) => r.entry.l7policies.map((p) => l7policyView(r, p))),
          ),
        ),
      ),
  },
  {
    method: "GET",
    path: policyPath,
    api: "octavia:ShowL7Policy",
    handle: (call) =>
      call.call((cloud) => {
        const { r, policy } = byPolicy(call, cloud, call.params[0] ?? "");
        return json(200, { l7policy: withFields(call, l7policyView(r, policy)) });
      }),
  },
  { method: "POST", path: /^\/lbaas\/l7policies$/, api: "octavia:CreateL7Policy", handle: create },
  { method: "PUT", path: policyPath, api: "octavia:UpdateL7Policy", handle: update },
  { method: "DELETE", path: policyPath, api: "octavia:DeleteL7Policy", handle: remove },
];
