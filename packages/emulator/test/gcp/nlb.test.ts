import { describe, expect, it } from "vitest";
import { project, reasonOf, start } from "./support.js";

// The target-pool form of the external passthrough load balancer on the wire: a global HTTP health
// check, a regional target pool of instances and a regional forwarding rule, which the world keeps
// as one network load balancer.

const region = "us-central1";

async function setup() {
  const started = await start();
  const { world, send, compute, clock } = started;
  world
    .accountRegion({ provider: "GCP", account: project, region })
    .vpcs.create({ name: "default", subnets: [{ name: "default", cidr: "10.128.0.0/20" }] });
  for (const [name, zone] of [
    ["web-a", "us-central1-a"],
    ["web-b", "us-central1-b"],
  ] as const) {
    const answer = await send("POST", compute(`zones/${zone}/instances`), {
      body: {
        name,
        machineType: `zones/${zone}/machineTypes/e2-small`,
        disks: [
          {
            boot: true,
            autoDelete: true,
            initializeParams: { sourceImage: "projects/debian-cloud/global/images/family/debian-12" },
          },
        ],
        networkInterfaces: [{ network: "global/networks/default" }],
      },
    });
    expect(answer.status).toBe(200);
  }
  clock.advance(world.timing.vmBootMs);
  const nlbs = () => world.accountRegion({ provider: "GCP", account: project, region }).nlbs.list().items;
  return { ...started, nlbs };
}

