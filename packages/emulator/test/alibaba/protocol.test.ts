/* eslint-disable @typescript-eslint/no-unsafe-member-access -- raw JSON answers are inspected field by field */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { accessKeyId, frontFixture, region } from "./support.js";
import type { Fixture } from "./support.js";

let f: Fixture;
beforeEach(async () => {
  f = await frontFixture();
});
afterEach(() => f.close());

describe("the Alibaba front's RPC protocol", () => {
  it("answers a signed GET and a signed form POST with RequestId", async () => {
    const get = await f.call("DescribeRegions");
    expect(get.status).toBe(200);
    expect(get.body["RequestId"]).toMatch(/^[0-9A-F-]{36}$/);
    const regions = (get.body["Regions"] as { Region: { RegionId: string }[] }).Region.map((r) => r.RegionId);
    expect(regions).toContain(region);
    const post = await f.call("DescribeZones", {}, { method: "POST" });
    expect(post.status).toBe(200);
    expect((post.body["Zones"] as { Zone: unknown[] }).Zone.length).toBeGreaterThan(1);
  });

  it("refuses a wrong secret with SignatureDoesNotMatch and the error envelope", async () => {
    const answer = await f.call("DescribeRegions", {}, { secret: "not-the-secret" });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ Code: "SignatureDoesNotMatch", HostId: "ecs.aliyuncs.com" });
    expect(answer.body["RequestId"]).toEqual(expect.any(String));
    expect(answer.body["Recommend"]).toEqual(expect.stringContaining("SignatureDoesNotMatch"));
    expect(answer.body["Message"]).not.toContain("front-test-secret-key");
  });

  it("refuses parameters changed after signing", async () => {
    const answer = await f.call("DescribeZones", {}, { tamper: (p) => void (p["RegionId"] = "cn-beijing") });
    expect(answer.body["Code"]).toBe("SignatureDoesNotMatch");
  });

  it("refuses an unknown AccessKey with InvalidAccessKeyId.NotFound (404)", async () => {
    const answer = await f.call("DescribeRegions", {}, { key: "LTAInobody" });
    expect(answer).toMatchObject({ status: 404, body: { Code: "InvalidAccessKeyId.NotFound" } });
  });

  it("refuses a reused nonce with SignatureNonceUsed", async () => {
    expect((await f.call("DescribeRegions", {}, { nonce: "nonce-1" })).status).toBe(200);
    const again = await f.call("DescribeRegions", {}, { nonce: "nonce-1" });
    expect(again).toMatchObject({ status: 400, body: { Code: "SignatureNonceUsed" } });
  });

  it("refuses a Timestamp more than 15 minutes off with InvalidTimeStamp.Expired", async () => {
    const old = new Date(Date.now() - 16 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const answer = await f.call("DescribeRegions", {}, { timestamp: old });
    expect(answer).toMatchObject({ status: 400, body: { Code: "InvalidTimeStamp.Expired" } });
    const close = new Date(Date.now() - 14 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    expect((await f.call("DescribeRegions", {}, { timestamp: close })).status).toBe(200);
  });

  it("names missing parameters, unknown actions and versions", async () => {
    expect((await f.call("DescribeZones", {}, { omit: ["RegionId"] })).body).toMatchObject({
      Code: "MissingParameter",
      Message: expect.stringContaining("RegionId"),
    });
    expect((await f.call("DescribeRegions", {}, { omit: ["SignatureNonce"] })).body["Code"]).toBe("MissingParameter");
    expect(await f.call("DescribeNothing")).toMatchObject({ status: 404, body: { Code: "InvalidAction.NotFound" } });
    const wrongVersion = await f.call("DescribeRegions", {}, { tamper: (p) => void (p["Version"] = "2099-01-01") });
    expect(wrongVersion.body["Code"]).toBe("InvalidVersion");
  });

  it("tells products apart by Version on one URL", async () => {
    const vpcRegions = await f.ok("DescribeRegions", {}, { product: "vpc" });
    expect(vpcRegions["Regions"].Region[0].RegionEndpoint).toBe("vpc.aliyuncs.com");
    const err = await f.call("CreateVpc", {}, { product: "ecs" });
    expect(err.body["Code"]).toBe("InvalidAction.NotFound");
  });

  it("throttles per API from the world's rate limits with Throttling.User", async () => {
    f.world.rateLimits.enabled = true;
    f.world.rateLimits.setRules("ALIBABA", [{ name: "tiny", bucket: "api", capacity: 1, refillPerSecond: 0.001 }]);
    expect((await f.call("DescribeZones")).status).toBe(200);
    const throttled = await f.call("DescribeZones");
    expect(throttled).toMatchObject({ status: 400, body: { Code: "Throttling.User" } });
    // Per API: another action still has its own bucket.
    expect((await f.call("DescribeRegions")).status).toBe(200);
  });

  it("answers injected faults in Alibaba's words", async () => {
    f.world.faults.add({ provider: "ALIBABA", api: "DescribeZones", kind: "unavailable", times: 1 });
    expect(await f.call("DescribeZones")).toMatchObject({ status: 503, body: { Code: "ServiceUnavailable" } });
    f.world.faults.add({ provider: "ALIBABA", api: "DescribeZones", kind: "internal", times: 1 });
    expect(await f.call("DescribeZones")).toMatchObject({ status: 500, body: { Code: "InternalError" } });
  });

  it("accepts an STS token only with the AccessKey it belongs to", async () => {
    f.world.identities.add({
      provider: "ALIBABA",
      key: "STS.tempkey",
      secret: "tmp-secret",
      account: "1234567890123456",
      attributes: { securityToken: "token-1" },
    });
    const withToken = await f.call(
      "DescribeRegions",
      { SecurityToken: "token-1" },
      { key: "STS.tempkey", secret: "tmp-secret" },
    );
    expect(withToken.status).toBe(200);
    const wrong = await f.call(
      "DescribeRegions",
      { SecurityToken: "token-2" },
      { key: "STS.tempkey", secret: "tmp-secret" },
    );
    expect(wrong.body["Code"]).toBe("InvalidSecurityToken.MismatchWithAccessKey");
    expect(accessKeyId).not.toBe("STS.tempkey");
  });
});

