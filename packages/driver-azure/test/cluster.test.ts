import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { collect, isBaristaError, noopLogger } from "@cloud-barista/core";
import type { ClusterHandler, ClusterInfo, DriverClusterRequest, IID } from "@cloud-barista/core/driver";
import { closedAfterEach, rejectionOf, testCallContext } from "@cloud-barista/core/testing";
import { withNetwork } from "@cloud-barista/emulator/testing";
import { describe, expect, it } from "vitest";
import { Agent } from "node:https";
import { createAzureDriver } from "../src/index.js";
import { azureFixture, region, zone } from "./setup.js";
import type { AzureFixture } from "./setup.js";

// AKS through @azure/arm-containerservice over HTTPS to the Azure front: a cluster made, reached
// with kubectl and the clusterUser kubeconfig AKS hands out, scaled, upgraded and deleted, nothing
// left behind.

const run = promisify(execFile);
const open = closedAfterEach(azureFixture);

interface Setup {
  f: AzureFixture;
  handler: ClusterHandler;
  ctx: ReturnType<typeof testCallContext>;
  request: DriverClusterRequest;
}

/** The cluster handler of a direct connection to the front, and a request on `withNetwork`'s network. */
async function setup(): Promise<Setup> {
  const f = await open();
  await withNetwork(f, [zone]);
  const vpc = await f.conn.vpc.get("net");
  const sg = await f.conn.securityGroup.get("sg");
  const key = await f.conn.keyPair.get("key");
  const driver = createAzureDriver({ transport: { httpsAgent: new Agent({ ca: f.front.caCertificate }) } });
  const connection = await driver.connect({
    connectionName: f.connectionName,
    credential: f.front.credential,
    region,
    zone,
    endpoint: f.front.connectionEndpoint,
    clock: f.clock,
    logger: noopLogger,
  });
  const handler = connection.cluster;
  if (!handler) throw new Error("driver-azure declares no cluster handler");
  const ctx = testCallContext({ clock: f.clock, apis: driver.apis, provider: "AZURE" });
  const subnet = vpc.subnets[0]?.iid;
  if (!subnet) throw new Error("no subnet");
  const versions = await collect(handler.versions(ctx.ctx));
  return {
    f,
    handler,
    ctx,
    request: {
      name: "kube",
      version: versions[0]?.version ?? "",
      vpcIID: vpc.iid,
      subnetIIDs: [subnet],
      securityGroupIIDs: [sg.iid],
      nodeGroups: [
        {
          name: "pool",
          specName: "Standard_D2s_v5",
          keyPairIID: key.iid,
          onAutoScaling: false,
          desiredNodeSize: 2,
          minNodeSize: 2,
          maxNodeSize: 2,
        },
      ],
      idempotencyToken: "token-1",
    },
  };
}

/** Gets the cluster until `done` holds, the world's clock moving between reads. */
async function until(s: Setup, iid: IID, done: (c: ClusterInfo) => boolean): Promise<ClusterInfo> {
  for (let i = 0; i < 40; i++) {
    const info = await s.handler.get(iid, s.ctx.ctx);
    if (done(info)) return info;
    await s.f.clock.sleep(60_000);
  }
  throw new Error(`cluster ${iid.nameId} did not get there`);
}

