/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { account, ibmFixture, runningInstance, vpcWithSubnet } from "./support.js";
import type { Body, IbmFixture } from "./support.js";

describe("the IBM front's Global Catalog and Global Tagging", () => {
  let f: IbmFixture;
  beforeEach(async () => {
    f = await ibmFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  it("walks service, plan, deployments and pricing to the world's price of each profile per region", async () => {
    const found = await fetch(`${f.url}/api/v1?q=is.instance`).then((r) => r.json() as Promise<Body>);
    const serviceEntry = found["resources"].find((e: Body) => e["kind"] === "service");
    expect(serviceEntry["id"]).toBe("is.instance");
    const plans = await fetch(`${f.url}/api/v1/${serviceEntry["id"]}/plan`).then((r) => r.json() as Promise<Body>);
    const planId = plans["resources"][0]["id"];
    const deployments = await fetch(`${f.url}/api/v1/${planId}/deployment`).then((r) => r.json() as Promise<Body>);
    const locations = deployments["resources"].map((d: Body) => d["metadata"]["deployment"]["location"]);
    expect(locations).toEqual(expect.arrayContaining(["us-south", "eu-de", "jp-tok"]));
    const prices: Record<string, number> = {};
    for (const region of ["us-south", "eu-de"]) {
      const deployment = deployments["resources"].find((d: Body) => d["metadata"]["deployment"]["location"] === region);
      const pricing = await fetch(`${f.url}/api/v1/${encodeURIComponent(deployment["id"])}/pricing`).then(
        (r) => r.json() as Promise<Body>,
      );
      expect(pricing["deployment_location"]).toBe(region);
      const metric = pricing["metrics"].find((m: Body) => m["resource_display_name"] === "bx2-2x8");
      expect(metric["amounts"][0]).toMatchObject({ country: "USA", currency: "USD" });
      prices[region] = metric["amounts"][0]["prices"][0]["price"];
      const world = f.world.accountRegion({ provider: "IBM", account, region }).catalog.listPrices();
      expect(prices[region]).toBe(world.items.find((p) => p.specName === "bx2-2x8")?.price);
    }
    expect(prices["eu-de"]).toBeGreaterThan(prices["us-south"] ?? Infinity);
    expect((await fetch(`${f.url}/api/v1/nope`)).status).toBe(404);
  });

  it("attaches and detaches user tags by CRN, mirrored into the world's tags", async () => {
    const { subnetId } = await vpcWithSubnet(f);
    const vm = await runningInstance(f, subnetId);
    const crn = String(vm["crn"]);
    const attach = await f.raw("POST", "/v3/tags/attach?tag_type=user", {
      resources: [{ resource_id: crn }],
      tag_names: ["env:prod", "env:dev", "team"],
    });
    expect(attach.status).toBe(200);
    expect(attach.body["results"]).toEqual([{ resource_id: crn, is_error: false }]);
    const listed = await f.raw("GET", `/v3/tags?attached_to=${encodeURIComponent(crn)}`);
    expect(listed.body["items"].map((i: Body) => i["name"])).toEqual(["env:dev", "env:prod", "team"]);
    const world = f.world.accountRegion({ provider: "IBM", account, region: "us-south" });
    expect(world.tags.list(String(vm["id"]))).toMatchObject({ env: expect.any(String), team: "" });
    await f.raw("POST", "/v3/tags/detach?tag_type=user", {
      resources: [{ resource_id: crn }],
      tag_names: ["env:prod", "team"],
    });
    const after = await f.raw("GET", `/v3/tags?attached_to=${encodeURIComponent(crn)}`);
    expect(after.body["items"]).toEqual([{ name: "env:dev" }]);
    expect(world.tags.list(String(vm["id"]))).toEqual({ env: "dev" });
    const missing = await f.raw("POST", "/v3/tags/attach", {
      resources: [{ resource_id: `crn:v1:bluemix:public:is:us-south-1:a/${account}::instance:0717_missing` }],
      tag_names: ["x"],
    });
    expect(missing.body["results"][0]["is_error"]).toBe(true);
    const unauthenticated = await fetch(`${f.url}/v3/tags?attached_to=${encodeURIComponent(crn)}`);
    expect(unauthenticated.status).toBe(401);
  });
});