describe("the Alibaba front's signature errors", () => {
  it("echo the string to sign without a password the request carried", async () => {
    const answer = await f.call("DescribeRegions", { Password: "Sup3r-secret!" }, { secret: "wrong" });
    expect(answer.body["Code"]).toBe("SignatureDoesNotMatch");
    expect(answer.body["Message"]).toContain("server string to sign is:GET&%2F&");
    expect(answer.body["Message"]).not.toContain("Sup3r");
  });
});

describe("the Alibaba front's V3 signature (ACS3-HMAC-SHA256)", () => {
  it("answers a V3-signed GET and form POST, Action and Version in headers", async () => {
    const get = await f.callV3("DescribeZones");
    expect(get.status).toBe(200);
    expect(get.body["Zones"].Zone.length).toBeGreaterThan(1);
    const post = await f.callV3(
      "CreateVpc",
      { CidrBlock: "10.0.0.0/16", VpcName: "v3" },
      { method: "POST", product: "vpc" },
    );
    expect(post.status).toBe(200);
    expect(post.body["VpcId"]).toMatch(/^vpc-/);
  });

  it("refuses a wrong secret, a changed header, a reused nonce and a stale date", async () => {
    expect((await f.callV3("DescribeZones", {}, { secret: "wrong" })).body["Code"]).toBe("SignatureDoesNotMatch");
    const changed = await f.callV3(
      "DescribeZones",
      {},
      { tamperHeaders: (h) => void (h["x-acs-action"] = "DescribeRegions") },
    );
    expect(changed.body["Code"]).toBe("SignatureDoesNotMatch");
    expect((await f.callV3("DescribeZones", {}, { nonce: "v3-nonce" })).status).toBe(200);
    expect((await f.callV3("DescribeZones", {}, { nonce: "v3-nonce" })).body["Code"]).toBe("SignatureNonceUsed");
    const old = new Date(Date.now() - 20 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    expect((await f.callV3("DescribeZones", {}, { timestamp: old })).body["Code"]).toBe("InvalidTimeStamp.Expired");
    expect((await f.callV3("DescribeZones", {}, { key: "LTAInobody" })).status).toBe(404);
  });
});
