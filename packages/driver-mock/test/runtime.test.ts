import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  collect,
  defaultOperationTimeouts,
  isBaristaError,
  lockKeys,
  openSqliteStore,
  systemClock,
} from "@cloud-barista/core";
import type { VirtualClock } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { network, runtimeFixture } from "./runtime-setup.js";

// The runtime in core, exercised through driver-mock against the emulator world: the paths where
// clouds misbehave (throttling, lost answers, eventual consistency, quotas) and where the runtime
// must keep its bookkeeping right (restarts, locks, removal rules).

const cloudOf = (f: Awaited<ReturnType<typeof runtimeFixture>>) =>
  f.world.accountRegion({ provider: "MOCK", account: "tenant-a", region: "mock-seoul" });

describe("runtime over driver-mock", () => {
  it("does not retry a non-idempotent call after a server error, and keeps the name claimed until reconciled", async () => {
    const f = await runtimeFixture();
    f.world.faults.add({ provider: "MOCK", api: "CreateVpc", kind: "internal", times: 1 });
    await expect(f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] })).rejects.toMatchObject({
      code: "ProviderError",
    });
    expect(await f.barista.history.query({ api: "CreateVpc" })).toHaveLength(1);
    // The cloud has nothing, but a create cut off like this may still be in flight for a while:
    // the name stays claimed and a second create is refused rather than risking two VPCs.
    expect(await f.conn.reconcile()).toEqual({ adopted: [], dropped: [], pending: ["vpc/net"] });
    await expect(f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] })).rejects.toMatchObject({
      code: "Conflict",
      retryable: true,
    });
    // Once nothing can be in flight any more, reconciling frees the name.
    (f.clock as VirtualClock).advance(defaultOperationTimeouts.pendingSettleMs);
    expect(await f.conn.reconcile()).toEqual({ adopted: [], dropped: ["vpc/net"], pending: [] });
    expect((await f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] })).iid.nameId).toBe("net");
  });

  it("refuses a subnet name the VPC already has as AlreadyExists, before reading the cloud", async () => {
    const f = await runtimeFixture();
    await f.conn.vpc.create({
      name: "net",
      ipv4Cidr: "10.0.0.0/16",
      subnets: [{ name: "a", ipv4Cidr: "10.0.1.0/24" }],
    });
    const calls = (await f.barista.history.query({})).length;
    // Same CIDR (which would overlap) and another CIDR: the name decides first.
    for (const ipv4Cidr of ["10.0.1.0/24", "10.0.2.0/24"]) {
      await expect(f.conn.vpc.addSubnet("net", { name: "a", ipv4Cidr })).rejects.toMatchObject({
        code: "AlreadyExists",
        resourceType: "subnet",
      });
    }
    expect(await f.barista.history.query({})).toHaveLength(calls);
    expect(cloudOf(f).subnets.list().items).toHaveLength(1);
  });

  it("adopts a resource whose create answer was lost, instead of leaking it", async () => {
    const f = await runtimeFixture();
    f.world.faults.add({ provider: "MOCK", api: "CreateVpc", kind: "internal", times: 1, phase: "after" });
    await expect(f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] })).rejects.toMatchObject({
      code: "ProviderError",
    });
    expect(cloudOf(f).vpcs.list().items).toHaveLength(1);
    await expect(f.conn.vpc.get("net")).rejects.toMatchObject({ code: "NotFound" });
    // Creating the name again settles the pending claim first: the VPC exists, so it is adopted.
    await expect(f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] })).rejects.toMatchObject({
      code: "AlreadyExists",
    });
    const vpc = await f.conn.vpc.get("net");
    expect(vpc.iid.systemId).toBe(cloudOf(f).vpcs.list().items[0]?.id);
    expect(cloudOf(f).vpcs.list().items).toHaveLength(1);
  });

  it("adopts a VPC whose create answer was lost together with its subnets, which stay usable by name", async () => {
    const f = await runtimeFixture();
    f.world.faults.add({ provider: "MOCK", api: "CreateVpc", kind: "internal", times: 1, phase: "after" });
    const subnets = [
      { name: "web", ipv4Cidr: "10.0.1.0/24" },
      { name: "db", ipv4Cidr: "10.0.2.0/24" },
    ];
    await expect(f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets })).rejects.toMatchObject({
      code: "ProviderError",
    });
    expect(await f.conn.reconcile()).toEqual({ adopted: ["vpc/net"], dropped: [], pending: [] });
    const vpc = await f.conn.vpc.get("net");
    expect(vpc.subnets.map((s) => s.iid.nameId).sort()).toEqual(["db", "web"]);
    const cloudSubnets = cloudOf(f)
      .vpcs.list()
      .items[0]?.subnets.map((s) => s.id)
      .sort();
    expect(vpc.subnets.map((s) => s.iid.systemId).sort()).toEqual(cloudSubnets);
    // Tracked, so deleting the VPC takes its subnets along and leaves nothing behind.
    await f.conn.vpc.delete("net");
    expect(cloudOf(f).vpcs.list().items).toEqual([]);
    expect(await f.conn.vpc.inventory()).toEqual({ mapped: [], onlyTracked: [], onlyInCloud: [] });
  });

  it("deletes a VPC whose subnet delete lost its answer, instead of forgetting it with a subnet left", async () => {
    const f = await runtimeFixture();
    const subnets = [
      { name: "web", ipv4Cidr: "10.0.1.0/24" },
      { name: "db", ipv4Cidr: "10.0.2.0/24" },
    ];
    await f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets });
    // The first subnet goes, its answer is lost; the retry finds it gone, which is what it wanted.
    f.world.faults.add({ provider: "MOCK", api: "DeleteSubnet", kind: "internal", times: 1, phase: "after" });
    await f.conn.vpc.delete("net");
    expect(cloudOf(f).vpcs.list().items).toEqual([]);
    expect(await f.conn.vpc.inventory()).toEqual({ mapped: [], onlyTracked: [], onlyInCloud: [] });
  });

  it("reads quotas from the cloud on every call, so they follow the account's use", async () => {
    const f = await runtimeFixture();
    const vcpus = async () => (await collect(f.conn.metadata.quotas())).find((q) => q.name === "vcpus");
    expect(await vcpus()).toMatchObject({ limit: 400, used: 0 });
    f.world.quotas.set({ provider: "MOCK", account: "tenant-a", region: "mock-seoul" }, { vcpus: 8 });
    const request = await network(f.conn);
    await f.conn.vm.create({ name: "vm", ...request });
    const size = (await f.conn.metadata.spec(request.specName)).vcpu.count;
    expect(await vcpus()).toMatchObject({ limit: 8, used: size, available: 8 - size });
    await f.barista.history.flush();
    const reads = await f.barista.history.query({ api: "DescribeAccountAttributes" });
    expect(reads.map((r) => [r.resourceType, r.connection])).toEqual([
      ["quotas", "seoul"],
      ["quotas", "seoul"],
    ]);
  });

  it("lists the statuses of only the VMs named, stopping once all were seen", async () => {
    const f = await runtimeFixture();
    const request = await network(f.conn);
    for (let i = 1; i <= 12; i++) await f.conn.vm.create({ name: `web-${i}`, ...request }, { wait: false });
    await f.barista.history.flush();
    const before = (await f.barista.history.query({ api: "DescribeInstanceStatus" })).length;
    const some = await collect(f.conn.vm.listStatus({ names: ["web-2", "web-4"] }));
    expect(some.map((s) => s.iid.nameId)).toEqual(["web-2", "web-4"]);
    await f.barista.history.flush();
    // Pages hold 5 VMs: the first page had both, so the other two pages were not asked for.
    expect((await f.barista.history.query({ api: "DescribeInstanceStatus" })).length - before).toBe(1);
    expect(await collect(f.conn.vm.listStatus())).toHaveLength(12);
    await expect(collect(f.conn.vm.listStatus({ names: ["Bad Name"] }))).rejects.toMatchObject({
      code: "InvalidArgument",
    });
  });

  it("keeps tracking a VM when waiting for it is aborted", async () => {
    // The VM never finishes booting, and the runtime would wait for it (almost) forever.
    const forever = 1e12;
    const f = await runtimeFixture({
      world: { timing: { vmBootMs: forever } },
      barista: { timeouts: { vmRunningMs: forever } },
    });
    const request = await network(f.conn);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(
      f.conn.vm.create({ name: "web-1", ...request }, { abortSignal: controller.signal }),
    ).rejects.toMatchObject({
      code: "Aborted",
    });
    expect(await collect(f.conn.vm.listStatus())).toEqual([
      { iid: expect.objectContaining({ nameId: "web-1" }), status: "Creating" },
    ]);
    await f.conn.vm.delete("web-1");
    expect(cloudOf(f).vms.list({ where: (v) => v.state !== "terminated" }).items).toEqual([]);
  });

  it("holds a VM's dependencies while it is being created", async () => {
    const f = await runtimeFixture({ clock: systemClock });
    const request = await network(f.conn);
    f.world.latency.perApi["RunInstances"] = 300;
    const creating = f.conn.vm.create({ name: "web-1", ...request }, { wait: false });
    await new Promise((r) => setTimeout(r, 100));
    expect(f.barista.lock.inspect()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: lockKeys.resource("seoul", "vm", "web-1"), exclusiveHolder: true }),
        expect.objectContaining({ key: lockKeys.resource("seoul", "vpc", "net"), sharedHolders: 1 }),
        expect.objectContaining({ key: lockKeys.resource("seoul", "subnet", "web", "net"), sharedHolders: 1 }),
        expect.objectContaining({ key: lockKeys.resource("seoul", "securityGroup", "ssh", "net"), sharedHolders: 1 }),
        expect.objectContaining({ key: lockKeys.resource("seoul", "keyPair", "key"), sharedHolders: 1 }),
      ]),
    );
    // Deleting the security group must wait for the create; the cloud then refuses it (in use).
    const deletingGroup = f.conn.securityGroup.delete("ssh");
    await new Promise((r) => setTimeout(r, 50));
    expect(f.barista.lock.inspect()).toContainEqual(
      expect.objectContaining({
        key: lockKeys.resource("seoul", "securityGroup", "ssh", "net"),
        sharedHolders: 1,
        waitingExclusive: 1,
      }),
    );
    expect((await creating).iid.nameId).toBe("web-1");
    await expect(deletingGroup).rejects.toMatchObject({ code: "Conflict" });
    expect(f.barista.lock.size).toBe(0);
    expect(f.barista.lock.inspect()).toEqual([]);
  });

  it("lets an orchestration layer hold its own key while the runtime takes resource keys", async () => {
    const f = await runtimeFixture();
    // A connection whose name sorts before the MCIS key's path: resource keys still come after it (by layer).
    await f.barista.connections.add({ name: "aaa", driver: "mock", credential: "cred", region: "seoul" });
    const aaa = await f.barista.connection("aaa");
    const vpc = await f.barista.lock.run([{ key: lockKeys.mcis("ns", "app"), mode: "exclusive" }], () =>
      aaa.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] }),
    );
    expect(vpc.iid.nameId).toBe("net");
    // Inside a resource operation, taking an orchestration key is a lock-order violation.
    await expect(
      f.barista.lock.run([{ key: lockKeys.resource("aaa", "vpc", "other"), mode: "exclusive" }], () =>
        f.barista.lock.run([{ key: lockKeys.mcis("ns", "app"), mode: "exclusive" }], async () => undefined),
      ),
    ).rejects.toMatchObject({ code: "Conflict" });
  });

  it("keeps configs, names and sealed credentials across a restart (SQLite file)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-restart-"));
    try {
      const store = await openSqliteStore({ path: join(dir, "meta.db") });
      const f = await runtimeFixture({ store });
      const request = await network(f.conn);
      const vm = await f.conn.vm.create({ name: "web-1", ...request });
      await f.barista.close();
      await store.close();

      const reopened = await openSqliteStore({ path: join(dir, "meta.db") });
      const after = await f.restart(reopened);
      expect((await after.barista.credentials.list()).map((c) => c.name)).toEqual(["cred"]);
      expect((await after.conn.vm.get("web-1")).iid).toEqual(vm.iid);
      expect((await after.conn.vpc.get("net")).subnets.map((s) => s.iid.nameId)).toEqual(["web"]);
      expect((await after.barista.history.query({ api: "RunInstances" })).length).toBe(1);
      const report = await after.conn.destroyAll();
      expect(report.allDestroyed).toBe(true);
      expect(cloudOf(f).vpcs.list().items).toEqual([]);
      await after.barista.close();
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("passes user names to the cloud unchanged when name derivation is off", async () => {
    const f = await runtimeFixture({ deriveCloudNames: false });
    await f.conn.vpc.create({ name: "plain-net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    expect(cloudOf(f).vpcs.list().items[0]?.name).toBe("plain-net");
    await expect(f.conn.vpc.create({ name: "Upper", ipv4Cidr: "10.1.0.0/16", subnets: [] })).rejects.toMatchObject({
      code: "InvalidArgument",
      rule: "cloud-name-case",
    });
    const derived = await runtimeFixture();
    await derived.conn.vpc.create({ name: "plain-net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    expect(cloudOf(derived).vpcs.list().items[0]?.name).toMatch(/^plain-net-[0-9a-v]{8}$/);
  });

  it("refuses to remove configs still in use", async () => {
    const f = await runtimeFixture();
    await f.conn.keyPair.create({ name: "key" });
    await expect(f.barista.credentials.remove("cred")).rejects.toMatchObject({ code: "Conflict" });
    await expect(f.barista.regions.remove("seoul")).rejects.toMatchObject({ code: "Conflict" });
    await expect(f.barista.connections.remove("seoul")).rejects.toMatchObject({ code: "Conflict" });
    await f.conn.destroyAll();
    await f.barista.connections.remove("seoul");
    await f.barista.credentials.remove("cred");
    await f.barista.regions.remove("seoul");
    expect(await f.barista.connections.list()).toEqual([]);
    expect(cloudOf(f).keyPairs.list().items).toEqual([]);
  });

  it("rejects bad connection configs with the field at fault", async () => {
    const f = await runtimeFixture();
    await expect(
      f.barista.connections.add({ name: "x", driver: "mock", credential: "nope", region: "seoul" }),
    ).rejects.toMatchObject({ code: "NotFound" });
    await expect(f.barista.credentials.add({ name: "bad", provider: "MOCK", values: {} })).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "values.mockName",
    });
    await f.barista.regions.add({ name: "nowhere", provider: "MOCK", region: "mock-atlantis" });
    await f.barista.connections.add({ name: "lost", driver: "mock", credential: "cred", region: "nowhere" });
    const lost = await f.barista.connection("lost");
    const error = await collect(lost.metadata.images()).catch((e: unknown) => e);
    expect(isBaristaError(error, "InvalidArgument") && error.field).toBe("region");
  });
});
