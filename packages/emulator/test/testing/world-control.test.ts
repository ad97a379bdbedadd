import { describe, expect, it } from "vitest";
import { worldControl } from "../../src/testing/index.js";
import { testWorld } from "../support.js";

const alice = { provider: "MOCK", account: "alice", region: "mock-seoul" };
const bob = { ...alice, account: "bob" };

describe("worldControl", () => {
  it("fails the next calls of one API of its account, once by default", async () => {
    const { world } = testWorld();
    const control = worldControl(world, { provider: "MOCK", account: "alice" });
    const fault = control.fail({ api: "ListVpcs", kind: "throttle" });
    const list = (target: { account: string }) =>
      world.call({ ...alice, ...target, api: "ListVpcs" }, (c) => c.vpcs.list());
    await expect(list(bob)).resolves.toBeDefined();
    await expect(list(alice)).rejects.toMatchObject({ code: "Throttled", injected: true });
    await expect(list(alice)).resolves.toBeDefined();
    expect(fault.fired).toBe(1);

    const lost = control.fail({ api: "CreateVpc", kind: "internal", times: 2, phase: "after" });
    const create = (name: string) =>
      world.call({ ...alice, api: "CreateVpc" }, (c) => c.vpcs.create({ name, cidr: "10.0.0.0/16" }));
    await expect(create("a")).rejects.toMatchObject({ code: "InternalError" });
    lost.remove();
    await expect(create("b")).resolves.toBeDefined();
    expect(lost.fired).toBe(1);
    // The lost answer's VPC exists all the same.
    expect(world.accountRegion(alice).vpcs.list().items).toHaveLength(2);
  });

  it("hides new resources from reads for a while", async () => {
    const { world, clock } = testWorld();
    worldControl(world, { provider: "MOCK", account: "alice" }).setInvisibleAfterCreateMs(5_000);
    const vpc = world.accountRegion(alice).vpcs.create({ name: "n", cidr: "10.0.0.0/16" });
    expect(() => world.accountRegion(alice).vpcs.get(vpc.id)).toThrow(/not found|does not exist/i);
    clock.advance(5_000);
    expect(world.accountRegion(alice).vpcs.get(vpc.id).id).toBe(vpc.id);
  });

  it("lists the native APIs the world served its account since it was made", async () => {
    const { world } = testWorld();
    await world.call({ ...alice, api: "Before" }, () => undefined);
    const control = worldControl(world, { provider: "MOCK", account: "alice" });
    await world.call({ ...alice, api: "DescribeVpcs" }, () => undefined);
    await world.call({ ...bob, api: "NotMine" }, () => undefined);
    await world.call({ ...alice, api: "RunInstances" }, () => undefined);
    expect(control.servedApis()).toEqual(["DescribeVpcs", "RunInstances"]);
  });

  it("holds the next call of an API until released, after it arrived", async () => {
    const { world } = testWorld();
    const control = worldControl(world, { provider: "MOCK", account: "alice" });
    const held = control.hold("DescribeVpcs");
    let answered = false;
    const call = world.call({ ...alice, api: "DescribeVpcs" }, () => "answer").then((a) => ((answered = true), a));
    await held.arrived;
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    held.release();
    expect(await call).toBe("answer");
    // Only the next call is held.
    await expect(world.call({ ...alice, api: "DescribeVpcs" }, () => "again")).resolves.toBe("again");
  });
});
