import { VirtualClock } from "@cloud-barista/core";
import { World, frontFor } from "@cloud-barista/emulator";
import type { StartedFront } from "@cloud-barista/emulator";
import RPCClient from "@alicloud/pop-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

// The emulator's Alibaba front as the real @alicloud/pop-core RPC client sees it: its signature
// (HMAC-SHA1, nonce, timestamp) is accepted, a wrong secret is refused, and PageNumber paging with
// small pages walks every item once.

interface Paged {
  TotalCount: number;
  PageNumber: number;
  PageSize: number;
}

let world: World;
let front: StartedFront;

beforeEach(async () => {
  world = new World({ clock: new VirtualClock(), seed: 11, rateLimits: false, timing: { jitterRatio: 0 } });
  const definition = await frontFor("ALIBABA");
  // The Alibaba front's own options (small pages, no Pending wait) beside the common ones.
  const options = { account: "5000000000000001", maxPageSize: 2, vpcPendingMs: 0 };
  front = await definition.start(world, options);
});
afterEach(() => front.close());

function client(product: "ecs" | "vpc", secret = front.credential["accessKeySecret"] ?? ""): RPCClient {
  return new RPCClient({
    endpoint: front.endpoint,
    apiVersion: product === "ecs" ? "2014-05-26" : "2016-04-28",
    accessKeyId: front.credential["accessKeyId"] ?? "",
    accessKeySecret: secret,
  });
}

describe("the Alibaba front through @alicloud/pop-core", () => {
  it("accepts the SDK's signature on GET and POST", async () => {
    const regions = await client("ecs").request<{ RequestId: string; Regions: { Region: { RegionId: string }[] } }>(
      "DescribeRegions",
      {},
    );
    expect(regions.RequestId).toEqual(expect.any(String));
    expect(regions.Regions.Region.map((r) => r.RegionId)).toContain(front.region);
    const zones = await client("ecs").request<{ Zones: { Zone: { ZoneId: string }[] } }>(
      "DescribeZones",
      { RegionId: front.region },
      { method: "POST" },
    );
    expect(zones.Zones.Zone.map((z) => z.ZoneId)).toContain(front.zone);
  });

  it("refuses a wrong secret with SignatureDoesNotMatch", async () => {
    await expect(client("ecs", "wrong-secret").request("DescribeRegions", {})).rejects.toMatchObject({
      code: "SignatureDoesNotMatch",
    });
  });

  it("pages VPCs over more than three pages", async () => {
    const vpc = client("vpc");
    for (let i = 1; i <= 7; i++) {
      await vpc.request("CreateVpc", { RegionId: front.region, CidrBlock: `10.${i}.0.0/16`, VpcName: `net-${i}` });
    }
    const names: string[] = [];
    let pages = 0;
    for (let page = 1; ; page++) {
      const body = await vpc.request<Paged & { Vpcs: { Vpc: { VpcName: string }[] } }>("DescribeVpcs", {
        RegionId: front.region,
        PageNumber: page,
        PageSize: 10,
      });
      pages++;
      names.push(...body.Vpcs.Vpc.map((v) => v.VpcName));
      if (body.PageNumber * body.PageSize >= body.TotalCount) break;
    }
    expect(pages).toBe(4);
    expect(names.sort()).toEqual(["net-1", "net-2", "net-3", "net-4", "net-5", "net-6", "net-7"]);
  });

  it("runs instances and pages them by NextToken, with JSON-array and N-list parameters", async () => {
    const region = { RegionId: front.region };
    const vpc = client("vpc");
    const ecs = client("ecs");
    const { VpcId } = await vpc.request<{ VpcId: string }>("CreateVpc", { ...region, CidrBlock: "10.0.0.0/16" });
    const { VSwitchId } = await vpc.request<{ VSwitchId: string }>("CreateVSwitch", {
      ...region,
      VpcId,
      ZoneId: front.zone,
      CidrBlock: "10.0.1.0/24",
    });
    const { SecurityGroupId } = await ecs.request<{ SecurityGroupId: string }>("CreateSecurityGroup", {
      ...region,
      VpcId,
    });
    const run = await ecs.request<{ InstanceIdSets: { InstanceIdSet: string[] } }>(
      "RunInstances",
      {
        ...region,
        ImageId: "ubuntu_22_04_x64_20G_alibase_20250113.vhd",
        InstanceType: "ecs.g7.large",
        VSwitchId,
        SecurityGroupIds: [SecurityGroupId],
        Tag: [{ Key: "team", Value: "sdk" }],
        Amount: 7,
        ClientToken: "sdk-run-1",
      },
      { method: "POST" },
    );
    expect(run.InstanceIdSets.InstanceIdSet).toHaveLength(7);
    const seen: string[] = [];
    let token = "";
    let pages = 0;
    do {
      const page = await ecs.request<{ NextToken: string; Instances: { Instance: { InstanceId: string }[] } }>(
        "DescribeInstances",
        {
          ...region,
          InstanceIds: JSON.stringify(run.InstanceIdSets.InstanceIdSet),
          MaxResults: 2,
          ...(token ? { NextToken: token } : {}),
        },
      );
      seen.push(...page.Instances.Instance.map((i) => i.InstanceId));
      token = page.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(4);
    expect(seen.sort()).toEqual([...run.InstanceIdSets.InstanceIdSet].sort());
  });
});
