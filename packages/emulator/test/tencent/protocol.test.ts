import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { frontFixture, region, sdkErrorCode, secretId, zone } from "./support.js";
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
    expect(await f.errorCode("cvm", "DescribeInstances", { InstanceId: ["ins-12345678"] })).toBe("UnknownParameter");
    expect(await f.errorCode("cvm", "DescribeInstances", { Limit: 1 })).toBeUndefined();
  });

  it("throws the SDK's error with the envelope's code", async () => {
    expect(await sdkErrorCode(f.sdk.region.DescribeZones({ Product: "nothing" }))).toBe("InvalidParameterValue");
  });

  it("pages with Offset and Limit under the front's small cap, TotalCount counting every match", async () => {
    const seen: string[] = [];
    let total = 0;
    for (let offset = 0; offset < 40; offset += 3) {
      const page = await f.ok("cvm", "DescribeImages", { Offset: offset, Limit: 10 });
      total = page["TotalCount"] as number;
      const ids = (page["ImageSet"] as Body[]).map((i) => i["ImageId"] as string);
      expect(ids.length).toBeLessThanOrEqual(3);
      if (ids.length === 0) break;
      seen.push(...ids);
    }
    expect(total).toBeGreaterThan(3);
    expect(new Set(seen).size).toBe(total);
    expect(await f.errorCode("cvm", "DescribeImages", { Limit: 101 })).toBe("InvalidParameterValue");
    expect(await f.errorCode("cvm", "DescribeImages", { Limit: "many" })).toBe("InvalidParameter");
  });

  it("answers a raw RunInstances whose launch fails in the background with LAUNCH_FAILED", async () => {
    const vpc = await f.ok("vpc", "CreateVpc", { VpcName: "v", CidrBlock: "10.0.0.0/16" });
    const vpcId = (vpc["Vpc"] as Body)["VpcId"] as string;
    const subnet = await f.ok("vpc", "CreateSubnet", {
      VpcId: vpcId,
      SubnetName: "s",
      CidrBlock: "10.0.0.0/24",
      Zone: zone,
    });
    const subnetId = (subnet["Subnet"] as Body)["SubnetId"] as string;
    f.world.faults.add({ provider: "TENCENT", api: "RunInstances", kind: "internal", phase: "background", times: 1 });
    const run = await f.ok("cvm", "RunInstances", {
      Placement: { Zone: zone },
      ImageId: "img-487zeit5",
      InstanceType: "S5.SMALL2",
      VirtualPrivateCloud: { VpcId: vpcId, SubnetId: subnetId },
    });
    const id = (run["InstanceIdSet"] as string[])[0];
    f.clock.advance(f.world.timing.vmBootMs);
    const described = await f.ok("cvm", "DescribeInstances", { InstanceIds: [id] });
    expect((described["InstanceSet"] as Body[])[0]).toMatchObject({
      InstanceState: "LAUNCH_FAILED",
      LatestOperationState: "FAILED",
    });
  });

  it("shows sold-out stock to raw calls", async () => {
    f.world.capacity.limit({ provider: "TENCENT", region, zone, maxVms: 0 });
    const answer = await f.ok("cvm", "DescribeZoneInstanceConfigInfos", {
      Filters: [{ Name: "zone", Values: [zone] }],
    });
    const set = answer["InstanceTypeQuotaSet"] as Body[];
    expect(set.length).toBeGreaterThan(0);
    for (const item of set) expect(item).toMatchObject({ Zone: zone, Status: "SOLD_OUT" });
  });

  it("accepts the SDK's GET form with flattened parameters", async () => {
    const raw = await f.sdkGet.cvm.DescribeZoneInstanceConfigInfos({ Filters: [{ Name: "zone", Values: [zone] }] });
    expect(raw.InstanceTypeQuotaSet?.every((q) => q.Zone === zone)).toBe(true);
    expect(raw.InstanceTypeQuotaSet?.length).toBeGreaterThan(0);
  });
});

describe("the Tencent front's rate limits", () => {
  it("answers RequestLimitExceeded inside HTTP 200 once an API's per-second bucket is empty", async () => {
    const limited = await frontFixture({ world: { rateLimits: true } });
    try {
      const codes: (string | undefined)[] = [];
      for (let i = 0; i < 21; i++) codes.push(await limited.errorCode("cvm", "DescribeZones"));
      expect(codes.slice(0, 20).every((code) => code === undefined)).toBe(true);
      const answer = await limited.call("cvm", "DescribeZones");
      expect(answer["status"]).toBe(200);
      expect((answer["Response"] as Body)["Error"]).toMatchObject({ Code: "RequestLimitExceeded" });
      // Another API has its own bucket.
      expect(await limited.errorCode("cvm", "DescribeRegions")).toBeUndefined();
      limited.clock.advance(1_000);
      expect(await limited.errorCode("cvm", "DescribeZones")).toBeUndefined();
    } finally {
      await limited.close();
    }
  });
});
