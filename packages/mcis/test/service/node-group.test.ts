import { MemoryStore, collect, createCloudBarista, isBaristaError } from "@cloud-barista/core";
import type { BaristaError, Connection } from "@cloud-barista/core";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { describe, expect, it } from "vitest";
import { createMcisService } from "../../src/index.js";
import type { SubGroupRequest } from "../../src/index.js";
import { account, encryptionKey, group, liveWorldVms, mcisFixture, regions } from "../support.js";

// A sub-group that is a node group of a cluster in its connection (driver-mock over the world):
// made, scaled and removed through connection.cluster; the cluster itself is never touched.

const ref = { namespace: "ns", name: "web" };

/** A fixture with an Active cluster "k8s" (no node groups) in seoul, on a network of its own. */
async function clusterFixture(options: Parameters<typeof mcisFixture>[0] = {}) {
  const f = await mcisFixture(options);
  const conn = await f.barista.connection("seoul");
  await conn.vpc.create({
    name: "k8s-net",
    ipv4Cidr: "10.9.0.0/16",
    subnets: [{ name: "a", ipv4Cidr: "10.9.1.0/24" }],
  });
  await conn.securityGroup.create({ name: "k8s-sg", vpcName: "k8s-net", rules: [] });
  await conn.keyPair.create({ name: "k8s-key" });
  const versions = await collect(conn.cluster.versions());
  const version = (versions.find((v) => v.default) ?? versions[0])?.version ?? "";
  const request = { vpcName: "k8s-net", subnetNames: ["a"], securityGroupNames: ["k8s-sg"], version };
  await conn.cluster.create({ name: "k8s", ...request });
  return { ...f, conn, request };
}

function workers(size: number, extra: Partial<SubGroupRequest> = {}): SubGroupRequest {
  return {
    name: "workers",
    connection: "seoul",
    specName: "mock-small",
    size,
    keyPairName: "k8s-key",
    nodeGroup: { cluster: "k8s" },
    ...extra,
  };
}

async function nodeGroups(conn: Connection) {
  return (await conn.cluster.get("k8s")).nodeGroups;
}

async function rejection(run: Promise<unknown>): Promise<BaristaError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isBaristaError(error)) throw new Error(`expected a BaristaError, got ${String(error)}`);
  return error;
}

