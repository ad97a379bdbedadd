import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { noopLogger } from "@cloud-barista/core";
import { BaristaError, collect, detachedContext, isBaristaError } from "@cloud-barista/core/driver";
import type { CallContext, ClusterHandler, ClusterInfo, Clock, DriverClusterRequest } from "@cloud-barista/core/driver";
import { vmBasics } from "@cloud-barista/emulator/testing";
import { createTencentDriver } from "../src/index.js";
import { region, tencentFixture, zone } from "./setup.js";
import type { TencentFixture } from "./setup.js";

// TKE through the driver's cluster handler and tencentcloud-sdk-nodejs over HTTP against the
// emulator's front, and the kubeconfig TKE returns through Debian's kubectl.

const run = promisify(execFile);
const open: { f: TencentFixture; close: () => Promise<void> }[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const { f, close } of open.splice(0)) {
    await close();
    await f.world.kube.close();
    await f.close();
  }
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A context like the runtime's for the handler alone: calls recorded by name, waits on the world's clock. */
function testContext(clock: Clock, calls: string[] = []): CallContext {
  const base = detachedContext(clock);
  return {
    ...base,
    call: (api, fn) => {
      calls.push(api);
      return fn(base.abortSignal);
    },
    waitUntil: async (spec) => {
      for (;;) {
        let value;
        try {
          value = await spec.read();
        } catch (error) {
          if (spec.whenNotFound === undefined || !isBaristaError(error, "NotFound")) throw error;
          value = spec.whenNotFound;
        }
        const state = spec.accept(value);
        if (state === "success") return value;
        if (state === "failure") throw new BaristaError("ProviderError", `${spec.description}: failed`);
        await clock.sleep(5_000);
      }
    },
  };
}

async function setUp() {
  const f = await tencentFixture();
  await f.conn.vpc.create({
    name: "net",
    ipv4Cidr: "10.0.0.0/16",
    subnets: [{ name: "nodes", ipv4Cidr: "10.0.1.0/24", zone }],
  });
  await f.conn.securityGroup.create({ name: "k8s", vpcName: "net", rules: [] });
  await f.conn.keyPair.create({ name: "key" });
  const { spec } = await vmBasics(f);
  const vpc = await f.conn.vpc.get("net");
  const sg = await f.conn.securityGroup.get("k8s");
  const key = await f.conn.keyPair.get("key");
  const connection = await createTencentDriver().connect({
    connectionName: "raw",
    credential: f.front.credential,
    endpoint: f.front.endpoint,
    region,
    zone,
    clock: f.clock,
    logger: noopLogger,
  });
  open.push({ f, close: () => connection.close() });
  const request: DriverClusterRequest = {
    name: "tke-1",
    version: "1.30.0",
    vpcIID: vpc.iid,
    subnetIIDs: vpc.subnets.map((s) => s.iid),
    securityGroupIIDs: [sg.iid],
    nodeGroups: [
      {
        name: "workers",
        specName: spec,
        keyPairIID: key.iid,
        onAutoScaling: false,
        desiredNodeSize: 2,
        minNodeSize: 1,
        maxNodeSize: 3,
      },
    ],
    idempotencyToken: "t-1",
  };
  return { f, handler: connection.cluster as ClusterHandler, request };
}

async function until(ctx: CallContext, read: () => Promise<ClusterInfo>, done: (c: ClusterInfo) => boolean) {
  return ctx.waitUntil({
    description: "cluster",
    deadline: "cluster",
    read,
    accept: (c) => (done(c) ? "success" : c.status === "Failed" ? "failure" : "retry"),
  });
}

const settled = (c: ClusterInfo) => c.status === "Active" && c.nodeGroups.every((g) => g.status === "Active");

async function kubectl(kubeconfig: string, ...args: string[]): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), "tke-kube-"));
  dirs.push(dir);
  const file = join(dir, "config");
  await writeFile(file, kubeconfig, { mode: 0o600 });
  const { stdout } = await run("kubectl", ["--kubeconfig", file, ...args, "-o", "json"]);
  return JSON.parse(stdout) as Record<string, unknown>;
}

function readyNodes(list: Record<string, unknown>): number {
  const items = list["items"] as { status?: { conditions?: { type: string; status: string }[] } }[];
  return items.filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length;
}

