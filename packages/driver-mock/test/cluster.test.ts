import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, collect, createCloudBarista, isBaristaError } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import { startMockFront } from "@cloud-barista/emulator/mock";
import { createMockDriver } from "../src/index.js";
import type { ClusterRequest } from "@cloud-barista/core";
import { afterAll, describe, expect, it } from "vitest";
import { network, runtimeFixture } from "./runtime-setup.js";

// connection.cluster on driver-mock: what the conformance suite does not cover (a create that
// fails in the cloud, destroyAll's order, register) and the kubeconfig read by a real kubectl.

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "cb-mock-kube-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function kubectl(config: string, ...args: string[]): Promise<unknown> {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, config, { mode: 0o600 });
  const { stdout } = await run(
    process.env["CB_KUBECTL"] ?? "kubectl",
    ["--kubeconfig", file, "--cache-dir", join(dir, "cache"), ...args],
    { env: { PATH: process.env["PATH"] ?? "", HOME: dir }, timeout: 20_000 },
  );
  return JSON.parse(stdout);
}

async function setup() {
  const f = await runtimeFixture();
  const net = await network(f.conn);
  const request: ClusterRequest = {
    name: "k8s",
    version: "1.30",
    vpcName: net.vpcName,
    subnetNames: [net.subnetName],
    securityGroupNames: net.securityGroupNames,
    nodeGroups: [
      {
        name: "workers",
        specName: net.specName,
        keyPairName: net.keyPairName,
        onAutoScaling: false,
        desiredNodeSize: 2,
        minNodeSize: 1,
        maxNodeSize: 3,
      },
    ],
  };
  return { ...f, net, request };
}

const liveVms = (f: Awaited<ReturnType<typeof setup>>) =>
  f.world
    .accountRegion({ provider: "MOCK", account: "tenant-a", region: f.conn.region })
    .vms.list()
    .items.filter((vm) => vm.state !== "terminated" && vm.state !== "shutting-down");

interface Nodes {
  items: { status: { conditions: { type: string; status: string }[] } }[];
}
const readyCount = (nodes: Nodes) =>
  nodes.items.filter((n) => n.status.conditions.some((c) => c.type === "Ready" && c.status === "True")).length;

describe("connection.cluster on driver-mock", () => {
  it("hands out a kubeconfig kubectl reads: Ready nodes that follow scaling", async () => {
    const f = await setup();
    const cluster = await f.conn.cluster.create(f.request);
    expect(readyCount((await kubectl(cluster.accessInfo.kubeconfig, "get", "nodes", "-o", "json")) as Nodes)).toBe(2);
    // Listings carry the access `get` gives, as every cloud driver's do.
    const listed = await collect(f.conn.cluster.list());
    expect(listed.map((c) => c.accessInfo)).toEqual([cluster.accessInfo]);
    expect(cluster.accessInfo.endpoint).toMatch(/^https:\/\//);
    await f.conn.cluster.changeNodeGroupScaling("k8s", "workers", { desired: 3, min: 1, max: 3 });
    const after = await f.conn.cluster.get("k8s");
    expect(readyCount((await kubectl(after.accessInfo.kubeconfig, "get", "nodes", "-o", "json")) as Nodes)).toBe(3);
    const version = (await kubectl(after.accessInfo.kubeconfig, "version", "-o", "json")) as {
      serverVersion: { gitVersion: string };
    };
    expect(version.serverVersion.gitVersion).toBe("v1.30.0");
    await f.conn.cluster.delete("k8s");
    expect(liveVms(f)).toEqual([]);
  });

  it("deletes a cluster that fails in the cloud, leaving no node group behind", async () => {
    const f = await setup();
    f.world.faults.add({ provider: "MOCK", api: "CreateCluster", kind: "internal", phase: "background", times: 1 });
    const error = await f.conn.cluster.create(f.request).catch((e: unknown) => e);
    expect(isBaristaError(error, "ProviderError"), String(error)).toBe(true);
    const cloud = f.world.accountRegion({ provider: "MOCK", account: "tenant-a", region: f.conn.region });
    expect(cloud.clusters.list().items).toEqual([]);
    expect(liveVms(f)).toEqual([]);
    await expect(f.conn.cluster.get("k8s")).rejects.toMatchObject({ code: "NotFound" });
  });

  it("is deleted by destroyAll before the network it uses", async () => {
    const f = await setup();
    await f.conn.cluster.create(f.request, { wait: false });
    const report = await f.conn.destroyAll();
    expect(report.byType.flatMap((t) => t.remaining)).toEqual([]);
    expect(report.byType[0]).toMatchObject({ resourceType: "cluster", deleted: ["k8s"] });
    expect(liveVms(f)).toEqual([]);
  });

  it("holds the network while a cluster uses it, and registers an existing cluster", async () => {
    const f = await setup();
    const made = await f.conn.cluster.create({ ...f.request, nodeGroups: [] });
    await expect(f.conn.securityGroup.delete(f.net.securityGroupNames[0] ?? "")).rejects.toSatisfy(
      (e: unknown) => isBaristaError(e) && ["Conflict", "DependencyViolation", "ResourceInUse"].includes(e.code),
    );
    await f.conn.cluster.unregister("k8s");
    await expect(f.conn.cluster.get("k8s")).rejects.toMatchObject({ code: "NotFound" });
    const adopted = await f.conn.cluster.register({ name: "again", systemId: made.iid.systemId });
    expect(adopted.iid).toEqual({ nameId: "again", systemId: made.iid.systemId });
    await f.conn.cluster.delete("again");
  });

  it("works in remote mode, through the mock front", async () => {
    const clock = new VirtualClock();
    const world = new World({ clock, timing: { jitterRatio: 0 } });
    const front = await startMockFront({ world });
    const barista = createCloudBarista({ store: new MemoryStore({ clock }), clock, encryptionKey: randomBytes(32) });
    try {
      barista.drivers.register(createMockDriver({ endpoint: front.url }));
      await barista.credentials.add({ name: "cred", provider: "MOCK", values: { mockName: "remote" } });
      await barista.regions.add({ name: "seoul", provider: "MOCK", region: "mock-seoul", zone: "mock-seoul-a" });
      await barista.connections.add({ name: "seoul", driver: "mock", credential: "cred", region: "seoul" });
      const conn = await barista.connection("seoul");
      const net = await network(conn);
      const cluster = await conn.cluster.create({
        name: "remote-k8s",
        version: "1.31",
        vpcName: net.vpcName,
        subnetNames: [net.subnetName],
        securityGroupNames: net.securityGroupNames,
        nodeGroups: [
          {
            name: "workers",
            specName: net.specName,
            keyPairName: net.keyPairName,
            onAutoScaling: false,
            desiredNodeSize: 1,
            minNodeSize: 1,
            maxNodeSize: 2,
          },
        ],
      });
      expect(readyCount((await kubectl(cluster.accessInfo.kubeconfig, "get", "nodes", "-o", "json")) as Nodes)).toBe(1);
      expect((await collect(conn.cluster.list())).map((c) => c.accessInfo)).toEqual([cluster.accessInfo]);
      const report = await conn.destroyAll();
      expect(report.allDestroyed).toBe(true);
    } finally {
      await barista.close();
      await front.close();
      await world.kube.close();
    }
  });
});
