import { describe, expect, it } from "vitest";
import { account, group, liveWorldVms, mcisFixture } from "../support.js";

// A sub-group's default network (VPC with its subnet, security group, key pair) is shared by all
// its VMs: one failed create there would fail them all, so it is retried as VM creates are.
describe("default-network prerequisites", () => {
  const ref = { namespace: "ns1", name: "web" };
  const inSeoul = (world: Awaited<ReturnType<typeof mcisFixture>>["world"]) =>
    world.accountRegion({ provider: "MOCK", account, region: "mock-seoul" });

  for (const api of ["CreateVpc", "CreateSecurityGroup", "CreateKeyPair"]) {
    it(`survives one 5xx on ${api}: the create is retried and shows in history`, async () => {
      const { mcis, world, barista } = await mcisFixture();
      const fault = world.faults.add({ provider: "MOCK", region: "mock-seoul", api, kind: "internal", times: 1 });
      const info = await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 3), group("g2", "seoul", 2)] });
      expect(fault.fired).toBe(1);
      expect(info.status).toBe("Running:5 (R:5/5)");
      expect(liveWorldVms(world)).toHaveLength(5);
      const calls = await barista.history.query({ api });
      expect(calls.map((c) => c.error?.code ?? "ok")).toEqual(["ProviderError", "ok"]);
      // One of each shared piece: the retry made what the failed try did not, nothing twice.
      const cloud = inSeoul(world);
      expect(cloud.vpcs.list().items).toHaveLength(1);
      expect(cloud.securityGroups.list().items).toHaveLength(1);
      expect(cloud.keyPairs.list().items).toHaveLength(1);
    });
  }

  it("reads each default-network piece once per create (the dry run alone previews them)", async () => {
    const { mcis, barista } = await mcisFixture();
    const apis = ["DescribeVpcs", "DescribeSecurityGroups", "DescribeKeyPairs"];
    const reads = async () =>
      Object.fromEntries(
        await Promise.all(apis.map(async (api) => [api, (await barista.history.query({ api })).length] as const)),
      );
    await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 2)] });
    const afterFirst = await reads();
    // The network exists now: a second MCIS in the namespace looks once per piece, then creates VMs.
    await mcis.create({ namespace: "ns1", name: "api", subGroups: [group("g1", "seoul", 1)] });
    const afterSecond = await reads();
    expect(Object.fromEntries(apis.map((api) => [api, (afterSecond[api] ?? 0) - (afterFirst[api] ?? 0)]))).toEqual({
      DescribeVpcs: 1,
      DescribeSecurityGroups: 1,
      DescribeKeyPairs: 1,
    });
    const plan = await mcis.create({
      namespace: "ns1",
      name: "db",
      subGroups: [group("g1", "seoul", 1)],
      dryRun: true,
    });
    expect(plan.networks).toEqual([expect.objectContaining({ connection: "seoul", toCreate: [] })]);
  });

  it("gives up after the runtime's retry policy, failing only that connection's VMs", async () => {
    const { mcis, world, barista } = await mcisFixture();
    world.faults.add({ provider: "MOCK", region: "mock-seoul", api: "CreateVpc", kind: "internal" });
    const info = await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 2), group("g2", "virginia", 1)] });
    expect(info.status).toBe("Partial-Failed:2 (R:1/3)");
    expect(info.vms.filter((vm) => vm.status === "Failed").map((vm) => vm.id)).toEqual(["g1-1", "g1-2"]);
    expect(info.vms.find((vm) => vm.id === "g1-1")?.reason).toMatchObject({ code: "ProviderError" });
    const calls = await barista.history.query({ api: "CreateVpc", connection: "seoul" });
    expect(calls).toHaveLength(barista.shared.retryPolicy.maxAttempts);
    expect(calls.every((c) => c.error?.code === "ProviderError")).toBe(true);
  });
});
