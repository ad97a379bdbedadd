import { randomBytes } from "node:crypto";
import type { World } from "../../world/world.js";
import { startFront } from "../http-front.js";
import type { FrontRequest, FrontResponse } from "../http-front.js";
import { negotiateVolumeVersion } from "./cinder-versions.js";
import { cinderService, requireOwnProject } from "./cinder.js";
import { deploymentOf } from "./deployment.js";
import type { OpenStackDeployment, OpenStackDeploymentName } from "./deployment.js";
import { errorResponse, unauthorized } from "./errors.js";
import { glanceService } from "./glance.js";
import { FrontError, newRequestId } from "./http.js";
import { projectIdOf } from "./ids.js";
import { handleIdentity, validToken } from "./keystone.js";
import { neutronService } from "./neutron/index.js";
import { novaService } from "./nova/index.js";
import { microversionHeaders, minMicroversion, negotiate } from "./nova/microversion.js";
import { magnumService } from "./magnum/index.js";
import { negotiateMagnumVersion, versionHeaders as magnumVersionHeaders } from "./magnum/versions.js";
import { octaviaService } from "./octavia/index.js";
import { webobNotFound } from "./webob.js";
import type { FrontContext, ServiceCall, ServiceDef } from "./service.js";
import { TokenSigner } from "./tokens.js";

/** Options of `startOpenStackFront`. */
export interface OpenStackFrontOptions {
  /** The world whose OPENSTACK provider the front serves; identities come from `world.identities`. */
  world: World;
  /** Loopback port; 0 (default) picks a free one. */
  port?: number;
  /** Lifetime of issued tokens on the world's clock; default one hour, as Keystone's. */
  tokenTtlMs?: number;
  /** Largest page of every list (also the default size); default 5, so clients must page. */
  pageSize?: number;
  /** Token signing key; random by default (tokens do not survive a restart). */
  signingKey?: Buffer;
  /** The kind of deployment to play, by profile name or in full; default "current". */
  deployment?: OpenStackDeployment | OpenStackDeploymentName;
}

