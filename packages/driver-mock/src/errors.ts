import { BaristaError, driverErrors, isBaristaError } from "@cloud-barista/core/driver";
import type { ErrorCode } from "@cloud-barista/core/driver";
import { isWorldError } from "@cloud-barista/emulator";
import type { WorldErrorCode } from "@cloud-barista/emulator";
import type { MockApiName } from "./apis.js";
import { requestField } from "./request-fields.js";
import { fromWorldErrorResourceType } from "./vocabulary.js";

/** The one place where world errors become SDK errors. */
const mapping: Readonly<Record<WorldErrorCode, { code: ErrorCode; statusCode: number }>> = {
  NotFound: { code: "NotFound", statusCode: 404 },
  Duplicate: { code: "AlreadyExists", statusCode: 409 },
  InvalidParameter: { code: "InvalidArgument", statusCode: 400 },
  DependencyViolation: { code: "Conflict", statusCode: 409 },
  IncorrectState: { code: "Conflict", statusCode: 409 },
  QuotaExceeded: { code: "QuotaExceeded", statusCode: 400 },
  InsufficientCapacity: { code: "CapacityUnavailable", statusCode: 500 },
  Throttled: { code: "Throttled", statusCode: 429 },
  InternalError: { code: "ProviderError", statusCode: 500 },
  Unavailable: { code: "ProviderError", statusCode: 503 },
  Timeout: { code: "Timeout", statusCode: 504 },
};

/**
 * Turns a WorldError into a BaristaError of provider "MOCK" whose `nativeCode` is the world's code,
 * whose `resourceType` is the SDK's word for what failed (`images`: whether the call was about
 * public images or my-images, which the world calls "image" alike) and, given the API, whose
 * `field` names the driver-request field. BaristaErrors (an abort, for instance) pass through;
 * anything else is a non-retryable ProviderError, since it is a bug rather than a cloud answer.
 */
export function toBaristaError(error: unknown, api?: MockApiName, images?: "image" | "myImage"): BaristaError {
  if (isBaristaError(error)) return error;
  if (!isWorldError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new BaristaError("ProviderError", `mock cloud failed: ${message}`, {
      provider: "MOCK",
      retryable: false,
      cause: error,
    });
  }
  const { code, statusCode } = mapping[error.code];
  return new BaristaError(code, error.message, {
    provider: "MOCK",
    statusCode,
    nativeCode: error.code,
    retryAfterMs: error.retryAfterMs,
    resourceType: fromWorldErrorResourceType(error.resourceType, images),
    resourceName: error.resourceId,
    field: error.field === undefined || api === undefined ? error.field : requestField(api, error.field),
    cause: error,
  });
}

/** Errors the driver raises itself. */
export const { invalid, notFound } = driverErrors("MOCK");
