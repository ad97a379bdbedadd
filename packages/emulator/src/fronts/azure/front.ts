import { randomBytes, randomUUID } from "node:crypto";
import { startFront } from "../http-front.js";
import type { FrontRequest, FrontResponse, RunningFront } from "../http-front.js";
import { selfSignedCertificate } from "../self-signed.js";
import type { World } from "../../world/world.js";
import { checkApiVersion } from "./api-versions.js";
import { ArmError, isArmError } from "./arm-error.js";
import type { ArmContext } from "./context.js";
import { serveDisks } from "./disks.js";
import { serveImages } from "./images.js";
import { serveLoadBalancers } from "./load-balancers.js";
import { serveSnapshots } from "./snapshots.js";
import { serveEntra, verifyBearer } from "./entra.js";
import { AzureFrontState } from "./front-state.js";
import type { EntraSettings } from "./entra.js";
import { serveLocations } from "./locations.js";
import { serveKubernetesVersions } from "./kubernetes-versions.js";
import { serveAllManagedClusters, serveManagedClusters } from "./managed-clusters.js";
import { serveNetworkSecurityGroups } from "./network-security-groups.js";
import { serveNetworkInterfaces } from "./network-interfaces.js";
import { serveOperation } from "./operations.js";
import { servePublicIps } from "./public-ip-addresses.js";
import { requireGroup, serveResourceGroup } from "./resource-groups.js";
import { serveResourceSkus } from "./resource-skus.js";
import { serveRetailPrices } from "./retail-prices.js";
import { serveSshPublicKeys } from "./ssh-public-keys.js";
import { serveTags } from "./tags.js";
import { serveUsages } from "./usages.js";
import { serveSubnets, serveVirtualNetworks } from "./virtual-networks.js";
import { serveAllVirtualMachines, serveVirtualMachines } from "./virtual-machines.js";
import { serveVmImages } from "./vm-images.js";

/** Options of `startAzureFront`. */
export interface AzureFrontOptions {
  /** The world whose AZURE provider the front serves; clients authenticate with `world.identities`. */
  world: World;
  /** Loopback port; default: any free port. */
  port?: number;
  /** Items per page of lists (default 5), so that clients follow nextLink as they must on Azure. */
  pageSize?: number;
  /** How long a PUT or DELETE of a network resource stays InProgress, on the world's clock (default 2 s). */
  operationMs?: number;
  /** Lifetime of the access tokens the token endpoint issues (default 1 hour, as Entra ID's). */
  tokenTtlMs?: number;
  /** The clock tokens are issued and checked on: real time, as MSAL measures it (default Date.now). */
  now?: () => number;
}

/** A running Azure front: its HTTPS origin and the certificate clients must trust. */
export interface RunningAzureFront extends RunningFront {
  /** PEM of the self-signed certificate made at start; trust it through a client's TLS options only. */
  caCertificate: string;
}

/** ARM's path segments, decoded; fixed words compared case-insensitively as ARM does. */
function segmentsOf(url: URL): string[] {
  return url.pathname
    .split("/")
    .filter((s) => s !== "")
    .map((s) => decodeURIComponent(s));
}

const is = (value: string | undefined, word: string) => value?.toLowerCase() === word.toLowerCase();

function notFound(url: URL): ArmError {
  return new ArmError(404, "NotFound", `No HTTP resource was found that matches the request URI '${url.pathname}'.`);
}

