import { describe, expect, it } from "vitest";
import { network, runtimeFixture } from "./runtime-setup.js";

// What the runtime refuses, and with which code: InvalidArgument only where nothing was sent to the
// cloud (the error says so: `unsent`); a request found not to fit what the cloud has, by reading it,
// is a Conflict or NotFound instead. The chaos suite (chaos/) covers every entry point with generated
// bad input; these are the cases that need a cloud with something in it.

const cloudOf = (f: Awaited<ReturnType<typeof runtimeFixture>>) =>
  f.world.accountRegion({ provider: "MOCK", account: "tenant-a", region: "mock-seoul" });

describe("input checks over driver-mock", () => {
  it("refuses bad input before any call as an unsent InvalidArgument naming field and rule", async () => {
    const f = await runtimeFixture();
    const request = await network(f.conn);
    const before = (await f.barista.history.query({})).length;
    const cases: [Promise<unknown>, string, string][] = [
      [f.conn.vm.create({ ...request, name: "v", dataDiskNames: "disk" as never }), "dataDiskNames", "type"],
      [
        f.conn.vm.create({ ...request, name: "v", keyPairName: undefined, vmUserPassword: "" }),
        "vmUserPassword",
        "password",
      ],
      [f.conn.vm.create({ ...request, name: "v", vmUserId: 5 as never }), "vmUserId", "type"],
      [f.conn.vm.create({ ...request, name: "v", keyPair: "key" } as never), "keyPair", "unknown-field"],
      [f.conn.keyPair.create({ name: "k", tags: "abc" as never }), "tags", "type"],
      [f.conn.keyPair.create({ name: "k", tags: ["a"] as never }), "tags", "type"],
      [f.conn.keyPair.create({ name: "k", tags: { "aws:x": "1" } }), "tags.aws:x", "reserved-tag"],
      [f.conn.vpc.create({ name: "n", ipv4Cidr: "010.009.000.000/16", subnets: [] }), "ipv4Cidr", "cidr"],
      [f.conn.tag.add({ resourceType: "vm", name: "v" }, null as never), "tag", "required"],
    ];
    for (const [call, field, rule] of cases) {
      await expect(call).rejects.toMatchObject({
        name: "BaristaError",
        code: "InvalidArgument",
        field,
        rule,
        unsent: true,
      });
    }
    expect(await f.barista.history.query({})).toHaveLength(before);
    expect(
      cloudOf(f)
        .keyPairs.list()
        .items.map((k) => k.name),
    ).toHaveLength(1);
  });

  it("reports a new subnet that overlaps one the cloud has as a Conflict, found by reading the VPC", async () => {
    const f = await runtimeFixture();
    await f.conn.vpc.create({
      name: "net",
      ipv4Cidr: "10.0.0.0/16",
      subnets: [{ name: "a", ipv4Cidr: "10.0.1.0/24" }],
    });
    await expect(f.conn.vpc.addSubnet("net", { name: "b", ipv4Cidr: "10.0.1.0/25" })).rejects.toMatchObject({
      code: "Conflict",
      field: "subnet.ipv4Cidr",
      rule: "cidr-overlap",
      unsent: false,
    });
    await expect(f.conn.vpc.addSubnet("net", { name: "b", ipv4Cidr: "10.9.0.0/24" })).rejects.toMatchObject({
      code: "Conflict",
      rule: "cidr-within-vpc",
    });
    expect((await f.conn.vpc.get("net")).subnets.map((s) => s.iid.nameId)).toEqual(["a"]);
  });

  it("reports a registration that does not fit the cloud as NotFound or Conflict, not InvalidArgument", async () => {
    const f = await runtimeFixture();
    const one = await f.conn.vpc.create({ name: "one", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    await f.conn.vpc.create({ name: "two", ipv4Cidr: "10.1.0.0/16", subnets: [] });
    await expect(f.conn.vpc.registerSubnet("one", { name: "s", systemId: "mock-subnet-none" })).rejects.toMatchObject({
      code: "NotFound",
      resourceType: "subnet",
    });
    const sg = cloudOf(f).securityGroups.create({ name: "outside", vpcId: one.iid.systemId, rules: [] });
    await expect(
      f.conn.securityGroup.register({ name: "outside", systemId: sg.id, vpcName: "two" }),
    ).rejects.toMatchObject({ code: "Conflict", field: "vpcName", rule: "cloud-vpc" });
    const registered = await f.conn.securityGroup.register({ name: "outside", systemId: sg.id, vpcName: "one" });
    expect(registered.vpcIID.nameId).toBe("one");
  });

  it("keeps tag keys such as __proto__ given at create as ordinary tags", async () => {
    const f = await runtimeFixture();
    const tags = JSON.parse('{"__proto__":"p","constructor":"c","team":"t"}') as Record<string, string>;
    await f.conn.keyPair.create({ name: "k", tags });
    const stored = cloudOf(f).keyPairs.list().items[0]?.tags ?? {};
    expect(Object.keys(stored).sort()).toEqual(["__proto__", "constructor", "team"]);
    const key = { resourceType: "keyPair" as const, name: "k" };
    expect(await f.conn.tag.get(key, "__proto__")).toEqual({ key: "__proto__", value: "p" });
    await expect(f.conn.tag.get(key, "toString")).rejects.toMatchObject({ code: "NotFound" });
    await expect(f.conn.tag.remove(key, "toString")).rejects.toMatchObject({ code: "NotFound" });
  });
});
