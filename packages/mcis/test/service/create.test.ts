import { cidrOverlaps, isBaristaError, parseIpv4Cidr } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { trackProgress } from "../../src/index.js";
import type { CreatedPrivateKey, McisProgressEvent } from "../../src/index.js";
import { account, group, liveWorldVms, mcisFixture, regions, worldVms } from "../support.js";

/** The field and rule of a refusal with `code` (InvalidArgument: nothing was sent to any cloud). */
async function refused(
  promise: Promise<unknown>,
  code: "InvalidArgument" | "NotFound" | "Conflict" = "InvalidArgument",
): Promise<{ field?: string; rule?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isBaristaError(error, code)) return { field: error.field, rule: error.rule, message: error.message };
    throw error;
  }
  throw new Error(`expected ${code}`);
}

const invalid = (promise: Promise<unknown>) => refused(promise);

describe("create", () => {
  it("creates VMs in several connections, named <group>-<n>, tagged with their identity, and reports progress", async () => {
    const { mcis, world } = await mcisFixture();
    const events: McisProgressEvent[] = [];
    const info = await mcis.create(
      {
        namespace: "ns1",
        name: "web",
        description: "front",
        labels: { team: "a" },
        subGroups: [group("g1", "seoul", 3), group("g2", "virginia", 2)],
      },
      { onProgress: (e) => events.push(e) },
    );
    expect(info).toMatchObject({
      status: "Running:5 (R:5/5)",
      targetAction: "None",
      targetStatus: "None",
      policy: "continue",
      labels: { team: "a" },
    });
    expect(info.vms.map((v) => v.id)).toEqual(["g1-1", "g1-2", "g1-3", "g2-1", "g2-2"]);
    expect(info.newVmIds).toEqual(["g1-1", "g1-2", "g1-3", "g2-1", "g2-2"]);
    expect(info.subGroups.map((g) => [g.name, g.size, g.connection])).toEqual([
      ["g1", 3, "seoul"],
      ["g2", 2, "virginia"],
    ]);
    const seoul = worldVms(world, "seoul");
    expect(seoul).toHaveLength(3);
    expect(seoul.every((vm) => vm.state === "running")).toBe(true);
    expect(seoul.map((vm) => vm.tags).sort((a, b) => (a["cb-vm"] ?? "").localeCompare(b["cb-vm"] ?? ""))[0]).toEqual({
      "cb-ns": "ns1",
      "cb-mcis": "web",
      "cb-subgroup": "g1",
      "cb-vm": "g1-1",
    });
    // Each VM: requested, created, running; counters end at 5 of 5.
    for (const id of info.vms.map((v) => v.id)) {
      expect(events.filter((e) => e.vmId === id).map((e) => e.type)).toEqual(["requested", "created", "running"]);
    }
    expect(events.at(-1)).toMatchObject({
      done: 5,
      failed: 0,
      total: 5,
      action: "Create",
      namespace: "ns1",
      mcis: "web",
    });
    expect(events.find((e) => e.type === "created")?.zone).toMatch(/^mock-/);
  });

  it("fills omitted network pieces with per-connection defaults, shared by the namespace, with CIDRs that never overlap", async () => {
    const keys: CreatedPrivateKey[] = [];
    const { mcis, world, barista } = await mcisFixture({ service: { onPrivateKey: (k) => void keys.push(k) } });
    const a = await mcis.create({
      namespace: "ns1",
      name: "a",
      subGroups: [group("g1", "seoul", 1), group("g2", "virginia", 1), group("g3", "frankfurt", 1)],
    });
    const b = await mcis.create({ namespace: "ns1", name: "b", subGroups: [group("g1", "seoul", 1)] });
    const other = await mcis.create({ namespace: "ns2", name: "a", subGroups: [group("g1", "seoul", 1)] });
    expect(a.subGroups.map((g) => [g.vpcName, g.defaultNetwork, g.defaultKeyPair])).toEqual([
      ["mcis-ns1-shared", true, true],
      ["mcis-ns1-shared", true, true],
      ["mcis-ns1-shared", true, true],
    ]);
    expect(b.subGroups[0]?.vpcName).toBe("mcis-ns1-shared");
    expect(other.subGroups[0]?.vpcName).toBe("mcis-ns2-shared");
    // One default VPC per (namespace, connection): ns1 and ns2 in seoul, ns1 elsewhere.
    const vpcs = Object.values(regions).flatMap(
      (region) => world.accountRegion({ provider: "MOCK", account, region }).vpcs.list().items,
    );
    expect(vpcs).toHaveLength(4);
    const ns1 = await Promise.all(
      (["seoul", "virginia", "frankfurt"] as const).map(
        async (c) => (await (await barista.connection(c)).vpc.get("mcis-ns1-shared")).ipv4Cidr ?? "",
      ),
    );
    expect(new Set(ns1).size).toBe(3);
    for (const [i, x] of ns1.entries())
      for (const y of ns1.slice(i + 1)) expect(cidrOverlaps(parseIpv4Cidr(x)!, parseIpv4Cidr(y)!)).toBe(false);
    // SSH and ICMP in, everything out; the private key of each default key pair handed over once.
    const sg = await (await barista.connection("seoul")).securityGroup.get("mcis-ns1-shared");
    expect(sg.rules).toEqual(
      expect.arrayContaining([
        { direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" },
        { direction: "outbound", protocol: "ALL", cidr: "0.0.0.0/0" },
      ]),
    );
    expect(keys.map((k) => `${k.namespace}/${k.connection}`).sort()).toEqual([
      "ns1/frankfurt",
      "ns1/seoul",
      "ns1/virginia",
      "ns2/seoul",
    ]);
    expect(keys[0]?.privateKey).toMatch(/PRIVATE KEY/);
  });

  it("uses a network the request names, and the default key pair when none is named", async () => {
    const { mcis, barista, world } = await mcisFixture();
    const conn = await barista.connection("seoul");
    await conn.vpc.create({
      name: "mine",
      ipv4Cidr: "172.16.0.0/16",
      subnets: [{ name: "sub", ipv4Cidr: "172.16.1.0/24" }],
    });
    await conn.securityGroup.create({ name: "sg", vpcName: "mine", rules: [] });
    const info = await mcis.create({
      namespace: "ns1",
      name: "web",
      subGroups: [group("g1", "seoul", 2, { vpcName: "mine", subnetName: "sub", securityGroupNames: ["sg"] })],
    });
    expect(info.subGroups[0]).toMatchObject({
      vpcName: "mine",
      subnetName: "sub",
      securityGroupNames: ["sg"],
      keyPairName: "mcis-ns1-shared",
      defaultNetwork: false,
      defaultKeyPair: true,
    });
    expect(worldVms(world, "seoul").every((vm) => vm.vpc.name.startsWith("mine"))).toBe(true);
    // Only the key pair was made by default: no default VPC.
    expect(world.accountRegion({ provider: "MOCK", account, region: "mock-seoul" }).vpcs.list().items).toHaveLength(1);
  });

  it("creates from a dynamic request: spec and image by keywords, per connection", async () => {
    const { mcis } = await mcisFixture();
    const info = await mcis.createDynamic({
      namespace: "ns1",
      name: "dyn",
      subGroups: [
        { name: "x86", connection: "seoul", spec: "medium", image: "ubuntu 22.04", size: 1 },
        { name: "arm", connection: "virginia", spec: "arm small", image: "debian", size: 1 },
        { name: "exact", connection: "frankfurt", spec: "mock-micro", image: "mock-rocky-9-amd64", size: 1 },
      ],
    });
    expect(info.subGroups.map((g) => [g.specName, g.image])).toEqual([
      ["mock-medium", "mock-ubuntu-2204-amd64"],
      ["mock-arm-small", "mock-debian-12-arm64"],
      ["mock-micro", "mock-rocky-9-amd64"],
    ]);
    expect(info.status).toBe("Running:3 (R:3/3)");
    // Found by reading the catalog: a NotFound or Conflict naming the field, not an InvalidArgument.
    expect(
      await refused(
        mcis.createDynamic({
          namespace: "ns1",
          name: "d2",
          subGroups: [{ name: "g", connection: "seoul", spec: "huge", image: "ubuntu", size: 1 }],
        }),
        "NotFound",
      ),
    ).toMatchObject({
      field: "subGroups[0].spec",
      rule: "unknown-spec",
    });
    expect(
      await refused(
        mcis.createDynamic({
          namespace: "ns1",
          name: "d2",
          subGroups: [{ name: "g", connection: "seoul", spec: "arm", image: "windows", size: 1 }],
        }),
        "Conflict",
      ),
    ).toMatchObject({ field: "subGroups[0].image", rule: "architecture" });
  });

  it("dry run validates everything and reports what would be made, making nothing", async () => {
    const { mcis, world, store } = await mcisFixture();
    const plan = await mcis.create({
      namespace: "ns1",
      name: "web",
      dryRun: true,
      subGroups: [group("g1", "seoul", 2), group("g2", "virginia", 1)],
    });
    expect(plan.vms.map((v) => `${v.connection}/${v.id}`)).toEqual(["seoul/g1-1", "seoul/g1-2", "virginia/g2-1"]);
    expect(plan.networks).toEqual([
      expect.objectContaining({
        connection: "seoul",
        vpcName: "mcis-ns1-shared",
        vpcCidr: "10.0.0.0/16",
        subnetCidr: "10.0.0.0/20",
        toCreate: ["vpc", "subnet", "securityGroup", "keyPair"],
      }),
      expect.objectContaining({ connection: "virginia", toCreate: ["vpc", "subnet", "securityGroup", "keyPair"] }),
    ]);
    // What MOCK reports: 100 VMs and 400 vCPUs per account and region, none used yet.
    expect(plan.quotas).toEqual([
      { connection: "seoul", vms: { requested: 2, available: 100 }, vcpus: { requested: 4, available: 400 } },
      { connection: "virginia", vms: { requested: 1, available: 100 }, vcpus: { requested: 2, available: 400 } },
    ]);
    expect(liveWorldVms(world)).toEqual([]);
    expect(world.accountRegion({ provider: "MOCK", account, region: "mock-seoul" }).vpcs.list().items).toEqual([]);
    expect(await store.list("mcis/")).toEqual([]);
    await expect(mcis.get({ namespace: "ns1", name: "web" })).rejects.toMatchObject({ code: "NotFound" });
    // After a real create, a dry run of more sees what exists.
    await mcis.create({ namespace: "ns1", name: "web", subGroups: [group("g1", "seoul", 1)] });
    const again = await mcis.plan({ namespace: "ns1", name: "web2", subGroups: [group("g1", "seoul", 1)] });
    expect(again.networks[0]?.toCreate).toEqual([]);
  });

  it("refuses bad requests with InvalidArgument naming the field before touching any cloud, unknown references with NotFound", async () => {
    const { mcis, world } = await mcisFixture();
    const base = { namespace: "ns1", name: "web", subGroups: [group("g1", "seoul", 1)] };
    const cases: [unknown, string, string][] = [
      [{ ...base, namespace: "NS" }, "namespace", "id-characters"],
      [{ ...base, name: "x".repeat(25) }, "name", "id-length"],
      [{ ...base, subGroups: [] }, "subGroups", "non-empty"],
      [{ ...base, subGroups: [group("G1", "seoul", 1)] }, "subGroups[0].name", "id-characters"],
      [{ ...base, subGroups: [group("g1", "seoul", 0)] }, "subGroups[0].size", "size"],
      [{ ...base, subGroups: [group("g1", "seoul", 10_000)] }, "subGroups[0].size", "size"],
      [{ ...base, subGroups: [group("g1", "seoul", 1), group("g1", "virginia", 1)] }, "subGroups[1].name", "unique"],
      [{ ...base, subGroups: [group("g1", "nowhere" as "seoul", 1)] }, "subGroups[0].connection", "unknown-connection"],
      [{ ...base, subGroups: [group("g1", "seoul", 1, { subnetName: "s" })] }, "subGroups[0].vpcName", "required"],
      [
        { ...base, subGroups: [group("g1", "seoul", 1, { vpcName: "v", subnetName: "s" })] },
        "subGroups[0].securityGroupNames",
        "required",
      ],
      [{ ...base, policy: "yolo" }, "policy", "enum"],
      [{ ...base, labels: { a: 1 } }, "labels.a", "label-value"],
      [{ ...base, polciy: "rollback" }, "polciy", "unknown-field"],
      [{ ...base, subGroups: [{ ...group("g1", "seoul", 1), spec: "x" }] }, "subGroups[0].spec", "unknown-field"],
    ];
    for (const [request, field, rule] of cases) {
      expect(await invalid(mcis.create(request as typeof base)), JSON.stringify(request)).toMatchObject({
        field,
        rule,
      });
    }
    // What the catalog or the cloud must be read to know is a NotFound (or Conflict) naming the field.
    const unknown: [unknown, string, string, "NotFound" | "Conflict"][] = [
      [
        { ...base, subGroups: [group("g1", "seoul", 1, { specName: "mock-gpu-a100x8" })] },
        "subGroups[0].specName",
        "unknown-spec",
        "NotFound",
      ],
      [
        { ...base, subGroups: [group("g1", "seoul", 1, { image: "ami-nope" })] },
        "subGroups[0].image",
        "unknown-image",
        "NotFound",
      ],
      [
        { ...base, subGroups: [group("g1", "seoul", 1, { specName: "mock-arm-small" })] },
        "subGroups[0].image",
        "architecture",
        "Conflict",
      ],
      [
        { ...base, subGroups: [group("g1", "seoul", 1, { vpcName: "v", subnetName: "s", securityGroupNames: ["x"] })] },
        "subGroups[0].vpcName",
        "unknown-vpc",
        "NotFound",
      ],
      [
        { ...base, subGroups: [group("g1", "seoul", 1, { keyPairName: "nokey" })] },
        "subGroups[0].keyPairName",
        "unknown-key-pair",
        "NotFound",
      ],
    ];
    for (const [request, field, rule, code] of unknown) {
      expect(await refused(mcis.create(request as typeof base), code), JSON.stringify(request)).toMatchObject({
        field,
        rule,
      });
    }
    expect(liveWorldVms(world)).toEqual([]);
  });

  it("refuses a second MCIS of the same name, and requests that the reported quotas cannot hold", async () => {
    const { mcis, world } = await mcisFixture();
    world.quotas.set({ provider: "MOCK", account, region: "mock-seoul" }, { vms: 3 });
    await mcis.create({ namespace: "ns1", name: "web", subGroups: [group("g1", "seoul", 2)] });
    await expect(
      mcis.create({ namespace: "ns1", name: "web", subGroups: [group("g1", "virginia", 1)] }),
    ).rejects.toMatchObject({ code: "AlreadyExists" });
    const plan = await mcis.plan({ namespace: "ns1", name: "more", subGroups: [group("g1", "seoul", 1)] });
    expect(plan.quotas[0]?.vms).toEqual({ requested: 1, available: 1 });
    await expect(
      mcis.create({ namespace: "ns1", name: "more", subGroups: [group("g1", "seoul", 2)] }),
    ).rejects.toMatchObject({
      code: "QuotaExceeded",
      resourceName: "vms",
      message:
        'connection "seoul" has room for 1 more VMs, the request needs 2: quota MOCK mock-seoul via seoul (reported) has 396 vCPU, 1 VM left',
    });
    expect(worldVms(world, "seoul")).toHaveLength(2);
  });

  it("checks sub-groups in connections of one account and region against the quota they share", async () => {
    const { mcis, world, barista } = await mcisFixture();
    await barista.regions.add({ name: "seoul-b", provider: "MOCK", region: "mock-seoul", zone: "mock-seoul-b" });
    await barista.connections.add({ name: "seoul-b", driver: "mock", credential: "cred", region: "seoul-b" });
    world.quotas.set({ provider: "MOCK", account, region: "mock-seoul" }, { vcpus: 6 });
    const seoulB = "seoul-b" as "seoul";
    const plan = await mcis.plan({
      namespace: "ns1",
      name: "web",
      subGroups: [group("g1", "seoul", 2), group("g2", seoulB, 1)],
    });
    expect(plan.quotas.map((q) => [q.connection, q.vcpus])).toEqual([
      ["seoul", { requested: 4, available: 6 }],
      ["seoul-b", { requested: 2, available: 2 }],
    ]);
    await expect(
      mcis.plan({ namespace: "ns1", name: "web", subGroups: [group("g1", "seoul", 2), group("g2", seoulB, 2)] }),
    ).rejects.toMatchObject({
      code: "QuotaExceeded",
      message:
        'connection "seoul-b" has room for 2 more vCPUs, the request needs 4: quota MOCK mock-seoul via seoul, seoul-b (reported) has 2 vCPU, 98 VM left',
    });
  });

  it("lets the application's quotas take precedence over reported ones, figure by figure", async () => {
    let remainingVms = 10;
    const { mcis, world } = await mcisFixture({
      service: {
        quotas: () =>
          Promise.resolve([
            { connection: "seoul", remainingVms },
            { provider: "MOCK", region: "mock-virginia", remainingVcpus: 2 },
          ]),
      },
    });
    world.quotas.set({ provider: "MOCK", account, region: "mock-seoul" }, { vms: 1, vcpus: 6 });
    // seoul: the application's 10 VMs replace the reported 1; the reported 6 vCPUs still hold.
    const plan = await mcis.plan({
      namespace: "ns1",
      name: "web",
      subGroups: [group("g1", "seoul", 2), group("g2", "virginia", 1)],
    });
    expect(plan.quotas).toEqual([
      { connection: "seoul", vms: { requested: 2, available: 10 }, vcpus: { requested: 4, available: 6 } },
      { connection: "virginia", vms: { requested: 1, available: 100 }, vcpus: { requested: 2, available: 2 } },
    ]);
    await expect(
      mcis.plan({ namespace: "ns1", name: "web", subGroups: [group("g1", "seoul", 4)] }),
    ).rejects.toMatchObject({ code: "QuotaExceeded", resourceName: "vcpus" });
    // The source is asked before every check.
    remainingVms = 1;
    await expect(
      mcis.plan({ namespace: "ns1", name: "web", subGroups: [group("g1", "seoul", 2)] }),
    ).rejects.toMatchObject({
      code: "QuotaExceeded",
      message: 'connection "seoul" has room for 1 more VMs, the request needs 2: quota via seoul has 1 VM left',
    });
    expect(liveWorldVms(world)).toEqual([]);
  });

  it("checks no reported quotas when told not to, and names a bad application entry", async () => {
    const { mcis, world } = await mcisFixture({ service: { reportedQuotas: false } });
    world.quotas.set({ provider: "MOCK", account, region: "mock-seoul" }, { vms: 0 });
    const plan = await mcis.plan({ namespace: "ns1", name: "web", subGroups: [group("g1", "seoul", 1)] });
    expect(plan.quotas).toEqual([{ connection: "seoul", vms: { requested: 1 }, vcpus: { requested: 2 } }]);
    const bad = await mcisFixture({
      service: { quotas: () => Promise.resolve([{ connection: "seoul", remainingVms: -1 }]) },
    });
    await expect(
      bad.mcis.plan({ namespace: "ns1", name: "web", subGroups: [group("g1", "seoul", 1)] }),
    ).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "quotas[0].remainingVms",
      rule: "non-negative",
    });
  });

  it("offers progress as an async iterable for a CLI", async () => {
    const { mcis } = await mcisFixture();
    const op = trackProgress((onProgress) =>
      mcis.create({ namespace: "ns1", name: "web", subGroups: [group("g1", "seoul", 2)] }, { onProgress }),
    );
    const seen: string[] = [];
    for await (const e of op.events) seen.push(`${e.vmId}:${e.type}:${e.done}/${e.total}`);
    expect(seen.filter((s) => s.includes(":running:"))).toHaveLength(2);
    expect(seen.at(-1)).toMatch(/:running:2\/2$/);
    expect((await op.result).status).toBe("Running:2 (R:2/2)");
    const failing = trackProgress((onProgress) =>
      mcis.create({ namespace: "ns1", name: "web", subGroups: [group("g1", "seoul", 1)] }, { onProgress }),
    );
    await expect(
      (async () => {
        for await (const _ of failing.events) void _;
      })(),
    ).rejects.toMatchObject({ code: "AlreadyExists" });
  });
});
