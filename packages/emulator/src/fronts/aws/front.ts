import { startFront } from "../http-front.js";
import type { FrontRequest, FrontResponse, RunningFront } from "../http-front.js";
import type { World } from "../../world/world.js";
import { authenticate, scopedService } from "./authenticate.js";
import type { AuthFailure } from "./authenticate.js";
import { ec2AuthFault } from "./ec2/errors.js";
import { ec2ErrorResponse, serveEc2 } from "./ec2/service.js";
import { eksErrorResponse, serveEks } from "./eks/service.js";
import { verifyEksToken } from "./eks/token.js";
import { queryAuthFault } from "./elbv2/errors.js";
import { elbErrorResponse, elbVersion, serveElb } from "./elbv2/service.js";
import { AwsFault } from "./fault.js";
import { newRequestId } from "./ids.js";
import type { PagePolicy } from "./paging.js";
import { QueryParams } from "./params.js";
import { jsonAuthFault, pricingErrorResponse, servePricing } from "./pricing/service.js";
import { serveServiceQuotas, serviceQuotasTargetPrefix } from "./service-quotas/service.js";

/** Options of `startAwsFront`. */
export interface AwsFrontOptions {
  /** The world whose AWS provider the front serves; callers authenticate with `world.identities` (provider "AWS"). */
  world: World;
  /** Loopback port; default: any free port. */
  port?: number;
  /**
   * Items per page when a request names no MaxResults or PageSize. Small by default (5), so that
   * clients follow page tokens as they must on AWS.
   */
  pageSize?: number;
  /** The most items any page holds, whatever a request asks (default 1000, AWS's usual ceiling). */
  maxPageSize?: number;
  /** How far a signature's time may be from this machine's clock (default 15 minutes, as AWS). */
  clockSkewToleranceMs?: number;
  /**
   * IAM actions the account's policy does not allow, as IAM names them ("ec2:DescribeTags",
   * "elasticloadbalancing:*"): refused as AWS refuses them (EC2 UnauthorizedOperation, ELBv2
   * AccessDenied, JSON services AccessDeniedException), for testing partial permissions.
   */
  deniedActions?: readonly string[];
}

const iamPrefix: Readonly<Record<AwsFrontService, string>> = {
  ec2: "ec2",
  elasticloadbalancing: "elasticloadbalancing",
  pricing: "pricing",
  servicequotas: "servicequotas",
  eks: "eks",
};

