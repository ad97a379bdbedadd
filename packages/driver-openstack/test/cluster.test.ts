import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { noopLogger } from "@cloud-barista/core";
import { BaristaError, collect, detachedContext, isBaristaError } from "@cloud-barista/core/driver";
import type { CallContext, ClusterHandler, ClusterInfo, Clock, DriverClusterRequest } from "@cloud-barista/core/driver";
import { createOpenStackDriver } from "../src/index.js";
import { fixturesClosedAfterEach } from "./support.js";
import type { OpenStackFixture } from "./support.js";

// Magnum through the driver's cluster handler over HTTP against the emulator's front, and the
// kubeconfig it returns through Debian's kubectl against the world's Kubernetes API.

const run = promisify(execFile);
const fixture = fixturesClosedAfterEach();
const dirs: string[] = [];
const worlds: OpenStackFixture[] = [];

afterEach(async () => {
  await Promise.all(worlds.splice(0).map((f) => f.world.kube.close()));
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
  const f = await fixture();
  worlds.push(f);
  await f.conn.vpc.create({
    name: "net",
    subnets: [
      { name: "nodes", ipv4Cidr: "10.0.1.0/24" },
      { name: "b", ipv4Cidr: "10.0.2.0/24" },
    ],
  });
  await f.conn.securityGroup.create({ name: "k8s", vpcName: "net", rules: [] });
  await f.conn.keyPair.create({ name: "key" });
  const vpc = await f.conn.vpc.get("net");
  const sg = await f.conn.securityGroup.get("k8s");
  const key = await f.conn.keyPair.get("key");
  const connection = await createOpenStackDriver().connect({
    connectionName: "raw",
    credential: f.front.credential,
    region: "kr-central-1",
    zone: "kr-central-1a",
    clock: f.clock,
    logger: noopLogger,
  });
  const handler = connection.cluster as ClusterHandler;
  const [subnet, other] = vpc.subnets;
  const request: DriverClusterRequest = {
    name: "kc",
    version: "v1.30.4",
    vpcIID: vpc.iid,
    subnetIIDs: subnet ? [subnet.iid] : [],
    securityGroupIIDs: [sg.iid],
    nodeGroups: [
      {
        name: "workers",
        specName: "m1.small",
        keyPairIID: key.iid,
        onAutoScaling: false,
        desiredNodeSize: 2,
        minNodeSize: 1,
        maxNodeSize: 3,
      },
    ],
    idempotencyToken: "t-1",
  };
  return { f, handler, request, otherSubnet: other?.iid, close: () => connection.close() };
}

/** Reads the cluster until `done` holds, on the world's (virtual) clock. */
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
  const dir = await mkdtemp(join(tmpdir(), "magnum-kube-"));
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

describe("Magnum clusters", () => {
  it("creates, is reached with kubectl, scales, upgrades and deletes leaving nothing", async () => {
    const { f, handler, request, close } = await setUp();
    const ctx = testContext(f.clock);
    try {
      const versions = await collect(handler.versions(ctx));
      expect(versions).toEqual(
        expect.arrayContaining([
          { version: "v1.29.9", deprecated: true },
          { version: "v1.30.4" },
          { version: "v1.31.1", default: true },
        ]),
      );
      const created = await handler.create(request, ctx);
      expect(created.status).toBe("Creating");
      expect(created.accessInfo.kubeconfig).toBe("");
      const active = await until(ctx, () => handler.get(created.iid, ctx), settled);
      expect(active.version).toBe("v1.30.4");
      expect(active.network.securityGroupIIDs.map((s) => s.systemId)).toEqual(
        request.securityGroupIIDs.map((s) => s.systemId),
      );
      const [group] = active.nodeGroups;
      expect(group?.desiredNodeSize).toBe(2);
      expect(active.accessInfo.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      // The kubeconfig holds a client certificate Magnum signed from the driver's CSR.
      expect(active.accessInfo.kubeconfig).toContain("client-certificate-data");
      const version = await kubectl(active.accessInfo.kubeconfig, "version");
      expect((version["serverVersion"] as { gitVersion: string }).gitVersion).toBe("v1.30.4");
      expect(readyNodes(await kubectl(active.accessInfo.kubeconfig, "get", "nodes"))).toBe(2);

      const scaled = await handler.changeNodeGroupScaling(
        created.iid,
        group?.iid ?? created.iid,
        { desired: 3, min: 1, max: 4 },
        ctx,
      );
      expect(scaled.maxNodeSize).toBe(4);
      const grown = await until(
        ctx,
        () => handler.get(created.iid, ctx),
        (c) => settled(c) && c.nodeGroups[0]?.desiredNodeSize === 3,
      );
      expect(readyNodes(await kubectl(grown.accessInfo.kubeconfig, "get", "nodes"))).toBe(3);

      await handler.upgrade(created.iid, "v1.31.1", ctx);
      const upgraded = await until(
        ctx,
        () => handler.get(created.iid, ctx),
        (c) => settled(c) && c.version === "v1.31.1",
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
    } finally {
      await close();
    }
  });

  it("adds and removes a node group of its own", async () => {
    const { f, handler, request, close } = await setUp();
    const ctx = testContext(f.clock);
    try {
      const created = await handler.create(
        { ...request, nodeGroups: request.nodeGroups.map((g) => ({ ...g, desiredNodeSize: 1 })) },
        ctx,
      );
      await until(ctx, () => handler.get(created.iid, ctx), settled);
      const [first] = request.nodeGroups;
      const added = await handler.addNodeGroup(
        created.iid,
        { ...(first ?? request.nodeGroups[0]!), name: "more", desiredNodeSize: 1 },
        ctx,
      );
      const both = await until(
        ctx,
        () => handler.get(created.iid, ctx),
        (c) => settled(c) && c.nodeGroups.length === 2,
      );
      expect(both.nodeGroups.map((g) => g.iid.nameId).sort()).toEqual(["more", "workers"]);
      expect(readyNodes(await kubectl(both.accessInfo.kubeconfig, "get", "nodes"))).toBe(2);
      await handler.removeNodeGroup(created.iid, added.iid, ctx);
      const one = await until(
        ctx,
        () => handler.get(created.iid, ctx),
        (c) => settled(c) && c.nodeGroups.length === 1,
      );
      expect(one.nodeGroups[0]?.iid.nameId).toBe("workers");
      await expect(handler.setNodeGroupAutoScaling(created.iid, added.iid, true, ctx)).rejects.toMatchObject({
        code: "NotSupported",
      });
    } finally {
      await close();
    }
  });

  it("refuses what Magnum cannot make before calling it, and makes a cluster without node groups", async () => {
    const { f, handler, request, otherSubnet, close } = await setUp();
    const calls: string[] = [];
    const ctx = testContext(f.clock, calls);
    try {
      await expect(
        handler.create({ ...request, subnetIIDs: [...request.subnetIIDs, ...(otherSubnet ? [otherSubnet] : [])] }, ctx),
      ).rejects.toMatchObject({ code: "InvalidArgument", field: "subnetNames" });
      expect(calls).toEqual([]);
      await expect(handler.create({ ...request, version: "v1.99.0" }, ctx)).rejects.toMatchObject({
        code: "InvalidArgument",
        field: "version",
      });
      expect(calls).toEqual(["keystone:IssueToken", "magnum:ListClusterTemplates"]);
      // Without node groups Magnum still makes its default-worker, empty: not one of the user's groups.
      const empty = await handler.create({ ...request, nodeGroups: [] }, ctx);
      const settledEmpty = await until(ctx, () => handler.get(empty.iid, ctx), settled);
      expect(settledEmpty.nodeGroups).toEqual([]);
    } finally {
      await close();
    }
  });
});