describe("GCP target-pool load balancers", () => {
  it("makes a world load balancer from a health check, a pool and a forwarding rule, and keeps it in step", async () => {
    const { send, compute, clock, world, nlbs } = await setup();
    const hc = await send("POST", compute("global/httpHealthChecks"), {
      body: { name: "hc-web", port: 8080, requestPath: "/healthz", checkIntervalSec: 10, timeoutSec: 5 },
    });
    expect(hc.json).toMatchObject({ kind: "compute#operation", operationType: "insert" });
    expect(String(hc.json["selfLink"])).toMatch(/\/global\/operations\//);
    expect((await send("GET", compute("global/httpHealthChecks/hc-web"))).json).toMatchObject({
      kind: "compute#httpHealthCheck",
      port: 8080,
      requestPath: "/healthz",
      healthyThreshold: 2,
      unhealthyThreshold: 2,
    });
    const pool = await send("POST", compute(`regions/${region}/targetPools`), {
      body: {
        name: "pool-web",
        instances: [`projects/${project}/zones/us-central1-a/instances/web-a`],
        healthChecks: [`global/httpHealthChecks/hc-web`],
      },
    });
    expect(pool.json).toMatchObject({
      operationType: "insert",
      region: expect.stringMatching(/\/regions\/us-central1$/),
    });
    const rule = await send("POST", compute(`regions/${region}/forwardingRules`), {
      body: {
        name: "fr-web",
        IPProtocol: "TCP",
        portRange: "80",
        loadBalancingScheme: "EXTERNAL",
        target: `regions/${region}/targetPools/pool-web`,
      },
    });
    expect(rule.status).toBe(200);
    const shown = (await send("GET", compute(`regions/${region}/forwardingRules/fr-web`))).json;
    expect(shown).toMatchObject({
      kind: "compute#forwardingRule",
      IPProtocol: "TCP",
      portRange: "80-80",
      loadBalancingScheme: "EXTERNAL",
      target: expect.stringMatching(/\/regions\/us-central1\/targetPools\/pool-web$/),
    });
    expect(String(shown["IPAddress"])).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(nlbs()).toHaveLength(1);
    expect(nlbs()[0]).toMatchObject({
      name: "fr-web",
      scheme: "internet-facing",
      listener: { protocol: "tcp", port: 80, ip: shown["IPAddress"] },
      healthCheck: { protocol: "http", port: 8080, intervalSeconds: 10 },
    });
    expect(nlbs()[0]?.targetGroup.targets.map((t) => t.name)).toEqual(["web-a"]);

    await send("POST", compute(`regions/${region}/targetPools/pool-web/addInstance`), {
      body: { instances: [{ instance: "zones/us-central1-b/instances/web-b" }] },
    });
    expect(nlbs()[0]?.targetGroup.targets.map((t) => t.name)).toEqual(["web-a", "web-b"]);
    expect((await send("GET", compute(`regions/${region}/targetPools/pool-web`))).json["instances"]).toEqual([
      expect.stringMatching(/\/zones\/us-central1-a\/instances\/web-a$/),
      expect.stringMatching(/\/zones\/us-central1-b\/instances\/web-b$/),
    ]);
    clock.advance(world.timing.nlbProvisionMs + 2 * 10_000);
    const health = await send("POST", compute(`regions/${region}/targetPools/pool-web/getHealth`), {
      body: { instance: "zones/us-central1-a/instances/web-a" },
    });
    expect(health.json).toMatchObject({
      healthStatus: [{ healthState: "HEALTHY", ipAddress: shown["IPAddress"], port: 80 }],
    });
    await send("POST", compute(`regions/${region}/targetPools/pool-web/removeInstance`), {
      body: { instances: [{ instance: "zones/us-central1-a/instances/web-a" }] },
    });
    expect(nlbs()[0]?.targetGroup.targets.map((t) => t.name)).toEqual(["web-b"]);

    const poolInUse = await send("DELETE", compute(`regions/${region}/targetPools/pool-web`));
    expect(poolInUse.status).toBe(400);
    expect(reasonOf(poolInUse)).toBe("resourceInUseByAnotherResource");
    const hcInUse = await send("DELETE", compute("global/httpHealthChecks/hc-web"));
    expect(reasonOf(hcInUse)).toBe("resourceInUseByAnotherResource");
    const deleted = await send("DELETE", compute(`regions/${region}/forwardingRules/fr-web`));
    expect(deleted.json).toMatchObject({ operationType: "delete" });
    expect(nlbs()).toEqual([]);
    expect((await send("DELETE", compute(`regions/${region}/targetPools/pool-web`))).status).toBe(200);
    expect((await send("DELETE", compute("global/httpHealthChecks/hc-web"))).status).toBe(200);
    expect((await send("GET", compute(`regions/${region}/targetPools`))).json["items"]).toBeUndefined();
  });

  it("refuses what the target-pool form does not take and reports the forwarding-rule quota in the Operation", async () => {
    const { send, compute, clock, world, nlbs } = await setup();
    await send("POST", compute(`regions/${region}/targetPools`), { body: { name: "pool-web" } });
    const rules = compute(`regions/${region}/forwardingRules`);
    const target = `regions/${region}/targetPools/pool-web`;
    const internal = await send("POST", rules, { body: { name: "fr", target, loadBalancingScheme: "INTERNAL" } });
    expect(internal.status).toBe(400);
    const icmp = await send("POST", rules, { body: { name: "fr", target, IPProtocol: "ICMP" } });
    expect(icmp.status).toBe(400);
    const ports = await send("POST", rules, { body: { name: "fr", target, ports: ["80"] } });
    expect(ports.status).toBe(400);
    const badRange = await send("POST", rules, { body: { name: "fr", target, portRange: "90-80" } });
    expect(badRange.status).toBe(400);
    const missingPool = await send("POST", rules, {
      body: { name: "fr", target: `regions/${region}/targetPools/nope` },
    });
    expect(missingPool.status).toBe(404);
    const otherRegion = await send("POST", rules, {
      body: { name: "fr", target: "regions/us-east1/targetPools/pool-web" },
    });
    expect(otherRegion.status).toBe(400);
    const foreignInstance = await send("POST", compute(`regions/${region}/targetPools/pool-web/addInstance`), {
      body: { instances: [{ instance: "zones/us-east1-b/instances/web-a" }] },
    });
    expect(foreignInstance.status).toBe(400);
    const unknownCheck = await send("POST", compute(`regions/${region}/targetPools`), {
      body: { name: "pool-2", healthChecks: ["global/httpHealthChecks/a"] },
    });
    expect(unknownCheck.status).toBe(404);
    for (const name of ["a", "b"]) await send("POST", compute("global/httpHealthChecks"), { body: { name } });
    const twoChecks = await send("POST", compute(`regions/${region}/targetPools`), {
      body: { name: "pool-2", healthChecks: ["global/httpHealthChecks/a", "global/httpHealthChecks/b"] },
    });
    expect(twoChecks.status).toBe(400);
    const badTimeout = await send("POST", compute("global/httpHealthChecks"), {
      body: { name: "hc", checkIntervalSec: 5, timeoutSec: 10 },
    });
    expect(badTimeout.status).toBe(400);

    world.quotas.set({ provider: "GCP" }, { nlbs: 0 });
    const over = await send("POST", rules, { body: { name: "fr", target, portRange: "80-80" } });
    expect(over.status).toBe(200);
    clock.advance(1000);
    const op = await send("GET", compute(`regions/${region}/operations/${String(over.json["name"])}`));
    expect(op.json).toMatchObject({
      status: "DONE",
      error: { errors: [{ code: "QUOTA_EXCEEDED", message: expect.stringMatching(/FORWARDING_RULES/) }] },
    });
    expect(nlbs()).toEqual([]);
    expect((await send("GET", `${rules}/fr`)).status).toBe(404);
  });
});
