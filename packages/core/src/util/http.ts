import type { ErrorCode } from "../errors.js";

/**
 * The delay a Retry-After header asks for, in ms: either delta-seconds or an HTTP date
 * (RFC 9110 section 10.2.3). Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * The portable error code for an HTTP status when a cloud's body says nothing more specific.
 * Drivers map their clouds' own error codes first and fall back to this.
 */
export function errorCodeForHttpStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
    case 422:
      return "InvalidArgument";
    case 401:
      return "Unauthenticated";
    case 403:
      return "PermissionDenied";
    case 404:
      return "NotFound";
    case 408:
    case 504:
      return "Timeout";
    case 409:
      return "Conflict";
    case 413:
    case 429:
      return "Throttled";
    case 501:
      return "NotSupported";
    default:
      return "ProviderError";
  }
}