/** Whether an IAM action matches one of the denied patterns ("*" matches any run of characters). */
function isDenied(denied: readonly string[], action: string): boolean {
  return denied.some((pattern) =>
    new RegExp(
      `^${pattern
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
      "i",
    ).test(action),
  );
}

/** How each service refuses an action the caller's policy does not allow. */
function deniedResponse(service: AwsFrontService, action: string, account: string, requestId: string): FrontResponse {
  const message = `User: arn:aws:iam::${account}:user/emulated is not authorized to perform: ${action}`;
  switch (service) {
    case "ec2":
      return ec2ErrorResponse(
        new AwsFault("UnauthorizedOperation", `You are not authorized to perform this operation. ${message}`, 403),
        requestId,
      );
    case "elasticloadbalancing":
      return elbErrorResponse(new AwsFault("AccessDenied", message, 403), requestId);
    case "pricing":
    case "servicequotas":
      return pricingErrorResponse(new AwsFault("AccessDeniedException", message, 400), requestId);
    case "eks":
      return eksErrorResponse(new AwsFault("AccessDeniedException", message, 403), requestId);
  }
}

/** The operation a request names: Action for Query services, the X-Amz-Target operation for JSON ones. */
function operationOf(request: FrontRequest, params: QueryParams | undefined): string {
  if (params) return params.string("Action") ?? "";
  const target = String(request.headers["x-amz-target"] ?? "");
  return target.slice(target.indexOf(".") + 1);
}

/** The SigV4 service names the front serves, all on one port. */
export type AwsFrontService = "ec2" | "elasticloadbalancing" | "pricing" | "servicequotas" | "eks";

const frontServices: readonly string[] = ["ec2", "elasticloadbalancing", "pricing", "servicequotas", "eks"];

/** Which service a request is for: its credential scope, or (unsigned) what its body looks like. */
function serviceOf(request: FrontRequest, params: QueryParams | undefined): AwsFrontService | undefined {
  const scoped = scopedService(request);
  if (scoped !== undefined) return frontServices.includes(scoped) ? (scoped as AwsFrontService) : undefined;
  const target = request.headers["x-amz-target"];
  if (target !== undefined) return String(target).startsWith(serviceQuotasTargetPrefix) ? "servicequotas" : "pricing";
  return params?.string("Version") === elbVersion ? "elasticloadbalancing" : "ec2";
}

/** Query parameters from the URL and, for form posts, the body. */
function queryParams(request: FrontRequest): QueryParams {
  const fromUrl = [...request.url.searchParams]
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  const form = String(request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
    ? request.body.toString("utf8")
    : "";
  return QueryParams.parse([fromUrl, form].filter((s) => s !== "").join("&"));
}

function refusal(service: AwsFrontService, failure: AuthFailure, requestId: string): FrontResponse {
  switch (service) {
    case "ec2":
      return ec2ErrorResponse(ec2AuthFault(failure.reason, failure.message), requestId);
    case "elasticloadbalancing":
      return elbErrorResponse(queryAuthFault(failure.reason, failure.message), requestId);
    case "pricing":
    case "servicequotas":
      return pricingErrorResponse(jsonAuthFault(failure.reason, failure.message), requestId);
    case "eks":
      return eksErrorResponse(jsonAuthFault(failure.reason, failure.message), requestId);
  }
}

/**
 * Starts the AWS front on loopback: EC2 (Query protocol), ELBv2 (Query protocol), the Price
 * List Query API and Service Quotas (JSON 1.1) on one port, routed by the service of each request's SigV4 credential
 * scope, with the region taken from the same scope. Point the AWS SDK's `endpoint` at its `url`.
 */
export async function startAwsFront(options: AwsFrontOptions): Promise<RunningFront> {
  const { world } = options;
  const pages: PagePolicy = { defaultSize: options.pageSize ?? 5, maxSize: options.maxPageSize ?? 1000 };
  if (!(pages.defaultSize >= 1 && pages.maxSize >= 1))
    throw new RangeError("pageSize and maxPageSize must be at least 1");
  const auth = { skewToleranceMs: options.clockSkewToleranceMs ?? 15 * 60_000, now: () => Date.now() };
  const deps = { world, pages };
  const handler = async (request: FrontRequest): Promise<FrontResponse> => {
    const requestId = newRequestId();
    const isJson = request.headers["x-amz-target"] !== undefined;
    const params = isJson ? undefined : queryParams(request);
    const service = serviceOf(request, params);
    if (service === undefined) {
      const fault = new AwsFault(
        "SignatureDoesNotMatch",
        "Credential should be scoped to correct service: 'ec2', 'elasticloadbalancing', 'pricing', 'servicequotas' or 'eks'.",
        403,
      );
      return ec2ErrorResponse(fault, requestId);
    }
    const caller = authenticate(request, world, auth);
    if (!caller.ok) return refusal(service, caller, requestId);
    const action = `${iamPrefix[service]}:${operationOf(request, params)}`;
    if (isDenied(options.deniedActions ?? [], action))
      return deniedResponse(service, action, caller.account, requestId);
    switch (service) {
      case "ec2":
        return serveEc2(params ?? QueryParams.parse(""), caller, deps, requestId);
      case "elasticloadbalancing":
        return serveElb(params ?? QueryParams.parse(""), caller, deps, requestId);
      case "pricing":
        return servePricing(request, caller, deps, requestId);
      case "servicequotas":
        return serveServiceQuotas(request, caller, world, requestId);
      case "eks":
        return serveEks(request, caller, deps, requestId);
    }
  };
  // EKS bearer tokens (presigned STS URLs) reach the clusters' Kubernetes APIs through the world.
  world.kube.registerVerifier("AWS", (token, audience) => verifyEksToken(world, token, audience));
  return startFront({ handler, port: options.port, name: "aws" });
}