describe("TKE clusters", () => {
  it("creates, is reached with kubectl, scales, upgrades and deletes leaving nothing", async () => {
    const { f, handler, request } = await setUp();
    const ctx = testContext(f.clock);
    const versions = await collect(handler.versions(ctx));
    expect(versions).toEqual([
      { version: "1.28.3", deprecated: true },
      { version: "1.30.0" },
      { version: "1.31.1", default: true },
    ]);
    const created = await handler.create(request, ctx);
    const active = await until(ctx, () => handler.get(created.iid, ctx), settled);
    expect(active.version).toBe("1.30.0");
    expect(active.network.subnetIIDs.map((s) => s.systemId)).toEqual(request.subnetIIDs.map((s) => s.systemId));
    expect(active.network.securityGroupIIDs.map((s) => s.systemId)).toEqual([request.securityGroupIIDs[0]?.systemId]);
    const [group] = active.nodeGroups;
    expect(group).toMatchObject({
      specName: request.nodeGroups[0]?.specName,
      desiredNodeSize: 2,
      minNodeSize: 1,
      maxNodeSize: 3,
    });
    expect(group?.keyPairIID?.systemId).toBe(request.nodeGroups[0]?.keyPairIID.systemId);
    expect(group?.nodes).toHaveLength(2);
    expect(active.tags).toBeUndefined();
    const version = await kubectl(active.accessInfo.kubeconfig, "version");
    expect((version["serverVersion"] as { gitVersion: string }).gitVersion).toBe("v1.30.0");
    expect(readyNodes(await kubectl(active.accessInfo.kubeconfig, "get", "nodes"))).toBe(2);

    await handler.changeNodeGroupScaling(created.iid, group?.iid ?? created.iid, { desired: 3, min: 1, max: 4 }, ctx);
    const grown = await until(
      ctx,
      () => handler.get(created.iid, ctx),
      (c) => settled(c) && c.nodeGroups[0]?.desiredNodeSize === 3,
    );
    expect(grown.nodeGroups[0]?.maxNodeSize).toBe(4);
    expect(readyNodes(await kubectl(grown.accessInfo.kubeconfig, "get", "nodes"))).toBe(3);
    await handler.setNodeGroupAutoScaling(created.iid, group?.iid ?? created.iid, true, ctx);
    expect((await handler.get(created.iid, ctx)).nodeGroups[0]?.onAutoScaling).toBe(true);

    await handler.upgrade(created.iid, "1.31.1", ctx);
    const upgraded = await until(
      ctx,
      () => handler.get(created.iid, ctx),
      (c) => settled(c) && c.version === "1.31.1",
    );
    const after = await kubectl(upgraded.accessInfo.kubeconfig, "version");
    expect((after["serverVersion"] as { gitVersion: string }).gitVersion).toBe("v1.31.1");

    await handler.delete(created.iid, ctx);
    await ctx.waitUntil({
      description: "cluster gone",
      deadline: "cluster",
      read: () => handler.get(created.iid, ctx).then(() => "present" as const),
      accept: (state) => (state === "gone" ? "success" : "retry"),
      whenNotFound: "gone" as const,
    });
    expect(f.cloud().clusters.list().items).toEqual([]);
    expect(
      f
        .cloud()
        .vms.list()
        .items.filter((vm) => vm.state !== "terminated"),
    ).toEqual([]);
  });

  it("removes a node pool and refuses what TKE cannot make before calling it", async () => {
    const { f, handler, request } = await setUp();
    const calls: string[] = [];
    const ctx = testContext(f.clock, calls);
    await expect(handler.create({ ...request, subnetIIDs: [] }, ctx)).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "subnetNames",
    });
    expect(calls).toEqual([]);
    const created = await handler.create({ ...request, nodeGroups: [] }, ctx);
    await until(ctx, () => handler.get(created.iid, ctx), settled);
    const [first] = request.nodeGroups;
    if (!first) throw new Error("no node group");
    const added = await handler.addNodeGroup(created.iid, { ...first, desiredNodeSize: 1 }, ctx);
    expect(added).toMatchObject({ specName: first.specName, desiredNodeSize: 1 });
    await until(
      ctx,
      () => handler.get(created.iid, ctx),
      (c) => settled(c) && c.nodeGroups.length === 1,
    );
    await handler.removeNodeGroup(created.iid, added.iid, ctx);
    await until(
      ctx,
      () => handler.get(created.iid, ctx),
      (c) => settled(c) && c.nodeGroups.length === 0,
    );
    // TKE's own refusal of a version it does not offer is typed.
    await expect(handler.create({ ...request, name: "tke-2", version: "1.99.0" }, ctx)).rejects.toMatchObject({
      code: "InvalidArgument",
    });
  });
});
