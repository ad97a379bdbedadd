import { describe, expect, it } from "vitest";
import { apiFailure, toBaristaError } from "./errors.js";

const failure = (code: string, message = "m") => apiFailure("Api", { Code: code, Message: message, RequestId: "r-1" });

describe("Tencent API 3.0 errors", () => {
  it("types the codes of Response.Error", () => {
    const cases: [string, string, boolean][] = [
      ["RequestLimitExceeded", "Throttled", true],
      ["RequestLimitExceeded.UinLimitExceeded", "Throttled", true],
      ["AuthFailure.SignatureFailure", "Unauthenticated", false],
      ["AuthFailure.SignatureExpire", "Unauthenticated", false],
      ["AuthFailure.SecretIdNotFound", "Unauthenticated", false],
      ["AuthFailure.TokenFailure", "Unauthenticated", false],
      ["AuthFailure.UnauthorizedOperation", "PermissionDenied", false],
      ["UnauthorizedOperation", "PermissionDenied", false],
      ["ResourcesSoldOut.SpecifiedInstanceType", "CapacityUnavailable", false],
      ["ResourceInsufficient.SpecifiedInstanceType", "CapacityUnavailable", false],
      ["ResourceInsufficient.CloudDiskUnavailable", "CapacityUnavailable", false],
      ["ResourceUnavailable.InstanceType", "CapacityUnavailable", false],
      ["OperationDenied.InstanceOperationInProgress", "Conflict", true],
      ["FailedOperation.ResourceInOperation", "Conflict", true],
      ["ResourceInUse", "Conflict", false],
      ["ResourceBusy", "Conflict", true],
      ["InvalidDisk.Busy", "Conflict", false],
      ["UnsupportedOperation.InstanceStateRunning", "Conflict", false],
      ["UnsupportedOperation.InvalidDisk", "NotSupported", false],
      ["InvalidParameterValue.InvalidDiskType", "NotSupported", false],
      ["InvalidAction", "NotSupported", false],
      ["InvalidInstanceId.NotFound", "NotFound", false],
      ["ResourceNotFound", "NotFound", false],
      ["InvalidParameter.LBIdNotFound", "NotFound", false],
      ["LimitExceeded.InstanceQuota", "QuotaExceeded", false],
      ["InvalidParameterValue.KeyPairNameDuplicate", "AlreadyExists", false],
      ["InvalidParameterValue", "InvalidArgument", false],
      ["InvalidParameterValue.Range", "InvalidArgument", false],
      ["MissingParameter", "InvalidArgument", false],
      ["InternalError", "ProviderError", true],
      ["FailedOperation", "ProviderError", false],
      ["SomethingNew.Entirely", "ProviderError", false],
    ];
    for (const [code, portable, retryable] of cases) {
      const error = failure(code);
      expect([code, error.code, error.retryable]).toEqual([code, portable, retryable]);
      expect([error.nativeCode, error.requestId, error.statusCode]).toEqual([code, "r-1", 200]);
    }
  });

  it("keeps nothing of a signature Tencent may echo", () => {
    const error = failure(
      "AuthFailure.SignatureFailure",
      "The provided credentials could not be validated. Credential=AKIDsecret/2026-01-01/cvm/tc3_request",
    );
    expect(error.message).not.toContain("AKIDsecret");
    expect(error.message).toContain("could not be validated");
  });

  it("takes the envelope's code from what the SDK throws, never the SDK's exception as cause", () => {
    const thrown = Object.assign(new Error("The instance is being operated."), {
      code: "OperationDenied.InstanceOperationInProgress",
      requestId: "r-2",
      traceId: "t",
    });
    const error = toBaristaError(thrown, "StopInstances");
    expect([error.code, error.retryable, error.requestId]).toEqual(["Conflict", true, "r-2"]);
    expect(error.cause).toBeUndefined();
  });

  it("recovers a refused connection from the SDK's message: unsent, so any call may repeat", () => {
    const thrown = new Error(
      "request to http://cvm.tencentcloudapi.com/ failed, reason: connect ECONNREFUSED 127.0.0.1:9",
    );
    const error = toBaristaError(thrown, "RunInstances");
    expect([error.code, error.retryable, error.unsent]).toEqual(["ProviderError", true, true]);
  });

  it("types a timed-out request as Timeout", () => {
    const error = toBaristaError(
      new Error("network timeout at: https://cvm.tencentcloudapi.com/"),
      "DescribeInstances",
    );
    expect(error.code).toBe("Timeout");
  });

  it("types a non-200 answer (a gateway in between) by its status", () => {
    const thrown = Object.assign(new Error("Bad Gateway"), { code: undefined, requestId: "", httpCode: 502 });
    const error = toBaristaError(thrown, "DescribeInstances");
    expect([error.code, error.retryable, error.statusCode]).toEqual(["ProviderError", true, 502]);
  });
});
