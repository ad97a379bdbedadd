import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { canonicalRequest, scopeDate, stringToSign, tc3Signature } from "./tc3.js";

// The front's TC3-HMAC-SHA256 against the SDK's own signer (CommonJS, so required), over the same request.
/** The part of the SDK's Sign class the test calls (its .d.ts types the CommonJS default awkwardly). */
interface Signer {
  sign3(options: {
    method: string;
    url: string;
    payload: unknown;
    timestamp: number;
    service: string;
    secretId: string;
    secretKey: string;
    multipart: boolean;
    boundary: string;
    headers: Record<string, string>;
  }): string;
}
const Sign = (
  createRequire(import.meta.url)("tencentcloud-sdk-nodejs/tencentcloud/common/sign.js") as { default: Signer }
).default;

describe("TC3-HMAC-SHA256", () => {
  it("computes the signature the SDK writes into Authorization", () => {
    const timestamp = 1_767_225_600;
    const payload = { Limit: 1, Filters: [{ Name: "zone", Values: ["ap-guangzhou-3"] }] };
    const contentType = "application/json";
    const authorization = Sign.sign3({
      method: "POST",
      url: "https://cvm.tencentcloudapi.com/",
      payload,
      timestamp,
      service: "cvm",
      secretId: "AKIDexample",
      secretKey: "example-key",
      multipart: false,
      boundary: "",
      headers: { "Content-Type": contentType },
    });
    const canonical = canonicalRequest({
      method: "POST",
      query: "",
      headers: [
        ["content-type", contentType],
        ["host", "cvm.tencentcloudapi.com"],
      ],
      body: JSON.stringify(payload),
    });
    const signature = tc3Signature(
      "example-key",
      scopeDate(timestamp),
      "cvm",
      stringToSign(timestamp, "cvm", canonical),
    );
    expect(authorization).toBe(
      `TC3-HMAC-SHA256 Credential=AKIDexample/2026-01-01/cvm/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`,
    );
  });
});
