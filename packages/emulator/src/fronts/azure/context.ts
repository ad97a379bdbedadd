import type { FrontRequest, FrontResponse } from "../http-front.js";
import type { AccountRegion } from "../../world/account-region.js";
import type { GateContext, World } from "../../world/world.js";
import type { ListOptions, ListPage } from "../../world/pagination.js";
import { ArmError } from "./arm-error.js";
import { armErrorOf } from "./errors.js";
import type { AzureFrontState } from "./front-state.js";
import type { ArmSubject } from "./errors.js";

/** One authenticated management call, and what its handler needs. */
export interface ArmContext {
  world: World;
  /** The subscription (world account) the token's identity acts in. */
  account: string;
  /** "https://127.0.0.1:port": ARM's endpoint and every absolute URL the front hands out. */
  origin: string;
  request: FrontRequest;
  apiVersion: string;
  /** Items per page of lists (small, so clients follow nextLink). */
  pageSize: number;
  /** How long (world clock) a PUT or DELETE of a network resource stays in progress. */
  operationMs: number;
  /** Headers the answer carries besides the body's (rate-limit counters). */
  headers: Record<string, string>;
  /** What the front keeps about interfaces, addresses and VMs beside the world. */
  state: AzureFrontState;
}

/** ARM's counter header for the kind of request: reads, writes or deletes. */
function counterHeader(method: string): string {
  const kind = method === "GET" || method === "HEAD" ? "reads" : method === "DELETE" ? "deletes" : "writes";
  return `x-ms-ratelimit-remaining-subscription-${kind}`;
}

/**
 * One native operation through the world's gate (latency, throttling, faults), named as the SDK's
 * operation id ("VirtualNetworks_CreateOrUpdate"); world errors become ARM errors about `subject`.
 * Every answer, throttled or not, carries what is left of the subscription's bucket.
 */
export async function gate<T>(
  ctx: ArmContext,
  region: string,
  api: string,
  fn: (cloud: AccountRegion, gate: GateContext) => T | Promise<T>,
  subject?: ArmSubject,
): Promise<T> {
  const target = { provider: "AZURE", account: ctx.account, region, api };
  try {
    return await ctx.world.call(target, fn);
  } catch (error) {
    throw armErrorOf(error, subject);
  } finally {
    const left = ctx.world.rateLimits.remaining(target, ctx.world.clock.now());
    if (left !== undefined) ctx.headers[counterHeader(ctx.request.method)] = String(left);
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): FrontResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(body),
  };
}

/** The request body as JSON; ARM refuses what does not parse. */
export function bodyOf<T>(request: FrontRequest): T {
  const text = request.body.toString("utf8");
  try {
    const value: unknown = JSON.parse(text === "" ? "{}" : text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
    return value as T;
  } catch {
    throw new ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
  }
}

/** A region of the provider, or ARM's refusal of the `location` a body names. */
export function checkLocation(ctx: ArmContext, location: unknown, type: string): string {
  if (typeof location !== "string" || location === "") {
    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.");
  }
  const name = location.toLowerCase().replace(/\s+/g, "");
  const regions = ctx.world.catalog("AZURE").regions.map((r) => r.name);
  if (!regions.includes(name)) {
    throw new ArmError(
      400,
      "LocationNotAvailableForResourceType",
      `The provided location '${location}' is not available for resource type '${type}'. List of available regions for the resource type is '${regions.join(",")}'.`,
    );
  }
  return name;
}

/**
 * A page of a list that spans the account's regions (a resource group's resources may be anywhere):
 * region by region in catalog order, `pageSize` at most, with a `nextLink` that carries the place
 * (`$skiptoken`), the request's api-version and its other parameters.
 */
export function pageAcrossRegions<T>(
  ctx: ArmContext,
  list: (cloud: AccountRegion, options: Pick<ListOptions<never>, "maxResults" | "nextToken">) => ListPage<T>,
): { value: T[]; nextLink?: string } {
  const regions = ctx.world.catalog("AZURE").regions.map((r) => r.name);
  const token = ctx.request.url.searchParams.get("$skiptoken") ?? ctx.request.url.searchParams.get("$skipToken");
  let [index, nextToken] = parseSkipToken(token);
  const value: T[] = [];
  while (index < regions.length && value.length < ctx.pageSize) {
    const cloud = ctx.world.accountRegion({ provider: "AZURE", account: ctx.account, region: regions[index] ?? "" });
    const page = list(cloud, { maxResults: ctx.pageSize - value.length, nextToken });
    value.push(...page.items);
    if (page.nextToken === undefined) [index, nextToken] = [index + 1, undefined];
    else nextToken = page.nextToken;
  }
  if (index >= regions.length) return { value };
  // The next page keeps the request's other parameters (statusOnly, $filter).
  const next = new URL(`${ctx.request.url.pathname}${ctx.request.url.search}`, ctx.origin);
  next.searchParams.delete("$skipToken");
  next.searchParams.set("api-version", ctx.apiVersion);
  next.searchParams.set("$skiptoken", `${index}.${nextToken ?? ""}`);
  return { value, nextLink: next.toString() };
}

function parseSkipToken(token: string | null): [number, string | undefined] {
  if (token === null) return [0, undefined];
  const match = /^(\d+)\.(.*)$/.exec(token);
  if (!match) throw new ArmError(400, "InvalidSkipToken", `The skip token '${token}' is not valid.`);
  return [Number(match[1]), match[2] === "" ? undefined : match[2]];
}
