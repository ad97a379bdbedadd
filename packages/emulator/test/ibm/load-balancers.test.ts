/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { account, ibmFixture, runningInstance, vpcWithSubnet } from "./support.js";
import type { Body, IbmFixture } from "./support.js";

const monitor = { type: "tcp", delay: 5, max_retries: 2, timeout: 2 };

describe("the IBM front's network load balancers", () => {
  let f: IbmFixture;
  beforeEach(async () => {
    f = await ibmFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  it("builds a network load balancer with a pool, members, a listener and a health monitor, one change at a time", async () => {
    const { subnetId } = await vpcWithSubnet(f);
    const web1 = await runningInstance(f, subnetId, "web-1");
    const web2 = await runningInstance(f, subnetId, "web-2");
    const lb = await f.vpc("POST", "/load_balancers", {
      body: { name: "front", is_public: true, subnets: [{ id: subnetId }], profile: { name: "network-fixed" } },
    });
    expect(lb.status).toBe(201);
    expect(lb.body).toMatchObject({
      provisioning_status: "create_pending",
      operating_status: "offline",
      is_public: true,
      profile: { family: "network", name: "network-fixed" },
    });
    expect(lb.body["public_ips"][0]["address"]).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const id = lb.body["id"];
    const early = await f.vpc("POST", `/load_balancers/${id}/pools`, {
      body: { name: "web", algorithm: "round_robin", protocol: "tcp", health_monitor: monitor },
    });
    expect(early.status).toBe(409);
    expect(early.body["errors"][0]["code"]).toBe("load_balancer_update_conflict");
    await f.advance(f.world.timing.nlbProvisionMs);
    expect((await f.vpc("GET", `/load_balancers/${id}`)).body).toMatchObject({
      provisioning_status: "active",
      operating_status: "online",
    });

    const pool = await f.vpc("POST", `/load_balancers/${id}/pools`, {
      body: {
        name: "web",
        algorithm: "round_robin",
        protocol: "tcp",
        health_monitor: monitor,
        members: [{ port: 80, target: { id: web1["id"] } }],
      },
    });
    expect(pool.status).toBe(201);
    expect(pool.body["health_monitor"]).toEqual({ type: "tcp", delay: 5, max_retries: 2, timeout: 2 });
    expect((await f.vpc("GET", `/load_balancers/${id}`)).body["provisioning_status"]).toBe("update_pending");
    const busy = await f.vpc("POST", `/load_balancers/${id}/pools/${pool.body["id"]}/members`, {
      body: { port: 80, target: { id: web2["id"] } },
    });
    expect(busy.body["errors"][0]["code"]).toBe("load_balancer_update_conflict");
    await f.advance(f.world.timing.nlbUpdateMs);
    const member = await f.vpc("POST", `/load_balancers/${id}/pools/${pool.body["id"]}/members`, {
      body: { port: 80, target: { id: web2["id"] } },
    });
    expect(member.status).toBe(201);
    expect(member.body["target"]["id"]).toBe(web2["id"]);
    await f.advance(f.world.timing.nlbUpdateMs);
    const listener = await f.vpc("POST", `/load_balancers/${id}/listeners`, {
      body: { port: 80, protocol: "tcp", default_pool: { id: pool.body["id"] } },
    });
    expect(listener.status).toBe(201);
    expect(listener.body["default_pool"]["id"]).toBe(pool.body["id"]);
    await f.advance(f.world.timing.nlbUpdateMs);
    const dup = await f.vpc("POST", `/load_balancers/${id}/listeners`, { body: { port: 80, protocol: "tcp" } });
    expect(dup.body["errors"][0]["code"]).toBe("listener_duplicate_port");
    const inUse = await f.vpc("DELETE", `/load_balancers/${id}/pools/${pool.body["id"]}`);
    expect(inUse.body["errors"][0]["code"]).toBe("pool_delete_conflict");

    await f.advance(60_000);
    const members = await f.vpc("GET", `/load_balancers/${id}/pools/${pool.body["id"]}/members`);
    expect(members.body["members"].map((m: Body) => m["target"]["id"]).sort()).toEqual([web1["id"], web2["id"]].sort());
    expect(members.body["members"].every((m: Body) => ["ok", "faulted", "unknown"].includes(m["health"]))).toBe(true);
    const whole = await f.vpc("GET", `/load_balancers/${id}`);
    expect(whole.body["pools"]).toHaveLength(1);
    expect(whole.body["listeners"]).toHaveLength(1);
    // Both members' instances are the world balancer's targets.
    const world = f.world.accountRegion({ provider: "IBM", account, region: "us-south" });
    expect(world.nlbs.get(String(id)).targetGroup.targets).toHaveLength(2);

    expect((await f.vpc("DELETE", `/load_balancers/${id}`)).status).toBe(202);
    expect((await f.vpc("GET", `/load_balancers/${id}`)).body["provisioning_status"]).toBe("delete_pending");
    await f.advance(f.world.timing.nlbDeleteMs);
    expect((await f.vpc("GET", `/load_balancers/${id}`)).status).toBe(404);
  });

  it("refuses application load balancers, two subnets, and IBM's invalid health monitors", async () => {
    const { subnetId } = await vpcWithSubnet(f);
    const alb = await f.vpc("POST", "/load_balancers", { body: { is_public: true, subnets: [{ id: subnetId }] } });
    expect(alb.status).toBe(400);
    const noPublic = await f.vpc("POST", "/load_balancers", {
      body: { subnets: [{ id: subnetId }], profile: { name: "network-fixed" } },
    });
    expect(noPublic.body["errors"][0]["code"]).toBe("load_balancer_missing_is_public");
    const badMonitor = await f.vpc("POST", "/load_balancers", {
      body: {
        is_public: false,
        subnets: [{ id: subnetId }],
        profile: { name: "network-fixed" },
        pools: [
          {
            name: "p",
            algorithm: "round_robin",
            protocol: "tcp",
            health_monitor: { type: "tcp", delay: 5, max_retries: 2, timeout: 5 },
          },
        ],
      },
    });
    expect(badMonitor.body["errors"][0]["code"]).toBe("health_monitor_timeout_delay_conflict");
  });
});
