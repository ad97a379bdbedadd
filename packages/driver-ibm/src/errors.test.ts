import { describe, expect, it } from "vitest";
import { errorCodeOf, errorDetails, httpError } from "./errors.js";

describe("IBM error mapping", () => {
  it("reads the VPC envelope: first error's code, message and target, and the trace", () => {
    const body = {
      errors: [
        {
          code: "validation_invalid_name",
          message: "Name is invalid",
          more_info: "https://x",
          target: { name: "name", type: "field" },
        },
      ],
      trace: "abc-123",
    };
    expect(errorDetails(body)).toEqual({
      nativeCode: "validation_invalid_name",
      message: "Name is invalid (name)",
      trace: "abc-123",
    });
    const error = httpError({ status: 400, body, headers: {}, service: "vpc", nowMs: 0 }, "create_vpc");
    expect(error.code).toBe("InvalidArgument");
    expect(error.requestId).toBe("abc-123");
    expect(error.nativeCode).toBe("validation_invalid_name");
    expect(error.statusCode).toBe(400);
  });

  it.each([
    [404, "instance_not_found", "NotFound"],
    [404, "invalid_route", "NotFound"],
    [409, "subnet_in_use", "Conflict"],
    [409, "vpc_in_use", "Conflict"],
    [409, "subnet_not_empty", "Conflict"],
    [409, "volume_still_attached", "Conflict"],
    [409, "load_balancer_update_conflict", "Conflict"],
    [400, "validation_unique_failed", "AlreadyExists"],
    [409, "vpc_name_not_unique", "AlreadyExists"],
    [400, "instance_over_quota", "QuotaExceeded"],
    [403, "quota_exceeded", "QuotaExceeded"],
    [503, "insufficient_capacity", "CapacityUnavailable"],
    [400, "insufficient_capacity", "CapacityUnavailable"],
    [429, "rate_limit_exceeded", "Throttled"],
    [401, "not_authorized", "Unauthenticated"],
    [403, "forbidden", "PermissionDenied"],
    [500, "internal_error", "ProviderError"],
    [400, "bad_request", "InvalidArgument"],
  ] as const)("HTTP %i %s is %s", (status, code, expected) => {
    expect(errorCodeOf(status, code, "vpc")).toBe(expected);
  });

  it("treats IAM's refusals of the API key as Unauthenticated", () => {
    expect(errorCodeOf(400, "BXNIM0415E", "iam")).toBe("Unauthenticated");
    expect(errorCodeOf(401, "BXNIM0418E", "iam")).toBe("Unauthenticated");
    expect(errorCodeOf(500, "BXNIM0001E", "iam")).toBe("ProviderError");
    expect(
      errorDetails({
        errorCode: "BXNIM0415E",
        errorMessage: "Provided API key could not be found.",
        context: { requestId: "r" },
      }),
    ).toEqual({
      nativeCode: "BXNIM0415E",
      message: "Provided API key could not be found.",
      trace: "r",
    });
  });

  it("keeps Retry-After of a 429", () => {
    const error = httpError(
      {
        status: 429,
        body: { errors: [{ code: "too_many_requests", message: "slow down" }] },
        headers: { "retry-after": "3" },
        service: "vpc",
        nowMs: 0,
      },
      "list_vpcs",
    );
    expect(error.code).toBe("Throttled");
    expect(error.retryAfterMs).toBe(3000);
    expect(error.retryable).toBe(true);
  });
});