/** Routes one authenticated management call by its path. */
async function route(ctx: ArmContext, segments: string[]): Promise<FrontResponse> {
  const { url } = ctx.request;
  const [, , third, fourth, fifth, sixth, seventh, eighth, ...rest] = segments;
  if (segments.length === 3 && is(third, "locations")) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Resources/subscriptions/locations");
    if (ctx.request.method !== "GET") throw notFound(url);
    return serveLocations(ctx);
  }
  if (is(third, "providers") && segments.length === 5 && is(fourth, "Microsoft.Compute") && is(fifth, "skus")) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Compute/skus");
    if (ctx.request.method !== "GET") throw notFound(url);
    return serveResourceSkus(ctx);
  }
  if (
    is(third, "providers") &&
    is(fourth, "Microsoft.Compute") &&
    is(fifth, "locations") &&
    is(seventh, "publishers")
  ) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Compute/locations/publishers");
    if (ctx.request.method !== "GET") throw notFound(url);
    return serveVmImages(ctx, sixth ?? "", segments.slice(6));
  }
  if (
    segments.length === 5 &&
    is(third, "providers") &&
    is(fourth, "Microsoft.Compute") &&
    is(fifth, "virtualMachines")
  ) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Compute/virtualMachines");
    return serveAllVirtualMachines(ctx);
  }
  if (
    segments.length === 5 &&
    is(third, "providers") &&
    is(fourth, "Microsoft.ContainerService") &&
    is(fifth, "managedClusters")
  ) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.ContainerService/managedClusters");
    return serveAllManagedClusters(ctx);
  }
  if (
    segments.length === 7 &&
    is(third, "providers") &&
    is(fourth, "Microsoft.ContainerService") &&
    is(fifth, "locations") &&
    is(seventh, "kubernetesVersions")
  ) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.ContainerService/locations/kubernetesVersions");
    return serveKubernetesVersions(ctx, sixth ?? "");
  }
  if (segments.length === 7 && is(third, "providers") && is(fourth, "Microsoft.Compute") && is(seventh, "usages")) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Compute/locations/usages");
    if (ctx.request.method !== "GET" || !is(fifth, "locations")) throw notFound(url);
    return serveUsages(ctx, sixth ?? "");
  }
  if (is(third, "providers") && segments.length === 8 && is(fifth, "locations")) {
    const kind = seventh?.toLowerCase();
    if (kind !== "operations" && kind !== "operationresults") throw notFound(url);
    ctx.apiVersion = checkApiVersion(url, `${fourth}/locations/${kind}`);
    if (ctx.request.method !== "GET") throw notFound(url);
    return serveOperation(ctx, kind, sixth ?? "", eighth ?? "");
  }
  if (!is(third, "resourceGroups") || fourth === undefined) throw notFound(url);
  if (segments.length === 4) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Resources/resourceGroups");
    return serveResourceGroup(ctx, fourth);
  }
  if (!is(fifth, "providers") || sixth === undefined || seventh === undefined) throw notFound(url);
  const name = eighth;
  if (
    name !== undefined &&
    rest.length === 4 &&
    is(rest[0], "providers") &&
    is(rest[1], "Microsoft.Resources") &&
    is(rest[2], "tags") &&
    is(rest[3], "default")
  ) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Resources/tags");
    return serveTags(ctx, requireGroup(ctx, fourth), `${sixth}/${seventh}`, name);
  }
  if (is(sixth, "Microsoft.Network") && is(seventh, "virtualNetworks")) {
    if (rest.length > 0 && is(rest[0], "subnets") && rest.length <= 2 && name !== undefined) {
      ctx.apiVersion = checkApiVersion(url, "Microsoft.Network/virtualNetworks/subnets");
      return serveSubnets(ctx, requireGroup(ctx, fourth), name, rest[1]);
    }
    if (rest.length > 0) throw notFound(url);
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Network/virtualNetworks");
    return serveVirtualNetworks(ctx, requireGroup(ctx, fourth), name);
  }
  if (is(sixth, "Microsoft.Network") && is(seventh, "networkSecurityGroups") && rest.length === 0) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Network/networkSecurityGroups");
    return serveNetworkSecurityGroups(ctx, requireGroup(ctx, fourth), name);
  }
  if (is(sixth, "Microsoft.Network") && is(seventh, "networkInterfaces") && rest.length === 0) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Network/networkInterfaces");
    return serveNetworkInterfaces(ctx, requireGroup(ctx, fourth), name);
  }
  if (is(sixth, "Microsoft.Network") && is(seventh, "publicIPAddresses") && rest.length === 0) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Network/publicIPAddresses");
    return servePublicIps(ctx, requireGroup(ctx, fourth), name);
  }
  if (is(sixth, "Microsoft.Network") && is(seventh, "loadBalancers") && (rest.length === 0 || name !== undefined)) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Network/loadBalancers");
    return serveLoadBalancers(ctx, requireGroup(ctx, fourth), name, rest);
  }
  if (is(sixth, "Microsoft.Compute") && is(seventh, "snapshots") && rest.length === 0) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Compute/snapshots");
    return serveSnapshots(ctx, requireGroup(ctx, fourth), name);
  }
  if (is(sixth, "Microsoft.Compute") && is(seventh, "images") && rest.length === 0) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Compute/images");
    return serveImages(ctx, requireGroup(ctx, fourth), name);
  }
  if (is(sixth, "Microsoft.Compute") && is(seventh, "virtualMachines") && rest.length <= 1) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Compute/virtualMachines");
    return serveVirtualMachines(ctx, requireGroup(ctx, fourth), name, rest[0]);
  }
  if (is(sixth, "Microsoft.Compute") && is(seventh, "disks") && rest.length === 0) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Compute/disks");
    return serveDisks(ctx, requireGroup(ctx, fourth), name);
  }
  if (is(sixth, "Microsoft.ContainerService") && is(seventh, "managedClusters") && rest.length <= 3) {
    const pools = rest.length > 0 && is(rest[0], "agentPools");
    const type = pools
      ? rest.length === 3
        ? "Microsoft.ContainerService/managedClusters/agentPools/machines"
        : "Microsoft.ContainerService/managedClusters/agentPools"
      : "Microsoft.ContainerService/managedClusters";
    ctx.apiVersion = checkApiVersion(url, type);
    return serveManagedClusters(ctx, requireGroup(ctx, fourth), name, rest);
  }
  if (is(sixth, "Microsoft.Compute") && is(seventh, "sshPublicKeys") && rest.length <= 1) {
    ctx.apiVersion = checkApiVersion(url, "Microsoft.Compute/sshPublicKeys");
    return serveSshPublicKeys(ctx, requireGroup(ctx, fourth), name, rest[0]);
  }
  const version = url.searchParams.get("api-version") ?? "";
  throw new ArmError(
    400,
    "InvalidResourceType",
    `The resource type '${seventh}' could not be found in the namespace '${sixth}' for api version '${version}'.`,
  );
}

