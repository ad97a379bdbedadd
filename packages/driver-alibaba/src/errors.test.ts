import { describe, expect, it } from "vitest";
import { pendingNetwork, rpcFailure, toBaristaError } from "./errors.js";

const failure = (code: string, status = 400, message = "m") =>
  rpcFailure("Api", status, { Code: code, Message: message, RequestId: "r-1" });

describe("Alibaba RPC errors", () => {
  it("types the error envelope's codes", () => {
    const cases: [string, number, string, boolean][] = [
      ["Throttling.User", 400, "Throttled", true],
      ["Throttling.Api", 400, "Throttled", true],
      ["Throttling", 400, "Throttled", true],
      ["ServiceUnavailable", 503, "ProviderError", true],
      ["OperationDenied.NoStock", 403, "CapacityUnavailable", false],
      ["Zone.NotOnSale", 403, "CapacityUnavailable", false],
      ["InvalidInstanceType.ValueNotSupported", 400, "CapacityUnavailable", false],
      ["InvalidSystemDiskCategory.ValueNotSupported", 400, "NotSupported", false],
      ["IncorrectInstanceStatus", 403, "Conflict", true],
      ["OperationConflict", 400, "Conflict", true],
      ["IncorrectVpcStatus", 400, "Conflict", false],
      ["DependencyViolation", 400, "Conflict", false],
      ["DependencyViolation.VSwitch", 400, "Conflict", false],
      ["InvalidAccessKeyId.NotFound", 404, "Unauthenticated", false],
      ["SignatureDoesNotMatch", 400, "Unauthenticated", false],
      ["InvalidVpcId.NotFound", 404, "NotFound", false],
      ["InvalidInstanceId.NotFound", 404, "NotFound", false],
      ["QuotaExceeded.Instance", 403, "QuotaExceeded", false],
      ["InvalidParameter", 400, "InvalidArgument", false],
      ["MissingVpcId", 400, "InvalidArgument", false],
      ["Forbidden.RAM", 403, "PermissionDenied", false],
      ["InternalError", 500, "ProviderError", true],
    ];
    for (const [code, status, portable, retryable] of cases) {
      const error = failure(code, status);
      expect([code, error.code, error.retryable]).toEqual([code, portable, retryable]);
      expect(error.nativeCode).toBe(code);
      expect(error.requestId).toBe("r-1");
      expect(error.statusCode).toBe(status);
    }
  });

  it("tells a pending VPC or VSwitch apart, for the driver to wait on", () => {
    expect(pendingNetwork(failure("IncorrectVpcStatus"))).toBe("vpc");
    expect(pendingNetwork(failure("IncorrectVSwitchStatus"))).toBe("vswitch");
    expect(pendingNetwork(failure("IncorrectInstanceStatus"))).toBe(undefined);
    expect(failure("IncorrectVSwitchStatus").retryable).toBe(false);
  });

  it("keeps no part of the string to sign Alibaba echoes", () => {
    const error = failure(
      "SignatureDoesNotMatch",
      400,
      "Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3DLTAIkey",
    );
    expect(error.message).not.toContain("LTAIkey");
    expect(error.message).toContain("Specified signature is not matched with our calculation.");
  });

  it("takes the envelope from what pop-core throws, never pop-core's error (its URL is signed)", () => {
    const thrown = Object.assign(new Error("denied, URL: https://ecs.example/?Signature=abc"), {
      code: "Forbidden.RAM",
      data: { Code: "Forbidden.RAM", Message: "denied", RequestId: "r-2" },
      entry: { response: { statusCode: 403 } },
    });
    const error = toBaristaError(thrown, "DescribeInstances");
    expect([error.code, error.statusCode, error.requestId]).toEqual(["PermissionDenied", 403, "r-2"]);
    expect(error.cause).toBeUndefined();
    expect(error.message).not.toContain("Signature");
  });

  it("keeps no URL query of a transport failure", () => {
    const thrown = Object.assign(
      new Error("connect ECONNREFUSED GET http://h/?AccessKeyId=LTAIkey&Signature=x failed."),
      {
        code: "ECONNREFUSED",
      },
    );
    const error = toBaristaError(thrown, "DescribeRegions");
    expect(error.unsent).toBe(true);
    expect(`${error.message} ${String((error.cause as Error).message)}`).not.toContain("LTAIkey");
  });
});
