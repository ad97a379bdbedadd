import type { FrontRequest, FrontResponse, RunningFront } from "../http-front.js";
import { startFront } from "../http-front.js";
import type { World } from "../../world/world.js";
import { serveToken, verifyBearer } from "./auth.js";
import type { AuthSettings } from "./auth.js";
import { serveBilling } from "./billing-catalog.js";
import { computeRoutes } from "./collections.js";
import type { GcpContext, GcpSettings } from "./context.js";
import { json } from "./context.js";
import { GcpError, isGcpError } from "./errors.js";
import { GcpFrontState } from "./front-state.js";
import { publicImageProjects } from "./images.js";
import { replayedOperation } from "./operations.js";
import { matchRoute } from "./router.js";
import { containerRoutes } from "./container/routes.js";

/** Options of `startGcpFront`. */
export interface GcpFrontOptions {
  /** The world whose GCP provider the front serves; callers authenticate with `world.identities`. */
  world: World;
  /** Loopback port; default: any free port. */
  port?: number;
  /** Largest page of a list (default 500, Google's most); tests set it small to page often. */
  pageSize?: number;
  /** How long a global or regional operation runs, on the world's clock (default 1 s). */
  operationMs?: number;
  /** The most an operations `wait` call waits, on the world's clock (default 2 minutes, Google's). */
  waitMs?: number;
  /** Lifetime of access tokens from POST /token (default 1 hour, as Google's). */
  tokenTtlMs?: number;
  /** The clock JWT iat/exp and token lifetimes are checked on: real time (default Date.now). */
  now?: () => number;
}

const computePrefix = ["compute", "v1", "projects"];

function segmentsOf(url: URL): string[] {
  try {
    return url.pathname
      .split("/")
      .filter((s) => s !== "")
      .map((s) => decodeURIComponent(s));
  } catch {
    throw new GcpError(400, "badRequest", `Malformed URL path ${url.pathname}`);
  }
}

/** A custom verb ("pool:setSize") as a segment of its own (":setSize"), as the routes spell it. */
function withVerb(segments: string[]): string[] {
  const last = segments.at(-1) ?? "";
  const colon = last.indexOf(":");
  return colon <= 0 ? segments : [...segments.slice(0, -1), last.slice(0, colon), last.slice(colon)];
}

function errorResponse(error: GcpError): FrontResponse {
  return json(error.status, error.body(), error.options.headers ?? {});
}

/** 404 for a URL no method serves (Google answers these from its front end). */
function noSuchMethod(request: FrontRequest): GcpError {
  return new GcpError(404, "notFound", `The requested URL ${request.url.pathname} was not found on this server.`);
}

/**
 * Starts the GCP front on loopback over plain HTTP: Compute Engine REST v1 under
 * /compute/v1/projects/{project}/, Google Kubernetes Engine (container.googleapis.com v1) under
 * /v1/projects/{project}/locations/{location}/, Google's OAuth token endpoint (POST /token,
 * JWT-bearer grant) and the Cloud Billing Catalog (GET /v1/services/{service}/skus). Every API call needs a bearer
 * token: a self-signed service-account JWT or an access token from /token.
 */
export async function startGcpFront(options: GcpFrontOptions): Promise<RunningFront> {
  const { world } = options;
  const settings: GcpSettings = {
    pageSize: options.pageSize ?? 500,
    operationMs: options.operationMs ?? 1000,
    waitMs: options.waitMs ?? 120_000,
  };
  if (!(Number.isInteger(settings.pageSize) && settings.pageSize >= 1 && settings.pageSize <= 500)) {
    throw new RangeError("pageSize must be an integer from 1 to 500");
  }
  const state = new GcpFrontState();
  let origin = "";
  const auth: AuthSettings = {
    world,
    state,
    origin: () => origin,
    tokenTtlMs: options.tokenTtlMs ?? 3_600_000,
    now: options.now ?? (() => Date.now()),
  };
  // GKE kubeconfigs carry the caller's OAuth access token: a cluster's API server takes a live
  // token of the cluster's project (the user is the service account).
  world.kube.registerVerifier("GCP", (token, audience) => {
    const issued = state.tokens.get(token);
    if (!issued || issued.expiresAt <= auth.now() || issued.account !== audience.account) return undefined;
    return issued.clientEmail;
  });
  const handler = async (request: FrontRequest): Promise<FrontResponse> => {
    if (request.method === "POST" && request.url.pathname === "/token") return serveToken(auth, request);
    const headers: Record<string, string> = {};
    try {
      const caller = verifyBearer(auth, request);
      const segments = segmentsOf(request.url);
      const base = {
        world,
        account: caller.account,
        user: caller.clientEmail,
        origin,
        request,
        settings,
        state,
        headers,
      };
      if (segments[0] === "v1" && segments[1] === "services") {
        return await serveBilling(
          {
            ...base,
            project: caller.account,
            params: {},
            api: segments.length > 2 ? "cloudbilling.services.skus.list" : "cloudbilling.services.list",
          },
          segments.slice(2),
        );
      }
      if (segments[0] === "v1" && segments[1] === "projects" && segments[2] !== undefined) {
        const project = segments[2];
        if (project !== caller.account) {
          throw new GcpError(403, "forbidden", `Permission denied on resource project ${project}.`, { rpc: true });
        }
        const match = matchRoute(containerRoutes, request.method, withVerb(segments.slice(3)), "own");
        if (!match) throw noSuchMethod(request);
        const response = await match.route.handle({ ...base, project, params: match.params, api: match.route.api });
        return { ...response, headers: { ...response.headers, ...headers } };
      }
      if (!computePrefix.every((word, i) => segments[i] === word) || segments[3] === undefined) {
        throw noSuchMethod(request);
      }
      const project = segments[3];
      const projectClass =
        project === caller.account ? "own" : publicImageProjects(world).includes(project) ? "public" : "other";
      const match =
        matchRoute(computeRoutes, request.method, segments.slice(4), projectClass) ??
        (projectClass === "public" ? matchRoute(computeRoutes, request.method, segments.slice(4), "other") : undefined);
      if (!match) throw noSuchMethod(request);
      if (project !== caller.account && (match.route.projects ?? "own") === "own") {
        throw new GcpError(403, "forbidden", `Required '${match.route.api}' permission for 'projects/${project}'`);
      }
      const ctx: GcpContext = { ...base, project, params: match.params, api: match.route.api };
      const response = replayedOperation(ctx) ?? (await match.route.handle(ctx));
      return { ...response, headers: { ...response.headers, ...headers } };
    } catch (error) {
      if (!isGcpError(error)) throw error;
      return errorResponse(error);
    }
  };
  const front = await startFront({ handler, port: options.port, name: "gcp" });
  origin = front.url;
  return front;
}