function errorResponse(error: ArmError, method: string): FrontResponse {
  return {
    status: error.status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-ms-failure-cause": error.status >= 500 ? "service" : "gateway",
      ...(error.retryAfterSeconds === undefined ? {} : { "retry-after": String(error.retryAfterSeconds) }),
      ...error.headers,
    },
    ...(method === "HEAD" ? {} : { body: JSON.stringify({ error: error.body() }) }),
  };
}

/**
 * Starts the Azure front on loopback over HTTPS with a certificate made at start: Microsoft Entra
 * ID's OpenID configuration and v2 token endpoint (client credentials), and Azure Resource Manager
 * (subscription locations, resource groups, virtual networks and subnets, network security groups,
 * network interfaces, public IP addresses, Standard load balancers, virtual machines, managed disks,
 * snapshots, managed images, SSH public keys, AKS managed clusters and agent pools, async operations)
 * with bearer tokens checked on every call. Point the SDK's endpoint and
 * authorityHost at its `url` and trust `caCertificate` in the SDK's TLS options.
 */
export async function startAzureFront(options: AzureFrontOptions): Promise<RunningAzureFront> {
  const { world } = options;
  const pageSize = options.pageSize ?? 5;
  if (!(Number.isInteger(pageSize) && pageSize >= 1)) throw new RangeError("pageSize must be an integer of at least 1");
  const state = new AzureFrontState();
  // A name of its own: TLS clients find a certificate's issuer by name, so an agent trusting two
  // fronts whose certificates shared one would check one front's certificate with the other's key.
  const tls = selfSignedCertificate({ commonName: `cloud-barista azure emulator ${randomBytes(8).toString("hex")}` });
  let origin = "";
  const entra: EntraSettings = {
    world,
    origin: () => origin,
    signingKey: randomBytes(32),
    tokenTtlMs: options.tokenTtlMs ?? 3_600_000,
    now: options.now ?? (() => Date.now()),
  };
  const handler = async (request: FrontRequest): Promise<FrontResponse> => {
    const identity = serveEntra(entra, request);
    if (identity) return identity;
    // The Retail Prices API is anonymous (prices.azure.com on Azure; here on the same origin).
    if (request.url.pathname === "/api/retail/prices" && request.method === "GET") {
      return serveRetailPrices(world, request, origin, pageSize);
    }
    const requestId = randomUUID();
    const correlation = String(request.headers["x-ms-correlation-request-id"] ?? "") || requestId;
    const client = request.headers["x-ms-client-request-id"];
    const ids = {
      "x-ms-request-id": requestId,
      "x-ms-correlation-request-id": correlation,
      "x-ms-routing-request-id": `KOREACENTRAL:${new Date().toISOString().replace(/[-:.]/g, "")}:${requestId}`,
      ...(typeof client === "string" ? { "x-ms-client-request-id": client } : {}),
    };
    const ctx: ArmContext = {
      world,
      account: "",
      origin,
      request,
      apiVersion: "",
      pageSize,
      operationMs: options.operationMs ?? 2000,
      headers: {},
      state,
    };
    let response: FrontResponse;
    try {
      const claims = verifyBearer(entra, request);
      ctx.account = claims.sub;
      const segments = segmentsOf(request.url);
      if (!is(segments[0], "subscriptions") || segments[1] === undefined) throw notFound(request.url);
      if (segments[1].toLowerCase() !== claims.sub.toLowerCase()) {
        throw new ArmError(
          403,
          "AuthorizationFailed",
          `The client '${claims.appid}' with object id '${claims.appid}' does not have authorization to perform action over scope '/subscriptions/${segments[1]}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
        );
      }
      response = await route(ctx, segments);
    } catch (error) {
      if (!isArmError(error)) throw error;
      response = errorResponse(error, request.method);
    }
    return { ...response, headers: { ...response.headers, ...ctx.headers, ...ids } };
  };
  const front = await startFront({ handler, port: options.port, name: "azure", tls });
  origin = front.url;
  return { ...front, caCertificate: tls.cert };
}
