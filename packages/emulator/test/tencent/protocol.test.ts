import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { frontFixture, sdkErrorCode, secretId } from "./support.js";
import type { Body, Fixture } from "./support.js";

let f: Fixture;
beforeEach(async () => {
  f = await frontFixture({ front: { maxPageSize: 3 } });
});
afterEach(() => f.close());

describe("the Tencent front's protocol", () => {
  it("answers the SDK's signed requests on the real host names", async () => {
    const regions = await f.sdk.region.DescribeRegions({ Product: "cvm" });
    expect(regions.RegionSet?.map((r) => r.Region)).toContain("ap-guangzhou");
    expect(regions.TotalCount).toBe(regions.RegionSet?.length);
    const zones = await f.sdk.cvm.DescribeZones(null);
    expect(zones.ZoneSet).toContainEqual(
      expect.objectContaining({ Zone: "ap-guangzhou-3", ZoneId: "100003", ZoneState: "AVAILABLE" }),
    );
    expect(zones.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a bad signature inside an HTTP 200 envelope", async () => {
    const answer = await f.call("cvm", "DescribeZones", {}, { tamper: (body) => body.replace("{}", '{"x":1}') });
    expect(answer["status"]).toBe(200);
    const response = answer["Response"] as Body;
    expect(response["Error"]).toEqual({ Code: "AuthFailure.SignatureFailure", Message: expect.any(String) });
    expect(response["RequestId"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await f.errorCode("cvm", "DescribeZones", {}, { secretKey: "wrong" })).toBe("AuthFailure.SignatureFailure");
  });

  it("refuses a timestamp more than five minutes away", async () => {
    const old = Math.floor(Date.now() / 1000) - 301;
    expect(await f.errorCode("cvm", "DescribeZones", {}, { timestamp: old })).toBe("AuthFailure.SignatureExpire");
    const recent = Math.floor(Date.now() / 1000) - 200;
    expect(await f.errorCode("cvm", "DescribeZones", {}, { timestamp: recent })).toBeUndefined();
  });

  it("refuses an unknown SecretId, and a token the key does not have", async () => {
    expect(await f.errorCode("cvm", "DescribeZones", {}, { secretId: `${secretId}x` })).toBe(
      "AuthFailure.SecretIdNotFound",
    );
    expect(await f.errorCode("cvm", "DescribeZones", {}, { token: "stale" })).toBe("AuthFailure.TokenFailure");
  });

  it("names unknown actions, versions and missing parameters as Tencent does", async () => {
    expect(await f.errorCode("cvm", "DescribeNothing")).toBe("InvalidAction");
    expect(await f.errorCode("cvm", "DescribeZones", {}, { version: "2018-03-17" })).toBe("NoSuchVersion");
    expect(await f.errorCode("region", "DescribeRegions", {})).toBe("MissingParameter");
    expect(await f.errorCode("cvm", "DescribeZones", {}, { region: undefined })).toBe("MissingParameter");
    expect(await f.errorCode("cvm", "DescribeZones", {}, { region: "mars-1" })).toBe("UnsupportedRegion");
  });

  it("throws the SDK's error with the envelope's code", async () => {
    expect(await sdkErrorCode(f.sdk.region.DescribeZones({ Product: "nothing" }))).toBe("InvalidParameterValue");
  });
});
