import type { World } from "../../world/world.js";
import { startFront } from "../http-front.js";
import type { FrontRequest, FrontResponse, RunningFront } from "../http-front.js";
import { catalogHandler } from "./catalog.js";
import { serveContainers } from "./containers.js";
import type { IbmFront, IbmSettings, VpcCall } from "./context.js";
import { vpcErrorResponse } from "./errors.js";
import { IbmError, newTrace, readJson } from "./http.js";
import type { Json } from "./http.js";
import { authorize, handleToken } from "./iam.js";
import { JwtSigner } from "./jwt.js";
import { ibmMaxLimit } from "./paging.js";
import type { Route } from "./routes.js";
import { IbmState } from "./state.js";
import { taggingHandler } from "./tagging.js";
import { checkVersion } from "./version.js";
import { vpcRoutes } from "./vpc-routes.js";

export interface IbmFrontOptions {
  /** The world whose IBM provider the front serves; API keys come from `world.identities` (provider "IBM"). */
  world: World;
  /** Loopback port; default: any free port. */
  port?: number;
  /** Access token lifetime on the world's clock; default one hour, as IAM's. */
  tokenTtlMs?: number;
  /** The largest page of every VPC list (IBM: 100); small in tests so clients must page. */
  maxPageSize?: number;
  /** How long (world clock) a deleted VPC, subnet, public gateway, floating IP or image stays `deleting`; default 5 s. */
  deleteMs?: number;
  /** How long (world clock) a new VPC, subnet, gateway or floating IP stays `pending`; default 2 s. */
  pendingMs?: number;
}

export interface RunningIbmFront extends RunningFront {
  /** The four base URLs, as the driver's `endpoints` option takes them. */
  endpoints: { iam: string; vpc: string; catalog: string; tagging: string; containers: string };
  front: IbmFront;
}

/**
 * Serves IBM Cloud's APIs over the world on loopback, told apart by path: IAM
 * (`/identity/token`), the VPC API per region (`/vpc/{region}/v1/...`, IBM's
 * `https://{region}.iaas.cloud.ibm.com/v1`), the Global Catalog (`/api/v1/...`), Global
 * Tagging (`/v3/tags/...`) and the Kubernetes Service (`/containers/global/...`, see containers.ts).
 */
export async function startIbmFront(options: IbmFrontOptions): Promise<RunningIbmFront> {
  const maxPageSize = options.maxPageSize ?? ibmMaxLimit;
  if (!(Number.isInteger(maxPageSize) && maxPageSize >= 1 && maxPageSize <= ibmMaxLimit))
    throw new RangeError(`maxPageSize must be 1..${ibmMaxLimit}`);
  const settings: IbmSettings = {
    deleteMs: options.deleteMs ?? 5_000,
    pendingMs: options.pendingMs ?? 2_000,
    maxPageSize,
  };
  const front: IbmFront = {
    world: options.world,
    state: new IbmState(),
    settings,
    iam: {
      world: options.world,
      signer: new JwtSigner(),
      tokenTtlMs: options.tokenTtlMs ?? 3_600_000,
      refreshTokens: new Map(),
    },
  };
  // IKS clusters take the caller's IAM token as a bearer token, as IBM's own kubeconfigs do.
  options.world.kube.registerVerifier("IBM", (token, audience) => {
    const claims = front.iam.signer.verify(token);
    if (!claims || claims.exp * 1000 <= options.world.clock.now() || claims.account.bss !== audience.account)
      return undefined;
    return `IAM#${claims.iam_id}`;
  });
  const handler = async (request: FrontRequest): Promise<FrontResponse> => {
    const path = request.url.pathname;
    if (path === "/identity/token") return handleToken(front.iam, request);
    if (path.startsWith("/vpc/")) return serveVpc(front, request);
    if (path === "/api/v1" || path.startsWith("/api/v1/")) return catalogHandler(front, request);
    if (path.startsWith("/v3/tags")) return taggingHandler(front, request);
    if (path.startsWith("/containers/")) return serveContainers(front, request);
    return vpcErrorResponse(new IbmError(404, "invalid_route", "The requested route does not exist."), newTrace());
  };
  const running = await startFront({ handler, port: options.port, name: "ibm" });
  return {
    ...running,
    front,
    endpoints: {
      iam: running.url,
      vpc: `${running.url}/vpc/{region}`,
      catalog: `${running.url}/api/v1`,
      tagging: running.url,
      containers: `${running.url}/containers`,
    },
  };
}

async function serveVpc(front: IbmFront, request: FrontRequest): Promise<FrontResponse> {
  const trace = newTrace();
  try {
    const [, , regionName = "", v1 = "", ...rest] = request.url.pathname.split("/");
    const region = front.world.catalog("IBM").regions.find((r) => r.name === regionName);
    if (!region || v1 !== "v1") throw new IbmError(404, "invalid_route", "The requested route does not exist.");
    const routePath = `/${rest.join("/")}`;
    const candidates = vpcRoutes.filter((r) => r.path.test(routePath));
    const route: Route | undefined = candidates.find((r) => r.method === request.method);
    if (!route) {
      throw candidates.length > 0
        ? new IbmError(405, "method_not_allowed", "The method is not allowed for the requested route.")
        : new IbmError(404, "invalid_route", "The requested route does not exist.");
    }
    const claims = authorize(front.iam, request);
    checkVersion(request.url.searchParams);
    const account = claims.account.bss;
    let body: Json | undefined;
    const call: VpcCall = {
      front,
      request,
      url: request.url,
      query: request.url.searchParams,
      region,
      account,
      params: (route.path.exec(routePath) ?? []).slice(1).map((p) => decodeURIComponent(p)),
      base: `${request.url.protocol}//${request.url.host}/vpc/${region.name}/v1`,
      body: () => (body ??= readJson(request)),
      now: () => front.world.clock.now(),
      call: (fn) => front.world.call({ provider: "IBM", account, region: region.name, api: route.api }, fn),
    };
    const response = await route.handle(call);
    return { ...response, headers: { ...response.headers, "x-request-id": trace } };
  } catch (error) {
    return vpcErrorResponse(error, trace);
  }
}
