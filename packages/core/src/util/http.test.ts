import { describe, expect, it } from "vitest";
import { errorCodeForHttpStatus, parseRetryAfter } from "./http.js";

describe("HTTP helpers", () => {
  it("reads Retry-After as seconds or as a date", () => {
    const now = Date.parse("2026-11-28T00:00:00Z");
    expect(parseRetryAfter("6", now)).toBe(6000);
    expect(parseRetryAfter("Sat, 28 Nov 2026 00:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("Sat, 27 Nov 2026 00:00:10 GMT", now)).toBe(0);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });

  it("maps statuses to portable codes", () => {
    expect([400, 401, 403, 404, 409, 413, 429, 500, 501, 503, 504].map(errorCodeForHttpStatus)).toEqual([
      "InvalidArgument",
      "Unauthenticated",
      "PermissionDenied",
      "NotFound",
      "Conflict",
      "Throttled",
      "Throttled",
      "ProviderError",
      "NotSupported",
      "ProviderError",
      "Timeout",
    ]);
  });
});