// A loaded CI host (many suites on few cores) can take seconds per cluster operation.
describe("MCIS sub-groups that are cluster node groups (driver-mock)", { timeout: 30_000 }, () => {
  it("creates the node group next to VMs, lists its nodes as VMs, scales it, refuses node actions, and deletes only the group", async () => {
    const f = await clusterFixture();
    const info = await f.mcis.create({ ...ref, subGroups: [group("vm", "seoul", 1), workers(2)] });
    expect(info.status).toBe("Running:3 (R:3/3)");
    const [group0] = await nodeGroups(f.conn);
    expect(group0).toMatchObject({ desiredNodeSize: 2, minNodeSize: 1, maxNodeSize: 2, status: "Active" });
    const nodes = info.vms.filter((vm) => vm.subGroup === "workers");
    expect(nodes.map((vm) => vm.id)).toEqual(["workers-1", "workers-2"]);
    expect(nodes.map((vm) => vm.systemId).sort()).toEqual(group0?.nodes.map((n) => n.systemId).sort());
    expect(nodes.every((vm) => vm.cluster === "k8s" && vm.coreName !== "")).toBe(true);
    expect(info.subGroups.find((g) => g.name === "workers")).toMatchObject({
      vpcName: "k8s-net",
      subnetName: "a",
      securityGroupNames: ["k8s-sg"],
      nodeGroup: { cluster: "k8s", minNodeSize: 1 },
    });
    // The nodes run in the world as ordinary VMs: 2 nodes and the VM.
    expect(liveWorldVms(f.world)).toHaveLength(3);
    // Their addresses come from the cloud's VM API (core reads the nodes without tracking them).
    const access = await f.mcis.accessInfo(ref);
    const nodeAccess = access.subGroups.find((g) => g.name === "workers")?.vms ?? [];
    const worldIps = new Map(liveWorldVms(f.world).map((vm) => [vm.id, vm.privateIp]));
    expect(nodeAccess.map((vm) => vm.privateIp)).toEqual(nodes.map((vm) => worldIps.get(vm.systemId ?? "")));
    expect(nodeAccess.every((vm) => vm.privateIp !== undefined && vm.keyPair.name === "k8s-key")).toBe(true);

    // No max in the request: scale-out raises the group's maximum with its desired size.
    const grown = await f.mcis.scaleOut({ ...ref, subGroup: "workers" }, 1);
    expect(grown.newVmIds).toEqual(["workers-3"]);
    expect(grown.vms.find((vm) => vm.id === "workers-3")).toMatchObject({ status: "Running", cluster: "k8s" });
    expect((await nodeGroups(f.conn))[0]).toMatchObject({ desiredNodeSize: 3, maxNodeSize: 3 });
    expect((await f.mcis.status(ref)).status).toBe("Running:4 (R:4/4)");

    // Node actions are refused before any call; the VM sub-group alone may be suspended.
    for (const run of [
      f.mcis.suspend(ref),
      f.mcis.reboot({ ...ref, subGroup: "workers" }),
      f.mcis.terminate({ ...ref, vm: "workers-1" }),
      f.mcis.delete({ ...ref, vm: "workers-2" }, { terminate: true }),
    ]) {
      const error = await rejection(run);
      expect(error.code).toBe("NotSupported");
      expect(error.rule).toBe("managed-node");
    }
    expect(liveWorldVms(f.world).filter((vm) => vm.state === "running")).toHaveLength(4);
    await f.mcis.suspend({ ...ref, subGroup: "vm" });

    await f.mcis.delete(ref, { terminate: true });
    const cluster = await f.conn.cluster.get("k8s");
    expect(cluster.status).toBe("Active");
    expect(cluster.nodeGroups).toEqual([]);
    expect(liveWorldVms(f.world)).toEqual([]);
  });

  it("follows the node group: nodes the cloud no longer lists read Undefined and refine drops them without a call", async () => {
    const f = await clusterFixture();
    await f.mcis.create({ ...ref, subGroups: [workers(2)] });
    // Scaled in behind the MCIS's back (the cloud, or a user of the cluster).
    await f.conn.cluster.changeNodeGroupScaling("k8s", "workers", { desired: 1, min: 1, max: 2 });
    const status = await f.mcis.status(ref);
    expect(status.vms.map((vm) => vm.status).sort()).toEqual(["Running", "Undefined"]);
    const refined = await f.mcis.refine(ref);
    expect(refined.vms).toHaveLength(1);
    expect((await nodeGroups(f.conn))[0]).toMatchObject({ desiredNodeSize: 1 });
  });

  it("gives a node group without a key pair the namespace's default one, and makes no default network", async () => {
    const f = await clusterFixture();
    const { keyPairName: _none, ...request } = workers(1);
    const info = await f.mcis.create({ ...ref, subGroups: [request] });
    const keyPair = info.subGroups[0]?.keyPairName ?? "";
    expect(info.subGroups[0]).toMatchObject({ defaultKeyPair: true, defaultNetwork: false, vpcName: "k8s-net" });
    expect((await nodeGroups(f.conn))[0]?.keyPairIID?.nameId).toBe(keyPair);
    expect((await collect(f.conn.vpc.list())).map((v) => v.iid.nameId)).toEqual(["k8s-net"]);
  });

  it("caps scale-out at the request's maxNodeSize with a typed error before any change", async () => {
    const f = await clusterFixture();
    await f.mcis.create({ ...ref, subGroups: [workers(2, { nodeGroup: { cluster: "k8s", maxNodeSize: 3 } })] });
    expect((await nodeGroups(f.conn))[0]).toMatchObject({ desiredNodeSize: 2, maxNodeSize: 3 });
    await f.mcis.scaleOut({ ...ref, subGroup: "workers" }, 1);
    const error = await rejection(f.mcis.scaleOut({ ...ref, subGroup: "workers" }, 1));
    expect(error).toMatchObject({ code: "InvalidArgument", field: "count", rule: "max-node-size" });
    expect(error.message).toContain("nodeGroup.maxNodeSize");
    expect((await nodeGroups(f.conn))[0]).toMatchObject({ desiredNodeSize: 3, maxNodeSize: 3 });
    expect((await f.mcis.get(ref)).vms).toHaveLength(3);
  });

  it("types bad input before any change: network fields, sizes, unknown or inactive clusters, names taken", async () => {
    const f = await clusterFixture();
    const cases: [SubGroupRequest, Partial<BaristaError>][] = [
      [
        workers(2, { vpcName: "k8s-net" }),
        { code: "InvalidArgument", field: "subGroups[0].vpcName", rule: "node-group-network" },
      ],
      [
        workers(2, { nodeGroup: { cluster: "k8s", maxNodeSize: 1 } }),
        { code: "InvalidArgument", field: "subGroups[0].size", rule: "range" },
      ],
      [
        workers(2, { nodeGroup: { cluster: "k8s", minNodeSize: 3 } }),
        { code: "InvalidArgument", field: "subGroups[0].nodeGroup.minNodeSize", rule: "range" },
      ],
      [
        workers(2, { nodeGroup: { cluster: "" } }),
        { code: "InvalidArgument", field: "subGroups[0].nodeGroup.cluster" },
      ],
      [workers(2, { nodeGroup: { cluster: "nope" } }), { code: "NotFound", rule: "unknown-cluster" }],
      [
        { ...workers(2), specName: "no-such-spec" },
        { code: "NotFound", rule: "unknown-spec" },
      ],
    ];
    for (const [subGroup, expected] of cases) {
      const error = await rejection(f.mcis.create({ ...ref, subGroups: [subGroup] }));
      expect(error).toMatchObject(expected);
    }
    // A cluster still being created.
    await f.conn.cluster.create({ name: "young", ...f.request }, { wait: false });
    const young = await rejection(
      f.mcis.create({ ...ref, subGroups: [workers(2, { nodeGroup: { cluster: "young" } })] }),
    );
    expect(young).toMatchObject({ code: "Conflict", rule: "cluster-not-active" });
    // A node group of that name in the cluster already (another MCIS's, or the user's).
    await f.mcis.create({ namespace: "ns", name: "first", subGroups: [workers(1)] });
    const taken = await rejection(f.mcis.create({ ...ref, subGroups: [workers(1)] }));
    expect(taken).toMatchObject({ code: "Conflict", field: "subGroups[0].name", rule: "node-group-exists" });
    expect(await f.mcis.list("ns")).toHaveLength(1);
    expect((await nodeGroups(f.conn)).map((g) => g.iid.nameId)).toEqual(["workers"]);
    expect(liveWorldVms(f.world)).toHaveLength(1);
  });

  it("refuses a connection whose driver cannot add node groups, before any call", async () => {
    const f = await clusterFixture();
    const mock = createMockDriver({ world: f.world });
    const barista = createCloudBarista({ store: new MemoryStore({ clock: f.clock }), clock: f.clock, encryptionKey });
    barista.drivers.register({
      ...mock,
      capabilities: { ...mock.capabilities, unsupportedOperations: ["cluster.nodeGroups"] },
    });
    await barista.credentials.add({ name: "cred", provider: "MOCK", values: { mockName: account } });
    await barista.regions.add({ name: "seoul", provider: "MOCK", region: regions.seoul, zone: `${regions.seoul}-a` });
    await barista.connections.add({ name: "seoul", driver: "mock", credential: "cred", region: "seoul" });
    const error = await rejection(createMcisService({ barista }).create({ ...ref, subGroups: [workers(2)] }));
    expect(error).toMatchObject({ code: "NotSupported", field: "subGroups[0].nodeGroup", rule: "cluster-node-groups" });
    expect(await barista.history.query({})).toEqual([]);
  });

  it("rolls back a node group whose add failed in the cloud, and one whose VM sub-group failed", async () => {
    const f = await clusterFixture();
    f.world.faults.add({ provider: "MOCK", api: "CreateNodegroup", kind: "internal", phase: "background", times: 1 });
    const failed = await rejection(f.mcis.create({ ...ref, policy: "rollback", subGroups: [workers(2)] }));
    expect(failed.code).toBe("ProviderError");
    expect(await f.mcis.list("ns")).toEqual([]);
    expect(await nodeGroups(f.conn)).toEqual([]);

    // The node group came up, but the VMs in virginia cannot: the rollback removes the group too.
    f.world.capacity.limit({ provider: "MOCK", region: regions.virginia, maxVms: 0 });
    const vmsFailed = await rejection(
      f.mcis.create({ ...ref, policy: "rollback", subGroups: [workers(2), group("vm", "virginia", 1)] }),
    );
    expect(vmsFailed.code).toBe("CapacityUnavailable");
    expect(vmsFailed.leftovers ?? []).toEqual([]);
    expect(await f.mcis.list("ns")).toEqual([]);
    expect(await nodeGroups(f.conn)).toEqual([]);
    expect((await f.conn.cluster.get("k8s")).status).toBe("Active");
    expect(liveWorldVms(f.world)).toEqual([]);
  });

  it("two SDK instances on one store adding the same node group: one wins, the other's rollback leaves the winner's group", async () => {
    const f = await clusterFixture();
    const other = await f.restart();
    const [a, b] = await Promise.allSettled([
      f.mcis.create({ namespace: "ns", name: "a", policy: "rollback", subGroups: [workers(1)] }),
      other.mcis.create({ namespace: "ns", name: "b", policy: "rollback", subGroups: [workers(1)] }),
    ]);
    const outcomes = [a, b].map((o) => (o.status === "fulfilled" ? "ok" : (o.reason as BaristaError).code));
    expect(outcomes.sort()).toEqual(["AlreadyExists", "ok"]);
    expect((await f.mcis.list("ns")).map((m) => m.name)).toEqual([a.status === "fulfilled" ? "a" : "b"]);
    expect(await nodeGroups(f.conn)).toMatchObject([{ status: "Active", desiredNodeSize: 1 }]);
  });

  it("reconcile finishes a create cut off while its node group was being added: rollback leaves nothing", async () => {
    const f = await clusterFixture({ world: { latency: { baseMs: 0, jitterMs: 0, perApi: { RunInstances: 1_000 } } } });
    const abort = new AbortController();
    const created = f.mcis.create(
      { ...ref, policy: "rollback", subGroups: [workers(2), group("vm", "seoul", 1)] },
      { abortSignal: abort.signal, onProgress: (e) => (e.type === "created" ? abort.abort() : undefined) },
    );
    await expect(created).rejects.toMatchObject({ code: "Aborted" });
    // The node group was asked for before the VM's slow create answered.
    expect((await nodeGroups(f.conn)).map((g) => g.iid.nameId)).toEqual(["workers"]);
    const { mcis: fresh } = await f.restart();
    const report = await fresh.reconcile();
    expect(report.mcis[0]).toMatchObject({ interrupted: "create", deleted: true });
    expect(await fresh.list("ns")).toEqual([]);
    expect(await nodeGroups(f.conn)).toEqual([]);
    expect((await f.conn.cluster.get("k8s")).status).toBe("Active");
    expect(liveWorldVms(f.world)).toEqual([]);
  });

  it("keeps a failed node group under policy continue, and delete removes it", async () => {
    const f = await clusterFixture();
    f.world.faults.add({ provider: "MOCK", api: "CreateNodegroup", kind: "internal", phase: "background", times: 1 });
    const info = await f.mcis.create({ ...ref, subGroups: [workers(1)] });
    expect(info.status).toBe("Failed:1 (R:0/1)");
    expect(info.vms[0]?.reason?.code).toBe("ProviderError");
    expect((await nodeGroups(f.conn))[0]?.status).toBe("Failed");
    await f.mcis.delete(ref);
    expect(await nodeGroups(f.conn)).toEqual([]);
  });
});
