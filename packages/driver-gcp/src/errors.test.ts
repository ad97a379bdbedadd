import { describe, expect, it } from "vitest";
import { googleFailure, madeNothing, operationFailure, toBaristaError } from "./errors.js";

const envelope = (code: number, reason: string, message = "m") => ({
  error: { code, message, errors: [{ message, domain: "global", reason }] },
});

describe("googleFailure", () => {
  it("types Google's reasons, the status where the reason says nothing more", () => {
    const code = (status: number, reason: string) =>
      googleFailure("api", { status, body: envelope(status, reason) }, 0).code;
    expect(code(404, "notFound")).toBe("NotFound");
    expect(code(409, "alreadyExists")).toBe("AlreadyExists");
    expect(code(412, "conditionNotMet")).toBe("Conflict");
    expect(code(400, "resourceInUseByAnotherResource")).toBe("Conflict");
    expect(code(403, "rateLimitExceeded")).toBe("Throttled");
    expect(code(403, "forbidden")).toBe("PermissionDenied");
    expect(code(403, "quotaExceeded")).toBe("QuotaExceeded");
    expect(code(401, "authError")).toBe("Unauthenticated");
    expect(code(400, "invalid")).toBe("InvalidArgument");
    expect(code(503, "backendError")).toBe("ProviderError");
  });

  it("reads RESOURCE_EXHAUSTED from the status and keeps Retry-After", () => {
    const error = googleFailure(
      "compute.networks.insert",
      {
        status: 429,
        retryAfter: "3",
        body: { error: { code: 429, message: "slow down", status: "RESOURCE_EXHAUSTED" } },
      },
      0,
    );
    expect(error).toMatchObject({
      code: "Throttled",
      nativeCode: "RESOURCE_EXHAUSTED",
      retryAfterMs: 3000,
      statusCode: 429,
    });
  });

  it("does not retry a stale fingerprint as it is", () => {
    expect(googleFailure("api", { status: 412, body: envelope(412, "conditionNotMet") }, 0).retryable).toBe(false);
  });
});

describe("operationFailure", () => {
  it("types the errors of a DONE operation", () => {
    const op = (code: string, http: number) => ({
      error: { errors: [{ code, message: "no" }] },
      httpErrorStatusCode: http,
      httpErrorMessage: "x",
    });
    expect(operationFailure("i", op("ZONE_RESOURCE_POOL_EXHAUSTED", 503))).toMatchObject({
      code: "CapacityUnavailable",
      nativeCode: "ZONE_RESOURCE_POOL_EXHAUSTED",
      retryable: false,
    });
    expect(operationFailure("i", op("QUOTA_EXCEEDED", 403)).code).toBe("QuotaExceeded");
    expect(operationFailure("i", op("RESOURCE_ALREADY_EXISTS", 409)).code).toBe("AlreadyExists");
  });

  it("tells a refusal for quota or capacity, which made nothing to undo, from other failures", () => {
    const op = (code: string, http: number) => ({ error: { errors: [{ code }] }, httpErrorStatusCode: http });
    expect(madeNothing(operationFailure("i", op("ZONE_RESOURCE_POOL_EXHAUSTED", 503)))).toBe(true);
    expect(madeNothing(operationFailure("i", op("QUOTA_EXCEEDED", 403)))).toBe(true);
    expect(madeNothing(operationFailure("i", op("RESOURCE_OPERATION_RATE_EXCEEDED", 403)))).toBe(false);
    expect(madeNothing(operationFailure("i", op("INTERNAL_ERROR", 500)))).toBe(false);
    expect(madeNothing(new Error("ZONE_RESOURCE_POOL_EXHAUSTED"))).toBe(false);
  });
});

describe("toBaristaError", () => {
  it("reads the raw body google-gax keeps on its error, never keeping the vendor error", () => {
    const gax = Object.assign(new Error("Not Found"), { code: 5, httpStatusCode: 404 });
    Object.defineProperty(gax, Symbol.for("google-gax.rawHttpResponsePayload"), {
      value: JSON.stringify(envelope(404, "notFound", "The resource 'x' was not found")),
    });
    const error = toBaristaError(gax, "compute.networks.get", { sent: true, retryAfter: undefined }, 0);
    expect(error).toMatchObject({ code: "NotFound", nativeCode: "notFound", statusCode: 404 });
    expect(error.message).toContain("The resource 'x' was not found");
    expect(error.cause).toBeUndefined();
  });

  it("calls a failure before anything was sent a refused credential, without its text", () => {
    const error = toBaristaError(
      new Error("error:1E08010C:DECODER routines::unsupported -----BEGIN PRIVATE KEY----- secret"),
      "compute.zones.list",
      { sent: false, retryAfter: undefined },
      0,
    );
    expect(error).toMatchObject({ code: "Unauthenticated", retryable: false });
    expect(error.message).not.toContain("secret");
  });
});