/** A running OpenStack front: Keystone, Nova, Glance, Neutron, Cinder, Octavia (and Magnum where the deployment has it) on one port. */
export interface RunningOpenStackFront {
  /** Base URL of the server, e.g. "http://127.0.0.1:41234". */
  url: string;
  /** The Keystone v3 URL to authenticate against ("<url>/identity/v3"). */
  authUrl: string;
  port: number;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

const provider = "OPENSTACK";
const services: readonly ServiceDef[] = [
  novaService,
  glanceService,
  neutronService,
  cinderService,
  octaviaService,
  magnumService,
];

/**
 * Serves OpenStack's APIs over the world on loopback: Keystone v3 under "/identity", and per
 * region Nova ("/<region>/compute/v2.1"), Glance ("/<region>/image"), Neutron ("/<region>/network"),
 * Cinder ("/<region>/volume/v3/<project>"), Octavia ("/<region>/load-balancer") and Magnum
 * ("/<region>/container-infra/v1"), as the token's service catalog lists them.
 */
export async function startOpenStackFront(options: OpenStackFrontOptions): Promise<RunningOpenStackFront> {
  const pageSize = options.pageSize ?? 5;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new RangeError("pageSize must be 1..1000");
  const ctx: FrontContext = {
    world: options.world,
    signer: new TokenSigner(options.signingKey ?? randomBytes(32)),
    tokenTtlMs: options.tokenTtlMs ?? 3_600_000,
    pageSize,
    deployment: deploymentOf(options.deployment),
  };
  const front = await startFront({
    name: "openstack",
    port: options.port,
    handler: (request) => dispatch(ctx, request),
  });
  return { url: front.url, authUrl: `${front.url}/identity/v3`, port: front.port, close: () => front.close() };
}

/** Whether the deployment runs the service (Block Storage, Octavia and Magnum are optional). */
function servedBy(deployment: OpenStackDeployment, service: ServiceDef): boolean {
  if (service.name === "cinder") return deployment.blockStorage.length > 0;
  if (service.name === "octavia") return deployment.loadBalancer;
  if (service.name === "magnum") return deployment.containerInfra;
  return true;
}

async function dispatch(ctx: FrontContext, request: FrontRequest): Promise<FrontResponse> {
  const baseUrl = `http://${request.headers.host ?? "127.0.0.1"}`;
  const path = request.url.pathname;
  if (path === "/identity" || path.startsWith("/identity/"))
    return handleIdentity(ctx, request, path.slice("/identity".length), baseUrl);
  const [, regionPart = "", segment = "", ...restParts] = path.split("/");
  const region = decodeURIComponent(regionPart);
  const service = services.find((s) => s.segment === segment && servedBy(ctx.deployment, s));
  const requestId = newRequestId();
  const headers: Record<string, string> = { "x-openstack-request-id": requestId };
  if (!service) return { status: 404, headers: { ...headers, "content-type": "text/plain" }, body: "404 Not Found" };
  if (service.name === "nova") headers["x-compute-request-id"] = requestId;
  let microversion = minMicroversion;
  try {
    if (service.name === "nova") {
      microversion = negotiate(request, ctx.deployment);
      Object.assign(headers, microversionHeaders(microversion));
    }
    if (service.name === "magnum" && request.url.pathname.includes("/container-infra/v1/")) {
      // Magnum echoes its version range on every v1 answer, a refused version included.
      Object.assign(headers, magnumVersionHeaders([1, 1]));
      microversion = negotiateMagnumVersion(request);
      Object.assign(headers, magnumVersionHeaders(microversion));
    }
    if (!ctx.world.catalog(provider).regions.some((r) => r.name === region))
      throw new FrontError(404, `Unknown region ${region}`);
    const rest = `/${restParts.join("/")}`;
    const open = service.unauthenticated?.(request, rest, ctx, `${baseUrl}/${regionPart}/${segment}`);
    if (open) return { ...open, headers: { ...headers, ...open.headers } };
    const split = service.split(rest, ctx.deployment);
    if (!split && service.name !== "cinder")
      throw new FrontError(404, "The resource could not be found.", "HTTPNotFound");
    const claims = validToken(ctx, request.headers["x-auth-token"]);
    if (!claims) return unauthorized(service.name, headers, `${baseUrl}/identity/v3`);
    // Cinder authenticates first; its router then knows no such path.
    if (!split) return webobNotFound(request, headers);
    const projectId = projectIdOf(claims.account);
    const candidates = service.routes.filter((r) => r.path.test(split.routePath));
    const route = candidates.find((r) => r.method === request.method);
    // Cinder's router answers paths it has no route for with webob's page, before any controller.
    if (!route && service.name === "cinder") return webobNotFound(request, headers);
    if (!route) {
      throw candidates.length > 0
        ? new FrontError(405, "The method is not allowed for the requested URL.", "HTTPMethodNotAllowed")
        : new FrontError(404, "The resource could not be found.", "HTTPNotFound");
    }
    if (service.name === "cinder") {
      const negotiated = negotiateVolumeVersion(request, ctx.deployment);
      Object.assign(headers, negotiated.headers);
      if (negotiated.error) throw negotiated.error;
      microversion = negotiated.version ?? microversion;
      requireOwnProject(split.endpointPath, projectId);
    }
    const call: ServiceCall = {
      ctx,
      request,
      url: new URL(`${baseUrl}${request.url.pathname}${request.url.search}`),
      baseUrl,
      endpoint: `${baseUrl}/${regionPart}/${segment}${split.endpointPath}`,
      region,
      account: claims.account,
      projectId,
      claims,
      params: (route.path.exec(split.routePath) ?? []).slice(1).map((p) => decodeURIComponent(p)),
      microversion,
      call: (fn) =>
        ctx.world.call(
          {
            provider,
            account: claims.account,
            region,
            api: typeof route.api === "string" ? route.api : route.api(request),
          },
          fn,
        ),
    };
    const response = await route.handle(call);
    return { ...response, headers: { ...headers, ...response.headers } };
  } catch (error) {
    return errorResponse(service.name, error, headers);
  }
}
