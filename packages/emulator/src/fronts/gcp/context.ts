import type { FrontRequest, FrontResponse } from "../http-front.js";
import type { AccountRegion } from "../../world/account-region.js";
import type { RegionDef, ZoneDef } from "../../world/catalog/types.js";
import type { GateContext, World } from "../../world/world.js";
import { GcpError, gcpErrorOf, notFound } from "./errors.js";
import type { GcpFrontState } from "./front-state.js";

/** Front-wide settings every handler may read. */
export interface GcpSettings {
  /** Largest page a list answers, whatever `maxResults` asks (500 as Google's; small in tests). */
  pageSize: number;
  /** How long (world clock) a global or regional operation runs before it is DONE. */
  operationMs: number;
  /** The most an operations `wait` call waits (world clock) before answering the current state. */
  waitMs: number;
}

/** One authenticated Compute Engine (or Billing) call, and what its handler needs. */
export interface GcpContext {
  world: World;
  /** The project in the path: the caller's world account, or a public image project (debian-cloud). */
  project: string;
  /** The caller's world account: the gate, quotas and the world's resources are its. */
  account: string;
  /** The caller's service account e-mail (operations' `user`). */
  user: string;
  /** "http://127.0.0.1:port": every selfLink the front hands out starts with it. */
  origin: string;
  request: FrontRequest;
  /** The route's path parameters ("zone", "network", ...). */
  params: Record<string, string>;
  /** The native method ("compute.networks.insert"): rate limits, faults and latency key on it. */
  api: string;
  settings: GcpSettings;
  state: GcpFrontState;
  /** Headers the answer carries besides the body's. */
  headers: Record<string, string>;
}

/** The catalog's first region: global calls (networks, firewalls, images) go through its gate. */
export function homeRegion(ctx: Pick<GcpContext, "world">): string {
  return ctx.world.catalog("GCP").regions[0]?.name ?? "";
}

/** The route parameter `name`; the router guarantees it. */
export function param(ctx: GcpContext, name: string): string {
  return ctx.params[name] ?? "";
}

/** "projects/p/" + `path`: the names errors and operations use. */
export function relative(ctx: GcpContext, path: string): string {
  return path === "" ? `projects/${ctx.project}` : `projects/${ctx.project}/${path}`;
}

/** The selfLink of `path` under the project (on the front's own origin, so clients may follow it). */
export function link(ctx: GcpContext, path: string): string {
  const base = `${ctx.origin}/compute/v1/projects/${ctx.project}`;
  return path === "" ? base : `${base}/${path}`;
}

/** Compute Engine's RFC 3339 timestamps. */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * One native call through the world's gate (latency, rate limits, faults) in `region` (the home
 * region for global resources: Compute Engine's rate quotas are per project), world errors
 * translated for `resource` ("projects/p/global/networks/n").
 */
export async function gate<T>(
  ctx: GcpContext,
  region: string | undefined,
  fn: (cloud: AccountRegion, gate: GateContext) => T | Promise<T>,
  resource?: string,
): Promise<T> {
  const target = { provider: "GCP", account: ctx.account, region: region ?? homeRegion(ctx), api: ctx.api };
  try {
    return await ctx.world.call(target, fn);
  } catch (error) {
    throw gcpErrorOf(error, resource);
  }
}

/** The account's state in one region, bypassing the gate (for work inside a gated call). */
export function cloudOf(ctx: GcpContext, region: string): AccountRegion {
  return ctx.world.accountRegion({ provider: "GCP", account: ctx.account, region });
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): FrontResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=UTF-8", ...headers },
    body: JSON.stringify(body),
  };
}

/** The request body as a JSON object; Google refuses what does not parse. */
export function bodyOf<T extends object = Record<string, unknown>>(ctx: GcpContext): Partial<T> {
  const text = ctx.request.body.toString("utf8");
  try {
    const value: unknown = JSON.parse(text === "" ? "{}" : text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
    return value;
  } catch {
    throw new GcpError(400, "parseError", "Invalid JSON payload received. Unexpected token.", { withStatus: true });
  }
}

/** A region of the catalog, or 404 as Compute Engine answers an unknown one. */
export function requireRegion(ctx: GcpContext, name: string): RegionDef {
  const region = ctx.world.catalog("GCP").regions.find((r) => r.name === name);
  if (!region) throw notFound(relative(ctx, `regions/${name}`));
  return region;
}

/** A zone of the catalog and its region, or 404. */
export function requireZone(ctx: GcpContext, name: string): { zone: ZoneDef; region: RegionDef } {
  for (const region of ctx.world.catalog("GCP").regions) {
    const zone = region.zones.find((z) => z.name === name);
    if (zone) return { zone, region };
  }
  throw notFound(relative(ctx, `zones/${name}`));
}
