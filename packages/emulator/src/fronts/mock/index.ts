import type { AccountRegion } from "../../world/account-region.js";
import { WorldError } from "../../world/errors.js";
import type { World } from "../../world/world.js";
import { startFront } from "../http-front.js";
import type { FrontRequest, FrontResponse, RunningFront } from "../http-front.js";
import { mockCallPath, mockServices, toCallError } from "./protocol.js";
import type { MockCallRequest, MockCallResponse } from "./protocol.js";

export { mockCallPath, mockServices } from "./protocol.js";
export type { MockCallError, MockCallRequest, MockCallResponse } from "./protocol.js";

/** One call as the front's interceptor sees it: `seq` counts calls from 1 in arrival order. */
export interface InterceptedCall extends MockCallRequest {
  seq: number;
  /** "before": the world has not run the call yet. "after": it has, and the answer is not sent yet. */
  phase: "before" | "after";
}

/** Options of `startMockFront`. */
export interface MockFrontOptions {
  world: World;
  /** Default: any free port on 127.0.0.1. */
  port?: number;
  /**
   * Sees every call twice (before and after the world runs it). "drop" skips the call (before) or
   * withholds its answer (after) and closes the exchange with a 503, as a dying server would: tests
   * use it to stop a client at a chosen call.
   */
  intercept?: (call: InterceptedCall) => "continue" | "drop" | Promise<"continue" | "drop">;
}

/** A running mock front, and how many calls it has received. */
export interface RunningMockFront extends RunningFront {
  /** Calls received so far. */
  readonly calls: number;
}

/**
 * Serves a world to driver-mock's remote mode (`createMockDriver({ endpoint })`): `POST
 * /mock/v1/call` with a `MockCallRequest` runs `world.call(target, (cloud) => cloud[service][method](...args))`
 * and answers `{ result }` or `{ error }` (a serialised WorldError). The front keeps no state.
 */
export async function startMockFront(options: MockFrontOptions): Promise<RunningMockFront> {
  const { world, intercept } = options;
  let seq = 0;
  const handler = async (request: FrontRequest): Promise<FrontResponse> => {
    if (request.method !== "POST" || request.url.pathname !== mockCallPath) {
      return json(404, { error: { code: "NotFound", message: `no route ${request.method} ${request.url.pathname}` } });
    }
    const call = parseCall(request.body);
    if (typeof call === "string") return json(400, { error: { code: "InvalidParameter", message: call } });
    const intercepted: InterceptedCall = { ...call, seq: ++seq, phase: "before" };
    if ((await intercept?.(intercepted)) === "drop") return dropped;
    let answer: MockCallResponse;
    try {
      const result = await world.call(
        { provider: "MOCK", account: call.account, region: call.region, api: call.api },
        (cloud) => invoke(cloud, call),
      );
      answer = { result };
    } catch (error) {
      const wire = toCallError(error);
      if (!wire) throw error;
      answer = { error: wire };
    }
    if ((await intercept?.({ ...intercepted, phase: "after" })) === "drop") return dropped;
    return json(200, answer);
  };
  const front = await startFront({
    handler,
    name: "mock front",
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  return {
    url: front.url,
    port: front.port,
    close: () => front.close(),
    get calls() {
      return seq;
    },
  };
}

const dropped: FrontResponse = { status: 503, headers: { "content-type": "text/plain" }, body: "dropped" };

function json(status: number, body: MockCallResponse): FrontResponse {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/** The call in a request body, or what is wrong with it. */
function parseCall(body: Buffer): MockCallRequest | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return "the body is not JSON";
  }
  if (parsed === null || typeof parsed !== "object") return "the body must be an object";
  const call = parsed as Partial<Record<keyof MockCallRequest, unknown>>;
  for (const field of ["account", "region", "api", "service", "method"] as const) {
    if (typeof call[field] !== "string" || call[field] === "") return `${field} must be a non-empty string`;
  }
  if (!Array.isArray(call.args)) return "args must be an array";
  return call as MockCallRequest;
}

/** Runs one service method. Only AccountRegion services and their own methods are reachable. */
function invoke(cloud: AccountRegion, call: MockCallRequest): unknown {
  if (!(mockServices as readonly string[]).includes(call.service)) {
    throw new WorldError("InvalidParameter", `service: unknown service "${call.service}"`, { field: "service" });
  }
  const service = cloud[call.service as (typeof mockServices)[number]] as unknown as Record<string, unknown>;
  const method = service[call.method];
  if (typeof method !== "function" || call.method === "constructor" || call.method in Object.prototype) {
    throw new WorldError("InvalidParameter", `method: unknown method "${call.service}.${call.method}"`, {
      field: "method",
    });
  }
  return (method as (...args: unknown[]) => unknown).apply(service, call.args);
}
