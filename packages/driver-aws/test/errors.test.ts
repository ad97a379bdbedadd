import type { ErrorCode } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { errorCodeOf, toBaristaError } from "../src/errors.js";
import { vmStatusByState, vmStatusOf } from "../src/vm-status.js";

describe("AWS error codes", () => {
  const cases: [string, number, ErrorCode][] = [
    ["InvalidInstanceID.NotFound", 400, "NotFound"],
    ["InvalidVpcID.NotFound", 400, "NotFound"],
    ["LoadBalancerNotFound", 400, "NotFound"],
    ["InsufficientInstanceCapacity", 500, "CapacityUnavailable"],
    ["RequestLimitExceeded", 503, "Throttled"],
    ["Throttling", 400, "Throttled"],
    ["ThrottlingException", 400, "Throttled"],
    ["VcpuLimitExceeded", 400, "QuotaExceeded"],
    ["InstanceLimitExceeded", 400, "QuotaExceeded"],
    ["TooManyLoadBalancers", 400, "QuotaExceeded"],
    ["InvalidParameterValue", 400, "InvalidArgument"],
    ["InvalidParameterCombination", 400, "InvalidArgument"],
    ["MissingParameter", 400, "InvalidArgument"],
    ["InvalidAMIName.Malformed", 400, "InvalidArgument"],
    ["DependencyViolation", 400, "Conflict"],
    ["IncorrectState", 400, "Conflict"],
    ["IncorrectInstanceState", 400, "Conflict"],
    ["VolumeInUse", 400, "Conflict"],
    ["ResourceInUse", 400, "Conflict"],
    ["UnauthorizedOperation", 403, "PermissionDenied"],
    ["AuthFailure", 401, "Unauthenticated"],
    ["InvalidClientTokenId", 403, "Unauthenticated"],
    ["SignatureDoesNotMatch", 403, "Unauthenticated"],
    ["UnrecognizedClientException", 403, "Unauthenticated"],
    ["InvalidKeyPair.Duplicate", 400, "AlreadyExists"],
    ["InvalidGroup.Duplicate", 400, "AlreadyExists"],
    ["DuplicateLoadBalancerName", 400, "AlreadyExists"],
    ["RequestTimeout", 504, "Timeout"],
    ["InternalError", 500, "ProviderError"],
    ["SomethingNew", 503, "ProviderError"],
    ["SomethingNew", 404, "NotFound"],
  ];
  for (const [code, status, expected] of cases) {
    it(`maps ${code} (${status}) to ${expected}`, () => expect(errorCodeOf(code, status)).toBe(expected));
  }

  it("carries the native code, status, request id and Retry-After of an SDK service error", () => {
    const sdkError = Object.assign(new Error("Request limit exceeded."), {
      name: "RequestLimitExceeded",
      Code: "RequestLimitExceeded",
      $fault: "server",
      $metadata: { httpStatusCode: 503, requestId: "req-1" },
      $response: { headers: { "retry-after": "2" } },
    });
    const mapped = toBaristaError(sdkError, "DescribeVpcs");
    expect(mapped).toMatchObject({
      code: "Throttled",
      provider: "AWS",
      nativeCode: "RequestLimitExceeded",
      statusCode: 503,
      requestId: "req-1",
      retryAfterMs: 2000,
      retryable: true,
    });
    expect(mapped.message).toMatch(/^DescribeVpcs: RequestLimitExceeded: /);
    const server = toBaristaError(
      Object.assign(new Error("boom"), { name: "InternalError", $fault: "server", $metadata: { httpStatusCode: 500 } }),
      "RunInstances",
    );
    expect(server).toMatchObject({ code: "ProviderError", retryable: true });
  });

  it("maps transport failures: socket timeouts to Timeout, resets to retryable ProviderErrors, aborts to Aborted", () => {
    expect(toBaristaError(Object.assign(new Error("timed out"), { name: "TimeoutError" }), "X")).toMatchObject({
      code: "Timeout",
      retryable: true,
    });
    expect(toBaristaError(Object.assign(new Error("reset"), { code: "ECONNRESET" }), "X")).toMatchObject({
      code: "ProviderError",
      retryable: true,
    });
    expect(toBaristaError(new TypeError("bug"), "X")).toMatchObject({ code: "ProviderError", retryable: false });
    const controller = new AbortController();
    controller.abort();
    expect(
      toBaristaError(Object.assign(new Error("aborted"), { name: "AbortError" }), "X", controller.signal),
    ).toMatchObject({ code: "Aborted" });
  });
});

describe("EC2 instance states", () => {
  it("map through one table, unknown or missing states to Unknown (never a failure that did not happen)", () => {
    expect(vmStatusByState).toEqual({
      pending: "Creating",
      running: "Running",
      stopping: "Suspending",
      stopped: "Suspended",
      "shutting-down": "Terminating",
      terminated: "Terminated",
    });
    expect(vmStatusOf("hibernating")).toBe("Unknown");
    expect(vmStatusOf(undefined)).toBe("Unknown");
  });
});
