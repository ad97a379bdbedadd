import { startFront } from "../http-front.js";
import type { FrontRequest, FrontResponse, RunningFront } from "../http-front.js";
import type { World } from "../../world/world.js";
import { ActionTable } from "./actions.js";
import type { ActionContext, ActionRegistration, TencentSettings } from "./actions.js";
import { authenticate, header, hostName } from "./authenticate.js";
import { TencentError, missingParameter, tencentErrorOf } from "./errors.js";
import { errorResponse, newRequestId, okResponse } from "./envelope.js";
import { FrontState } from "./front-state.js";
import { actionParameters } from "./parameters.js";
import { Params, unflatten } from "./params.js";
import type { Json } from "./params.js";
import { serviceOfHost } from "./services.js";
import { tencentActions } from "./registrations.js";

export interface TencentFrontOptions {
  /** The world whose TENCENT provider the front serves; callers sign with `world.identities` (provider "TENCENT"). */
  world: World;
  /** Loopback port; default: any free port. */
  port?: number;
  /** The most items any page holds, whatever Limit asks (default 100, as most Describe*); small in tests. */
  maxPageSize?: number;
  /** How far X-TC-Timestamp may be from this machine's clock (default 5 minutes, as Tencent). */
  clockSkewToleranceMs?: number;
  /** The region of actions that take none (the region service's). */
  defaultRegion?: string;
  /** How long a ClientToken's answer is kept (default 24 hours). */
  clientTokenRetentionMs?: number;
}

/** The request's JSON parameters: the POST body, or the GET query folded back into JSON. */
function paramsOf(request: FrontRequest): Params {
  if (request.method === "GET") return new Params(unflatten(request.url.searchParams));
  const type = header(request, "content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new TencentError("InvalidParameter", "The Content-Type of a POST must be application/json.");
  }
  const text = request.body.toString("utf8");
  let parsed: unknown;
  try {
    parsed = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new TencentError("InvalidParameter", "The request body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new TencentError("InvalidParameter", "The request body must be a JSON object.");
  }
  return new Params(parsed as Json);
}

/**
 * Starts the Tencent Cloud API 3.0 front on loopback: CVM, VPC, CBS, CLB, the region and tag
 * services on one server, told apart by the Host header's first label ("cvm.tencentcloudapi.com"),
 * signed with TC3-HMAC-SHA256, every answer HTTP 200.
 */
export async function startTencentFront(
  options: TencentFrontOptions,
  registrations: readonly ActionRegistration[] = tencentActions,
): Promise<RunningFront & { state: FrontState; actions: ActionTable }> {
  const { world } = options;
  const maxPageSize = options.maxPageSize ?? 100;
  if (!(Number.isInteger(maxPageSize) && maxPageSize >= 1)) throw new RangeError("maxPageSize must be at least 1");
  const catalog = world.catalog("TENCENT");
  const defaultRegion = options.defaultRegion ?? catalog.regions[0]?.name ?? "ap-guangzhou";
  const auth = { skewToleranceMs: options.clockSkewToleranceMs ?? 5 * 60_000, now: () => Date.now() };
  const settings: TencentSettings = { clientTokenRetentionMs: options.clientTokenRetentionMs ?? 24 * 3_600_000 };
  const state = new FrontState();
  const actions = new ActionTable(registrations);

  const serve = async (request: FrontRequest, requestId: string): Promise<FrontResponse> => {
    if (request.method !== "POST" && request.method !== "GET") {
      throw new TencentError("UnsupportedProtocol", "Only POST and GET requests are served.");
    }
    const host = hostName(request);
    const service = serviceOfHost(host);
    if (!service) throw new TencentError("NoSuchProduct", `No product is served at host \`${host}\`.`);
    const action = header(request, "x-tc-action");
    if (action === undefined || action === "") throw missingParameter("X-TC-Action");
    const version = header(request, "x-tc-version");
    if (version === undefined || version === "") throw missingParameter("X-TC-Version");
    if (version !== service.version) {
      throw new TencentError("NoSuchVersion", `The API version \`${version}\` of ${service.name} does not exist.`);
    }
    const entry = actions.find(service.name, action);
    if (!entry) throw new TencentError("InvalidAction", `The API \`${action}\` does not exist in ${service.name}.`);
    const caller = authenticate(request, service.name, world, auth);
    const { registration, api } = entry;
    const regionHeader = header(request, "x-tc-region");
    if ((regionHeader === undefined || regionHeader === "") && registration.regionRequired !== false) {
      throw missingParameter("X-TC-Region");
    }
    const region = regionHeader || defaultRegion;
    if (!catalog.regions.some((r) => r.name === region)) {
      throw new TencentError("UnsupportedRegion", `The region \`${region}\` is not supported.`);
    }
    const params = paramsOf(request);
    const known = actionParameters[`${service.name}:${action}`];
    const unknown = known && Object.keys(params.values).find((name) => !known.includes(name));
    if (unknown !== undefined) {
      throw new TencentError("UnknownParameter", `The parameter \`${unknown}\` is not recognized.`);
    }
    const context: ActionContext = {
      world,
      params,
      caller,
      service,
      action,
      api,
      region,
      requestId,
      state,
      pages: { maxPageSize },
      settings,
      call: (fn, callOptions = {}) =>
        world.call(
          { provider: "TENCENT", account: caller.account, region, api, cost: callOptions.cost },
          (cloud, gate) => fn(cloud, gate),
        ),
    };
    return okResponse(requestId, await registration.handler(context));
  };

  const handler = async (request: FrontRequest): Promise<FrontResponse> => {
    const requestId = newRequestId();
    try {
      return await serve(request, requestId);
    } catch (error) {
      return errorResponse(requestId, tencentErrorOf(error));
    }
  };
  const front = await startFront({ handler, port: options.port, name: "tencent" });
  return { ...front, state, actions };
}
