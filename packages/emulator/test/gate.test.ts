import { describe, expect, it } from "vitest";
import { isBaristaError } from "@cloud-barista/core";
import { apiAccessOf } from "../src/index.js";
import type { FaultKind, WorldErrorCode } from "../src/index.js";
import { expectWorldErrorAsync, mockCloud, network, runVm, testWorld } from "./support.js";

const target = { provider: "MOCK", account: "alice", region: "mock-seoul" };

describe("the call gate", () => {
  it("runs the operation on the account's region and returns its result", async () => {
    const { world } = testWorld();
    const vpc = await world.call({ ...target, api: "CreateVpc" }, (cloud) =>
      cloud.vpcs.create({ name: "v", cidr: "10.0.0.0/16" }),
    );
    expect(mockCloud(world).vpcs.get(vpc.id).name).toBe("v");
    await expectWorldErrorAsync(
      () => world.call({ ...target, region: "mars", api: "DescribeVpcs" }, () => 1),
      "InvalidParameter",
      /region/,
    );
    await expectWorldErrorAsync(
      () => world.call({ ...target, provider: "NOPE", api: "X" }, () => 1),
      "InvalidParameter",
      /provider/,
    );
  });

  it("isolates accounts: alice's resources are invisible to bob", async () => {
    const { world } = testWorld();
    const vpc = await world.call({ ...target, api: "CreateVpc" }, (cloud) =>
      cloud.vpcs.create({ name: "v", cidr: "10.0.0.0/16" }),
    );
    const bob = { ...target, account: "bob", api: "DescribeVpcs" };
    expect(await world.call(bob, (cloud) => cloud.vpcs.list().items)).toEqual([]);
    await expectWorldErrorAsync(() => world.call(bob, (cloud) => cloud.vpcs.get(vpc.id)), "NotFound");
    // Same name in another account is fine even where names are unique.
    await world.call({ ...bob, api: "CreateVpc" }, (cloud) => cloud.vpcs.create({ name: "v", cidr: "10.0.0.0/16" }));
    expect(world.locate({ provider: "MOCK", account: "alice" }, vpc.id)).toEqual({
      region: "mock-seoul",
      kind: "network",
    });
    expect(world.locate({ provider: "MOCK", account: "bob" }, vpc.id)).toBeUndefined();
  });

  describe("rate limits", () => {
    it("throttle a burst beyond the bucket with a retry hint; tokens refill with time", async () => {
      const { world, clock } = testWorld({
        rateLimits: { MOCK: [{ name: "reads", access: "read", bucket: "api", capacity: 3, refillPerSecond: 2 }] },
      });
      const describe = () => world.call({ ...target, api: "DescribeVpcs" }, (cloud) => cloud.vpcs.list().items.length);
      for (let i = 0; i < 3; i++) expect(await describe()).toBe(0);
      const error = await expectWorldErrorAsync(describe, "Throttled", /reads/);
      expect(error.retryAfterMs).toBe(500);
      // Buckets are per API and per account: other calls still pass.
      await world.call({ ...target, api: "DescribeSubnets" }, () => 1);
      await world.call({ ...target, account: "bob", api: "DescribeVpcs" }, () => 1);
      // Writes match no rule here, so they are not limited.
      for (let i = 0; i < 10; i++) await world.call({ ...target, api: "CreateTags" }, () => 1);
      clock.advance(499);
      await expectWorldErrorAsync(describe, "Throttled");
      clock.advance(1);
      expect(await describe()).toBe(0);
      clock.advance(10_000);
      for (let i = 0; i < 3; i++) await describe();
      await expectWorldErrorAsync(describe, "Throttled");
    });

    it("charge resource buckets by what a call acts on, besides the request bucket, all or nothing", async () => {
      const { world, clock } = testWorld({
        rateLimits: {
          MOCK: [
            { name: "writes", bucket: "api", capacity: 3, refillPerSecond: 1 },
            {
              name: "instances",
              api: /^TerminateInstances$/,
              bucket: "api",
              counts: "resources",
              capacity: 5,
              refillPerSecond: 2,
            },
          ],
        },
      });
      const terminate = (count: number) =>
        world.call({ ...target, api: "TerminateInstances", cost: count }, () => count);
      expect(await terminate(4)).toBe(4);
      // One request token is left twice over, but the resource bucket holds 1 of the 2 instances asked.
      const error = await expectWorldErrorAsync(() => terminate(2), "Throttled", /instances/);
      expect(error.retryAfterMs).toBe(500);
      // The refused call took no request token: two more calls of one instance each still pass.
      expect(await terminate(1)).toBe(1);
      clock.advance(500);
      expect(await terminate(1)).toBe(1);
      await expectWorldErrorAsync(() => terminate(1), "Throttled", /writes/);
    });

    it("model the vendors by default and can be switched off", async () => {
      const { world } = testWorld({ rateLimits: true });
      const aws = { provider: "AWS", account: "1", region: "us-east-1" };
      for (let i = 0; i < 200; i++) await world.call({ ...aws, api: "CreateTags" }, () => i);
      await expectWorldErrorAsync(() => world.call({ ...aws, api: "CreateTags" }, () => 0), "Throttled");
      // EC2's resource limit: 1,000 instances at once, then two per second, whatever the request count.
      await world.call({ ...aws, api: "RunInstances", cost: 1000 }, () => 0);
      await expectWorldErrorAsync(
        () => world.call({ ...aws, api: "RunInstances", cost: 1 }, () => 0),
        "Throttled",
        /run-instances-resources/,
      );
      for (let i = 0; i < 100; i++) await world.call({ ...aws, api: "DescribeInstances" }, () => i);
      await expectWorldErrorAsync(() => world.call({ ...aws, api: "DescribeInstances" }, () => 0), "Throttled");
      world.rateLimits.enabled = false;
      expect(await world.call({ ...aws, api: "DescribeInstances" }, () => "ok")).toBe("ok");
      const azure = { provider: "AZURE", account: "s", region: "eastus" };
      world.rateLimits.enabled = true;
      // Azure's ARM buckets are shared across APIs of one access class.
      for (let i = 0; i < 250; i++)
        await world.call({ ...azure, api: i % 2 ? "VirtualNetworks_Get" : "VirtualMachines_List" }, () => i);
      await expectWorldErrorAsync(() => world.call({ ...azure, api: "Disks_Get" }, () => 0), "Throttled");
      expect(await world.call({ ...azure, api: "VirtualNetworks_CreateOrUpdate" }, () => "write")).toBe("write");
    });
  });

  describe("faults", () => {
    const cases: [FaultKind, WorldErrorCode][] = [
      ["throttle", "Throttled"],
      ["internal", "InternalError"],
      ["unavailable", "Unavailable"],
      ["timeout", "Timeout"],
      ["capacity", "InsufficientCapacity"],
      ["quota", "QuotaExceeded"],
    ];
    for (const [kind, code] of cases) {
      it(`inject ${kind} as ${code}, for the matching API only, a limited number of times`, async () => {
        const { world, clock } = testWorld();
        const handle = world.faults.add({ provider: "MOCK", api: /^Create/, kind, times: 2 });
        const started = clock.now();
        const create = (name: string) =>
          world.call({ ...target, api: "CreateVpc" }, (cloud) => cloud.vpcs.create({ name, cidr: "10.0.0.0/16" }));
        const error = await expectWorldErrorAsync(() => create("a"), code);
        expect(error.injected).toBe(true);
        if (kind === "throttle") expect(error.retryAfterMs).toBe(1000);
        if (kind === "timeout") expect(clock.now() - started).toBe(30_000);
        expect(await world.call({ ...target, api: "DescribeVpcs" }, (cloud) => cloud.vpcs.list().items)).toEqual([]);
        await expectWorldErrorAsync(() => create("a"), code);
        expect(handle.fired).toBe(2);
        expect(handle.active).toBe(false);
        expect((await create("a")).name).toBe("a");
      });
    }

    it("in the after phase, let the call take effect and lose its answer", async () => {
      const { world } = testWorld();
      world.faults.add({ api: "CreateVpc", kind: "internal", phase: "after", times: 1 });
      await expectWorldErrorAsync(
        () =>
          world.call({ ...target, api: "CreateVpc" }, (cloud) => cloud.vpcs.create({ name: "v", cidr: "10.0.0.0/16" })),
        "InternalError",
      );
      expect(
        mockCloud(world)
          .vpcs.list()
          .items.map((v) => v.name),
      ).toEqual(["v"]);
    });

    it("fire with a seeded probability, reproducibly, until removed", async () => {
      const pattern = async (seed: number) => {
        const { world } = testWorld({ seed });
        const handle = world.faults.add({ account: "alice", kind: "unavailable", probability: 0.5 });
        const outcomes: boolean[] = [];
        for (let i = 0; i < 40; i++) {
          outcomes.push(await world.call({ ...target, api: "DescribeVpcs" }, () => true).catch(() => false));
        }
        handle.remove();
        expect(await world.call({ ...target, api: "DescribeVpcs" }, () => true)).toBe(true);
        return outcomes;
      };
      const first = await pattern(11);
      expect(first).toEqual(await pattern(11));
      const failures = first.filter((ok) => !ok).length;
      expect(failures).toBeGreaterThan(8);
      expect(failures).toBeLessThan(32);
    });

    it("scope by account and region", async () => {
      const { world } = testWorld();
      world.faults.add({ account: "bob", region: "mock-seoul", kind: "internal" });
      expect(await world.call({ ...target, api: "DescribeVpcs" }, () => "alice ok")).toBe("alice ok");
      expect(
        await world.call({ ...target, account: "bob", region: "mock-tokyo", api: "DescribeVpcs" }, () => "tokyo ok"),
      ).toBe("tokyo ok");
      await expectWorldErrorAsync(
        () => world.call({ ...target, account: "bob", api: "DescribeVpcs" }, () => 1),
        "InternalError",
      );
      world.faults.clear();
      expect(await world.call({ ...target, account: "bob", api: "DescribeVpcs" }, () => 2)).toBe(2);
    });

    it("fail builds in the background: the call succeeds, its VM ends in error and releases its network", async () => {
      const { world, clock } = testWorld();
      const cloud = mockCloud(world);
      const net = network(cloud);
      const given = cloud.networkInterfaces.create({ vpcId: net.vpc.id, securityGroupIds: [net.sg.id] });
      const fault = world.faults.add({ ...target, api: "RunVm", kind: "internal", phase: "background", times: 1 });
      const run = (name: string, withInterface: boolean) =>
        world.call({ ...target, api: "RunVm" }, (c, gate) =>
          c.vms.run(
            {
              name,
              imageId: "mock-ubuntu-2404-amd64",
              specName: "mock-small",
              ...(withInterface ? { networkInterfaces: [{ id: given.id }] } : { subnetId: net.subnetId }),
            },
            gate,
          ),
        );
      const failing = await run("failing", true);
      expect(fault.fired).toBe(1);
      const healthy = await run("healthy", false);
      expect(cloud.vms.get(failing.id).state).toBe("pending");
      expect(cloud.networkInterfaces.get(given.id).deviceId).toBe(failing.id);
      clock.advance(world.timing.vmBootMs);
      expect(cloud.vms.get(failing.id)).toMatchObject({
        state: "error",
        stateSince: failing.createdAt + world.timing.vmBootMs,
      });
      expect(cloud.vms.get(healthy.id).state).toBe("running");
      expect(cloud.networkInterfaces.get(given.id)).toMatchObject({ deviceId: "", deviceOwner: "" });
      // A failed build still counts against the quota, and can only be terminated.
      expect(cloud.quotaUsage().find((q) => q.name === "vms")?.used).toBe(2);
      await expectWorldErrorAsync(() => cloud.vms.start(failing.id), "IncorrectState");
      expect(cloud.vms.terminate(failing.id)).toEqual({
        id: failing.id,
        previousState: "error",
        currentState: "shutting-down",
      });
    });
  });

  it("adds latency on the clock, per API where configured", async () => {
    const { world, clock } = testWorld({ latency: { baseMs: 50, perApi: { RunInstances: 400 } } });
    const start = clock.now();
    await world.call({ ...target, api: "DescribeVpcs" }, () => 1);
    expect(clock.now() - start).toBe(50);
    await world.call({ ...target, api: "RunInstances" }, () => 1);
    expect(clock.now() - start).toBe(450);
  });

  it("honours an abort signal while waiting", async () => {
    const { world } = testWorld({ latency: { baseMs: 1000 } });
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(
      world.call({ ...target, api: "DescribeVpcs" }, () => 1, { abortSignal: controller.signal }),
    ).rejects.toSatisfy((e) => isBaristaError(e, "Aborted"));
  });

  it("hides new resources from reads during the invisibility window", async () => {
    const { world, clock } = testWorld({ invisibleAfterCreateMs: 2000 });
    const cloud = mockCloud(world);
    const net = network(cloud);
    const vm = runVm(cloud, net);
    await expectWorldErrorAsync(() => cloud.vpcs.get(net.vpc.id), "NotFound");
    expect(cloud.vms.list().items).toEqual([]);
    // Mutations and references already see it, as on AWS where only reads lag.
    expect(cloud.tags.add(vm.id, { a: "b" })).toEqual({ a: "b" });
    clock.advance(2000);
    expect(cloud.vpcs.get(net.vpc.id).subnets).toHaveLength(1);
    expect(cloud.vms.list().items.map((v) => v.id)).toEqual([vm.id]);
    world.consistency.invisibleAfterCreateMs = 0;
    expect(cloud.vpcs.create({ name: "now", cidr: "10.1.0.0/16" }).id).toBe(
      cloud.vpcs.list({ where: (v) => v.name === "now" }).items[0]?.id,
    );
  });
});

describe("apiAccessOf", () => {
  it("reads the verb after any separator, including OpenStack's service prefix", () => {
    expect(apiAccessOf("DescribeInstances")).toBe("read");
    expect(apiAccessOf("nova:ListServers")).toBe("read");
    expect(apiAccessOf("neutron:DeleteNetwork")).toBe("delete");
    expect(apiAccessOf("VirtualMachines_List")).toBe("read");
    expect(apiAccessOf("RunInstances")).toBe("write");
    expect(apiAccessOf("compute.instances.aggregatedList")).toBe("read");
    expect(apiAccessOf("compute.zoneOperations.wait")).toBe("read");
    expect(apiAccessOf("compute.instances.insert")).toBe("write");
    expect(apiAccessOf("compute.networks.delete")).toBe("delete");
  });
});
