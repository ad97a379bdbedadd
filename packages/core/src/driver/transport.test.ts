import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { transportFailure } from "./transport.js";

const errno = (code: string, message = code) => Object.assign(new Error(message), { code });

describe("transportFailure", () => {
  it("marks requests that never left as unsent and retryable", () => {
    for (const code of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]) {
      expect(transportFailure("AWS", "RunInstances", errno(code))).toMatchObject({
        code: "ProviderError",
        retryable: true,
        unsent: true,
      });
    }
  });

  it("reads timeouts and cut connections as maybe-delivered", () => {
    expect(transportFailure("AWS", "RunInstances", errno("ETIMEDOUT"))).toMatchObject({
      code: "Timeout",
      retryable: true,
      unsent: false,
    });
    const timeout = Object.assign(new Error("Request timed out"), { name: "TimeoutError" });
    expect(transportFailure("AWS", "DescribeVpcs", timeout)).toMatchObject({ code: "Timeout", unsent: false });
    expect(transportFailure("AWS", "RunInstances", errno("ECONNRESET"))).toMatchObject({
      code: "ProviderError",
      retryable: true,
      unsent: false,
    });
    expect(transportFailure("AWS", "RunInstances", new Error("socket hang up"))).toMatchObject({
      retryable: true,
      unsent: false,
    });
  });

  it("does not retry what is no transport failure (a bug in a vendor client)", () => {
    expect(transportFailure("AWS", "DescribeVpcs", new TypeError("x is not a function"))).toMatchObject({
      retryable: false,
    });
  });

  it("finds the code in the cause chain, and does not retry certificate failures", () => {
    const wrapped = new Error("fetch failed", { cause: errno("ECONNREFUSED") });
    expect(transportFailure("OPENSTACK", "nova:ShowServer", wrapped)).toMatchObject({ unsent: true });
    expect(transportFailure("OPENSTACK", "nova:ShowServer", errno("DEPTH_ZERO_SELF_SIGNED_CERT"))).toMatchObject({
      retryable: false,
    });
  });

  it("keeps no request config or body of the vendor error in the cause", () => {
    const axiosLike = Object.assign(errno("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5000"), {
      config: { data: '{"password":"hunter2-secret"}' },
      request: { _header: "x-auth-token: tok-secret" },
    });
    const error = transportFailure("OPENSTACK", "keystone:IssueToken", axiosLike);
    expect(inspect(error, { depth: 10 })).not.toMatch(/hunter2-secret|tok-secret/);
    expect(error.cause).toMatchObject({ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:5000" });
  });

  it("turns an abort by the caller into Aborted", () => {
    const controller = new AbortController();
    controller.abort();
    expect(transportFailure("AWS", "DescribeVpcs", new Error("aborted"), controller.signal)).toMatchObject({
      code: "Aborted",
    });
  });
});