/** kubectl with the kubeconfig: its parsed JSON output. */
async function kubectl(kubeconfig: string, ...args: string[]): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), "aks-"));
  try {
    const file = join(dir, "kubeconfig");
    await writeFile(file, kubeconfig, { mode: 0o600 });
    const { stdout } = await run("kubectl", ["--kubeconfig", file, ...args, "-o", "json"], { timeout: 20_000 });
    return JSON.parse(stdout) as Record<string, unknown>;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface KubeNode {
  metadata: { name: string };
  status: { conditions: { type: string; status: string }[] };
}

/** The names of the Ready nodes, the world's clock moving until there are `count`. */
async function readyNodes(s: Setup, kubeconfig: string, count: number): Promise<string[]> {
  let names: string[] = [];
  for (let i = 0; i < 60; i++) {
    const list = (await kubectl(kubeconfig, "get", "nodes")) as { items: KubeNode[] };
    names = list.items
      .filter((n) => n.status.conditions.some((c) => c.type === "Ready" && c.status === "True"))
      .map((n) => n.metadata.name);
    if (names.length === count) return names;
    await s.f.clock.sleep(10_000);
  }
  return names;
}

describe("driver-azure clusters (AKS) over the Azure front", () => {
  it("creates a cluster kubectl reaches, scales and upgrades it, and deletes it leaving nothing", async () => {
    const s = await setup();
    const versions = await collect(s.handler.versions(s.ctx.ctx));
    expect(versions.length).toBeGreaterThan(1);
    const made = await s.handler.create(s.request, s.ctx.ctx);
    expect(made.status).toBe("Creating");
    expect(made.accessInfo.kubeconfig).toBe("");
    const active = await until(s, made.iid, (c) => c.status === "Active");
    expect(active.nodeGroups).toMatchObject([
      { iid: { nameId: "pool" }, specName: "Standard_D2s_v5", desiredNodeSize: 2, status: "Active" },
    ]);
    expect(active.network.securityGroupIIDs.map((g) => g.systemId)).toEqual(
      s.request.securityGroupIIDs.map((g) => g.systemId),
    );
    // AKS's own clusterUser kubeconfig (local accounts): no kubelogin exec plugin.
    expect(active.accessInfo.kubeconfig).toContain("clusterUser_");
    expect(active.accessInfo.kubeconfig).not.toContain("exec:");
    expect(active.accessInfo.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const version = await kubectl(active.accessInfo.kubeconfig, "version");
    expect(version).toHaveProperty("serverVersion");
    expect(active.nodeGroups[0]?.nodes).toHaveLength(2);
    expect(active.nodeGroups[0]?.keyPairIID?.systemId).toBe(s.request.nodeGroups[0]?.keyPairIID.systemId);
    expect(await readyNodes(s, active.accessInfo.kubeconfig, 2)).toHaveLength(2);

    const pool = active.nodeGroups[0]?.iid ?? { nameId: "", systemId: "" };
    const scaled = await s.handler.changeNodeGroupScaling(made.iid, pool, { desired: 3, min: 3, max: 3 }, s.ctx.ctx);
    expect(scaled.desiredNodeSize).toBe(3);
    expect(scaled.nodes).toHaveLength(3);
    expect(await readyNodes(s, active.accessInfo.kubeconfig, 3)).toHaveLength(3);

    await s.handler.setNodeGroupAutoScaling(made.iid, pool, true, s.ctx.ctx);
    expect((await s.handler.get(made.iid, s.ctx.ctx)).nodeGroups[0]).toMatchObject({ onAutoScaling: true });

    // Upgrades go one minor version at a time: the created cluster runs the oldest.
    const newer = versions[1]?.version ?? "";
    const upgraded = await s.handler.upgrade(made.iid, newer, s.ctx.ctx);
    expect(upgraded.version).toBe(newer);

    await s.handler.delete(made.iid, s.ctx.ctx);
    const gone = await rejectionOf(until(s, made.iid, () => false));
    expect(isBaristaError(gone, "NotFound")).toBe(true);
    expect(s.f.cloud().clusters.list().items).toEqual([]);
    const live = s.f.cloud().vms.list({ where: (v) => v.state !== "terminated" }).items;
    expect(live).toEqual([]);
  });

  it("refuses bad node groups before any call", async () => {
    const s = await setup();
    s.ctx.take();
    const group = s.request.nodeGroups[0];
    if (!group) throw new Error("no group");
    const bad = [
      { ...s.request, nodeGroups: [] },
      { ...s.request, nodeGroups: [{ ...group, rootDiskType: "Premium_LRS" }] },
      {
        ...s.request,
        nodeGroups: [
          { ...group, name: "9-too-long-for-aks" },
          { ...group, name: "9-too-long-for-aks-2" },
        ],
      },
      { ...s.request, subnetIIDs: [] },
      { ...s.request, nodeGroups: [{ ...group, desiredNodeSize: 0 }] },
      { ...s.request, nodeGroups: [{ ...group, imageIID: { nameId: "debian", systemId: "debian" } }] },
    ];
    for (const request of bad) {
      const error = await rejectionOf(s.handler.create(request, s.ctx.ctx));
      expect(isBaristaError(error, "InvalidArgument")).toBe(true);
    }
    expect(s.ctx.take()).toEqual([]);
  });

  it("answers a version the location does not offer with AKS's refusal", async () => {
    const s = await setup();
    const error = await rejectionOf(s.handler.create({ ...s.request, version: "1.2.3" }, s.ctx.ctx));
    expect(error).toMatchObject({ code: "InvalidArgument", statusCode: 400 });
    expect(s.f.cloud().clusters.list().items).toEqual([]);
  });
});
