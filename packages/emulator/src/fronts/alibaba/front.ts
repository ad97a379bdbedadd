import { startFront } from "../http-front.js";
import type { FrontRequest, FrontResponse, RunningFront } from "../http-front.js";
import type { World } from "../../world/world.js";
import { acs3Target, authenticateAcs3, isAcs3 } from "./acs3.js";
import { ackVersion, serveAck } from "./ack.js";
import { ActionTable } from "./actions.js";
import type { ActionContext, ActionRegistration, AlibabaSettings } from "./actions.js";
import { authenticate } from "./authenticate.js";
import { AlibabaError, alibabaErrorOf, missingParameter, notFound } from "./errors.js";
import { errorResponse, newRequestId, okResponse } from "./envelope.js";
import { FrontState } from "./front-state.js";
import { RpcParams } from "./params.js";
import { productOf } from "./products.js";
import type { Product } from "./products.js";
import { alibabaActions } from "./registrations.js";

export interface AlibabaFrontOptions {
  /** The world whose ALIBABA provider the front serves; callers sign with `world.identities` (provider "ALIBABA"). */
  world: World;
  /** Loopback port; default: any free port. */
  port?: number;
  /** The most items any page holds, whatever PageSize or MaxResults asks (default 100, as ECS); small in tests. */
  maxPageSize?: number;
  /** How far Timestamp may be from this machine's clock (default 15 minutes, as Alibaba). */
  clockSkewToleranceMs?: number;
  /** The region of actions whose RegionId is optional (DescribeRegions). */
  defaultRegion?: string;
  /** How long (world clock) a new VPC or VSwitch stays Pending; default 3 s. */
  vpcPendingMs?: number;
  /** How long a ClientToken's answer is kept (default 24 hours). */
  clientTokenRetentionMs?: number;
}

/** Parameters from the URL and, for form posts, the body (the gateway accepts both). */
function paramsOf(request: FrontRequest): RpcParams {
  const values = new Map<string, string>(request.url.searchParams);
  const type = String(request.headers["content-type"] ?? "");
  if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(request.body.toString("utf8"))) values.set(key, value);
  }
  return new RpcParams(values);
}

/**
 * Starts the Alibaba Cloud RPC front on loopback: ECS (2014-05-26), VPC (2016-04-28) and SLB
 * (2014-05-15) on one URL, told apart by each request's Version, signed with signature v1; and
 * Container Service for Kubernetes (cs 2015-12-15), the ROA requests (see ack.ts).
 */
export async function startAlibabaFront(
  options: AlibabaFrontOptions,
  registrations: readonly ActionRegistration[] = alibabaActions,
): Promise<RunningFront & { state: FrontState; actions: ActionTable }> {
  const { world } = options;
  const maxPageSize = options.maxPageSize ?? 100;
  if (!(Number.isInteger(maxPageSize) && maxPageSize >= 1)) throw new RangeError("maxPageSize must be at least 1");
  const catalog = world.catalog("ALIBABA");
  const defaultRegion = options.defaultRegion ?? catalog.regions[0]?.name ?? "cn-hangzhou";
  const auth = { skewToleranceMs: options.clockSkewToleranceMs ?? 15 * 60_000, now: () => Date.now() };
  const settings: AlibabaSettings = {
    vpcPendingMs: options.vpcPendingMs ?? 3_000,
    clientTokenRetentionMs: options.clientTokenRetentionMs ?? 24 * 3_600_000,
  };
  const state = new FrontState();
  const actions = new ActionTable(registrations);

  const serve = async (
    request: FrontRequest,
    requestId: string,
    product: { current?: Product },
  ): Promise<FrontResponse> => {
    const params = paramsOf(request);
    // Signature v1 names Action and Version among the parameters; V3 (ACS3) in headers.
    const v3 = isAcs3(request);
    const target = v3 ? acs3Target(request) : { action: params.string("Action"), version: params.string("Version") };
    const version = target.version;
    if (version === undefined) throw missingParameter("Version");
    const found = productOf(version);
    if (!found) throw new AlibabaError("InvalidVersion", `Specified parameter Version "${version}" is not valid.`);
    product.current = found;
    const action = target.action;
    if (action === undefined) throw missingParameter("Action");
    const entry = actions.find(version, action);
    if (!entry) {
      throw new AlibabaError(
        "InvalidAction.NotFound",
        "Specified api is not found, please check your url and method.",
        404,
      );
    }
    const { registration, api } = entry;
    const caller = v3
      ? authenticateAcs3(request, world, state.nonces, auth)
      : authenticate(request.method, params, world, state.nonces, auth);
    const format = params.string("Format");
    if (format !== undefined && format.toUpperCase() !== "JSON") {
      throw new AlibabaError("InvalidParameter.Format", "The emulator answers Format=JSON only.");
    }
    const regionId = params.string("RegionId");
    if (regionId === undefined && registration.regionRequired !== false) throw missingParameter("RegionId");
    const region = regionId ?? defaultRegion;
    if (!catalog.regions.some((r) => r.name === region)) throw notFound("region", region);
    const context: ActionContext = {
      world,
      params,
      caller,
      product: found,
      action,
      api,
      region,
      state,
      pages: { maxPageSize },
      settings,
      call: (fn, callOptions = {}) =>
        world.call(
          { provider: "ALIBABA", account: caller.account, region, api, cost: callOptions.cost },
          (cloud, gate) => fn(cloud, gate),
        ),
    };
    return okResponse(requestId, await registration.handler(context));
  };

  const handler = async (request: FrontRequest): Promise<FrontResponse> => {
    const requestId = newRequestId();
    // Container Service (ACK) is a ROA product: REST paths, signed with V3 as its SDK does.
    if (isAcs3(request) && acs3Target(request).version === ackVersion) {
      let caller;
      try {
        caller = authenticateAcs3(request, world, state.nonces, auth);
      } catch (error) {
        const e = alibabaErrorOf(error);
        return {
          status: e.status,
          headers: { "content-type": "application/json;charset=utf-8" },
          body: JSON.stringify({ code: e.code, message: e.message, requestId }),
        };
      }
      const regions = catalog.regions.map((r) => r.name);
      return serveAck({ world, caller, request, requestId, regions, state: state.ack });
    }
    const product: { current?: Product } = {};
    try {
      return await serve(request, requestId, product);
    } catch (error) {
      return errorResponse(requestId, product.current, alibabaErrorOf(error));
    }
  };
  const front = await startFront({ handler, port: options.port, name: "alibaba" });
  return { ...front, state, actions };
}
