import { describe, expect, it } from "vitest";
import { etcdError } from "./errors.js";

// Answers a live single-member etcd cannot easily be made to give (no leader, full quota, ...),
// in the form the gateway sends them: HTTP status plus the gRPC status in the body.
describe("etcdError", () => {
  it.each([
    [503, 14, "etcdserver: no leader", "ProviderError", true],
    [503, 14, "etcdserver: leader changed", "ProviderError", true],
    [503, 14, "etcdserver: request timed out", "Timeout", true],
    [504, 4, "context deadline exceeded", "Timeout", true],
    [429, 8, "etcdserver: too many requests", "Throttled", true],
    [429, 8, "etcdserver: mvcc: database space exceeded", "QuotaExceeded", false],
    [400, 3, "etcdserver: request is too large", "InvalidArgument", false],
    [400, 3, "etcdserver: authentication failed, invalid user ID or password", "Unauthenticated", false],
    [401, 16, "etcdserver: invalid auth token", "Unauthenticated", false],
    [403, 7, "etcdserver: permission denied", "PermissionDenied", false],
    [500, 13, "something broke", "ProviderError", true],
  ] as const)("HTTP %i, gRPC %i %s -> %s", (status, grpc, message, code, retryable) => {
    const error = etcdError(status, { error: message, message, code: grpc }, "/v3/kv/put");
    expect(error).toMatchObject({ name: "BaristaError", code, retryable, provider: "etcd", statusCode: status });
    expect(error.message).toBe(`etcd /v3/kv/put: ${message}`);
  });

  it("copes with a body that is not etcd's", () => {
    expect(etcdError(502, undefined, "/v3/kv/range")).toMatchObject({ code: "ProviderError", retryable: true });
  });
});
