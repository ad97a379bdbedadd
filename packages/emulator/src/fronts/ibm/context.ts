import { createHash, randomUUID } from "node:crypto";
import type { AccountRegion } from "../../world/account-region.js";
import type { RegionDef } from "../../world/catalog/types.js";
import type { GateContext, World } from "../../world/world.js";
import type { FrontRequest } from "../http-front.js";
import type { IamSettings } from "./iam.js";
import type { Json } from "./http.js";
import type { Ghost, IbmState } from "./state.js";

export interface IbmSettings {
  /** How long (world clock) a deleted VPC, subnet, public gateway, floating IP or image stays `deleting`. */
  deleteMs: number;
  /** How long (world clock) a new VPC, subnet, gateway or floating IP stays `pending`. */
  pendingMs: number;
  /** The largest page any list answers (IBM: 100); small in tests. */
  maxPageSize: number;
}

/** What every handler of the front shares. */
export interface IbmFront {
  world: World;
  state: IbmState;
  settings: IbmSettings;
  iam: IamSettings;
}

/** One VPC API call, authenticated and version-checked. */
export interface VpcCall {
  front: IbmFront;
  request: FrontRequest;
  url: URL;
  query: URLSearchParams;
  region: RegionDef;
  account: string;
  /** Path parameters of the route, decoded. */
  params: string[];
  /** "http://127.0.0.1:PORT/vpc/{region}/v1": the base of every href. */
  base: string;
  body(): Json;
  now(): number;
  /** Runs the call's operation through the world's gate (latency, rate limits, faults). */
  call<T>(fn: (cloud: AccountRegion, gate: GateContext) => T | Promise<T>): Promise<T>;
}

export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The account's default resource group id (IBM's are 32 hex digits). */
export function defaultResourceGroupId(account: string): string {
  return createHash("sha256").update(`IBM/resource-group/${account}`).digest("hex").slice(0, 32);
}

export function resourceGroupRef(call: VpcCall, id: string = defaultResourceGroupId(call.account)): Json {
  return {
    id,
    href: `https://resource-controller.cloud.ibm.com/v2/resource_groups/${id}`,
    name: id === defaultResourceGroupId(call.account) ? "Default" : id,
  };
}

/** A resource's CRN; `location` is its region or, for zonal resources, its zone. */
export function crnOf(account: string, location: string, type: string, id: string): string {
  return `crn:v1:bluemix:public:is:${location}:a/${account}::${type}:${id}`;
}

/** Parses a VPC CRN: the account, the resource type and id. */
export function parseCrn(crn: string): { account: string; location: string; type: string; id: string } | undefined {
  const m = /^crn:v1:bluemix:public:is:([^:]*):a\/([^:]+)::([^:]+):(.+)$/.exec(crn);
  if (!m) return undefined;
  const [, location = "", account = "", type = "", id = ""] = m;
  return { account, location, type, id };
}

export function zoneRef(call: VpcCall, zone: string): Json {
  return { href: `${call.base}/regions/${call.region.name}/zones/${zone}`, name: zone };
}

/** The ghost of a deleted resource while it is still `deleting`; forgets it once gone. */
export function liveGhost(call: VpcCall, collection: string, id: string): Ghost | undefined {
  const ghost = call.front.state.ghosts.get(id);
  if (!ghost || ghost.collection !== collection || ghost.account !== call.account || ghost.region !== call.region.name)
    return undefined;
  if (ghost.until <= call.now()) {
    call.front.state.ghosts.delete(id);
    return undefined;
  }
  return ghost;
}

/** Every live ghost of a collection in the call's account and region. */
export function liveGhosts(call: VpcCall, collection: string): Ghost[] {
  return [...call.front.state.ghosts.keys()].flatMap((id) => liveGhost(call, collection, id) ?? []);
}

/** Keeps `view` shown as deleting (its `status` or `lifecycle_state` set so) for the front's deleteMs. */
export function bury(call: VpcCall, collection: string, view: Json, vpcId?: string): void {
  const shown: Json = { ...view };
  if ("status" in shown) shown["status"] = "deleting";
  if ("lifecycle_state" in shown) shown["lifecycle_state"] = "deleting";
  call.front.state.ghosts.set(String(view["id"]), {
    account: call.account,
    region: call.region.name,
    collection,
    view: shown,
    until: call.now() + call.front.settings.deleteMs,
    ...(vpcId === undefined ? {} : { vpcId }),
  });
}

/** "pending" until `pendingMs` after creation, then `settled`. */
export function settledStatus<T extends string>(call: VpcCall, createdAt: number, settled: T): T | "pending" {
  return call.now() < createdAt + call.front.settings.pendingMs ? "pending" : settled;
}

/** A stable IBM-style id for a part the world keeps no id for (a rule, an attachment). */
export function derivedId(region: RegionDef, ...parts: string[]): string {
  const h = createHash("sha256").update(parts.join("/")).digest("hex");
  return `${region.idCode ?? "r000"}-${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A fresh IBM-style id for what only the front keeps (gateways, prefixes, pools, ...). */
export function newId(region: RegionDef): string {
  return `${region.idCode ?? "r000"}-${randomUUID()}`;
}

/** The name given, checked, or one IBM-style generated name when none is. */
export function nameOr(given: string | undefined, kind: string): string {
  return given ?? `${kind}-${randomUUID().slice(0, 8)}`;
}
