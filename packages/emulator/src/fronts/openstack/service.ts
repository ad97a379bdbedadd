import type { AccountRegion } from "../../world/account-region.js";
import type { GateContext, World } from "../../world/world.js";
import type { FrontRequest, FrontResponse } from "../http-front.js";
import type { OpenStackDeployment } from "./deployment.js";
import type { ServiceName } from "./errors.js";
import type { TokenClaims, TokenSigner } from "./tokens.js";

/** What every handler of the front shares. */
export interface FrontContext {
  world: World;
  signer: TokenSigner;
  /** Lifetime of issued tokens, on the world's clock. */
  tokenTtlMs: number;
  /** Largest page any list returns (also the default), small so that clients must page. */
  pageSize: number;
  /** The kind of deployment played: extensions, microversions, catalog. */
  deployment: OpenStackDeployment;
}

/** One authenticated request to a regional service, as a route sees it. */
export interface ServiceCall {
  ctx: FrontContext;
  request: FrontRequest;
  /** The request URL as the client addressed it. */
  url: URL;
  /** "http://host:port" of this front, from the Host header. */
  baseUrl: string;
  /** The endpoint this request went to, e.g. "http://host:port/RegionOne/compute/v2.1". */
  endpoint: string;
  region: string;
  account: string;
  projectId: string;
  claims: TokenClaims;
  /** Captures of the route's path pattern. */
  params: string[];
  /** The negotiated microversion as [major, minor]: Nova's (2.x), Cinder's (3.x); [2, 1] elsewhere. */
  microversion: readonly [number, number];
  /**
   * Runs this route's operation through the world's gate (latency, rate limits, faults); `gate`
   * says whether background work the operation starts must fail (`{ failsLater }`).
   */
  call<T>(fn: (cloud: AccountRegion, gate: GateContext) => T | Promise<T>): Promise<T>;
}

/** One operation of one service: method, path below the service's version root, API name. */
export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: RegExp;
  /**
   * The native API name, as the world's rate limits, faults and the driver's call history see it;
   * a function where one path serves several operations (Nova's server actions).
   */
  api: string | ((request: FrontRequest) => string);
  handle(call: ServiceCall): Promise<FrontResponse> | FrontResponse;
}

export interface ServiceDef {
  name: ServiceName;
  /** The path segment after the region ("compute", "network", ...). */
  segment: string;
  /**
   * Splits the path below the segment into the endpoint's own part (kept in `endpoint`) and the
   * part the routes match, or undefined when the path is not this service's.
   */
  split(rest: string, deployment: OpenStackDeployment): { endpointPath: string; routePath: string } | undefined;
  routes: readonly Route[];
  /**
   * Answers what the service serves without a token (version documents, paths of removed API
   * versions), or undefined for requests that go on to authentication. `serviceUrl` is the
   * service's root, "http://host:port/<region>/<segment>".
   */
  unauthenticated?(
    request: FrontRequest,
    rest: string,
    ctx: FrontContext,
    serviceUrl: string,
  ): FrontResponse | undefined;
}

/** A path below a version root: "/v2.0/networks" with root "/v2.0" gives "/networks". */
export function below(rest: string, root: string): string | undefined {
  if (rest === root) return "/";
  return rest.startsWith(`${root}/`) ? rest.slice(root.length) : undefined;
}
