import type { FrontRequest, FrontResponse } from "../../http-front.js";
import type { World } from "../../../world/world.js";
import { isWorldError } from "../../../world/errors.js";
import type { AuthFailureReason, Authenticated } from "../authenticate.js";
import { AwsFault, isAwsFault } from "../fault.js";
import type { PagePolicy } from "../paging.js";
import { ParamError } from "../params.js";
import { getProducts } from "./products.js";
import type { GetProductsInput } from "./products.js";

/** The JSON 1.1 target prefix of the AWS Price List Query API. */
export const pricingTargetPrefix = "AWSPriceListService.";

function respond(status: number, requestId: string, body: unknown, errorType?: string): FrontResponse {
  return {
    status,
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amzn-requestid": requestId,
      ...(errorType ? { "x-amzn-errortype": errorType } : {}),
    },
    body: JSON.stringify(body),
  };
}

/** JSON protocol errors: the code in `__type` (and X-Amzn-ErrorType), the text in `message`. */
export function pricingErrorResponse(fault: AwsFault, requestId: string): FrontResponse {
  return respond(fault.status, requestId, { __type: fault.code, message: fault.message }, fault.code);
}

/** A JSON-protocol fault for what a JSON 1.1 operation threw. */
export function jsonFaultOf(error: unknown): AwsFault {
  if (isAwsFault(error)) return error;
  if (error instanceof ParamError) return new AwsFault("InvalidParameterException", error.message);
  if (!isWorldError(error)) return new AwsFault("InternalErrorException", "An internal error occurred.", 500);
  switch (error.code) {
    case "Throttled":
      return new AwsFault("ThrottlingException", "Rate exceeded", 400);
    case "Unavailable":
      return new AwsFault("ServiceUnavailableException", "Service unavailable", 503);
    case "Timeout":
      return new AwsFault("RequestTimeout", "The request timed out before the service answered.", 504);
    case "InvalidParameter":
      return new AwsFault("InvalidParameterException", error.message);
    case "NotFound":
      return new AwsFault("NotFoundException", error.message);
    default:
      return new AwsFault("InternalErrorException", "An internal error occurred.", 500);
  }
}

/** How JSON services refuse credentials. */
export function jsonAuthFault(reason: AuthFailureReason, message: string): AwsFault {
  switch (reason) {
    case "missing":
      return new AwsFault("MissingAuthenticationTokenException", message, 403);
    case "incomplete":
      return new AwsFault("IncompleteSignatureException", message, 403);
    case "unknown-key":
    case "token":
      return new AwsFault("UnrecognizedClientException", "The security token included in the request is invalid.", 403);
    case "expired":
    case "signature":
    case "region":
      return new AwsFault("InvalidSignatureException", message, 403);
  }
}

export interface PricingServiceDeps {
  world: World;
  pages: PagePolicy;
}

/** Serves one authenticated Price List request (JSON 1.1, the operation in X-Amz-Target). */
export async function servePricing(
  request: FrontRequest,
  caller: Authenticated,
  deps: PricingServiceDeps,
  requestId: string,
): Promise<FrontResponse> {
  const target = String(request.headers["x-amz-target"] ?? "");
  const operation = target.startsWith(pricingTargetPrefix) ? target.slice(pricingTargetPrefix.length) : "";
  try {
    if (operation !== "GetProducts")
      throw new AwsFault("UnknownOperationException", `Unknown operation ${target || "(none)"}`);
    let input: GetProductsInput;
    try {
      input = JSON.parse(request.body.length === 0 ? "{}" : request.body.toString("utf8")) as GetProductsInput;
    } catch {
      throw new AwsFault("SerializationException", "The request body is not valid JSON");
    }
    const output = await deps.world.call(
      { provider: "AWS", account: caller.account, region: caller.region, api: operation },
      () => getProducts(deps.world, caller.account, deps.pages, input),
    );
    return respond(200, requestId, output);
  } catch (error) {
    return pricingErrorResponse(jsonFaultOf(error), requestId);
  }
}
