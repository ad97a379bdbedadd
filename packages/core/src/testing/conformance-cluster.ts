import { describe, expect, it } from "vitest";
import { isBaristaError } from "../errors.js";
import type { ErrorCode } from "../errors.js";
import type { DriverCapabilities, OptionalOperation } from "../driver/capabilities.js";
import { supportsOperation } from "../driver/capabilities.js";
import type { ClusterRequest, ClusterVersionInfo, NodeGroupRequest } from "../model/cluster.js";
import type { Connection } from "../runtime/connection.js";
import { collect } from "../util/paginate.js";

/** What the cluster block of the conformance suite needs from the main suite. */
export interface ClusterConformanceOptions {
  capabilities: DriverCapabilities;
  connection: () => Connection;
  /** The VM spec the suite uses (nodes take it too). */
  spec: () => string;
  timeoutMs: number;
  /** Subnets to add to "cf-vpc" first and give clusters too. */
  extraSubnets: readonly { name: string; ipv4Cidr: string; zone?: string }[];
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode, field?: string): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new Error(`expected ${code}, but the operation succeeded`);
  if (!isBaristaError(error)) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  expect(error.code, error.message).toBe(code);
  if (field !== undefined) expect(error.field, error.message).toBe(field);
}

const numbers = (v: string) => (/(\d+)\.(\d+)(?:\.(\d+))?/.exec(v) ?? []).slice(1).map((n) => Number(n ?? 0));

/** An offered version with a newer offered one at most one minor above it, and that newer one. */
function upgradePath(versions: readonly ClusterVersionInfo[]): { from: string; to?: string } {
  const sorted = [...versions].sort((a, b) => {
    const [am = 0, an = 0, ap = 0] = numbers(a.version);
    const [bm = 0, bn = 0, bp = 0] = numbers(b.version);
    return am - bm || an - bn || ap - bp;
  });
  for (let i = 0; i < sorted.length - 1; i++) {
    const from = sorted[i];
    const to = sorted[i + 1];
    if (!from || !to || from.deprecated) continue;
    const [, fromMinor = 0] = numbers(from.version);
    const [, toMinor = 0] = numbers(to.version);
    if (toMinor - fromMinor <= 1) return { from: from.version, to: to.version };
  }
  return { from: (sorted.find((v) => v.default) ?? sorted[0])?.version ?? "" };
}

/**
 * The cluster handler through the runtime: versions, input refused before any call, a cluster with
 * one node group made, scaled, changed and upgraded as the driver supports, then deleted with
 * nothing left. Runs after the main suite made "cf-vpc", "cf-subnet-a", "cf-sg" and "cf-key".
 */
export function describeClusterConformance(options: ClusterConformanceOptions): void {
  const { timeoutMs: timeout } = options;
  const can = (operation: OptionalOperation): boolean => supportsOperation(options.capabilities, operation);
  const c = () => options.connection();
  let path: { from: string; to?: string } = { from: "" };
  const group = (name = "cf-ng", desired = 1): NodeGroupRequest => ({
    name,
    specName: options.spec(),
    keyPairName: "cf-key",
    onAutoScaling: false,
    desiredNodeSize: desired,
    minNodeSize: 1,
    maxNodeSize: 3,
  });
  const request = (overrides: Partial<ClusterRequest> = {}): ClusterRequest => ({
    name: "cf-cluster",
    version: path.from,
    vpcName: "cf-vpc",
    subnetNames: ["cf-subnet-a", ...options.extraSubnets.map((s) => s.name)],
    securityGroupNames: ["cf-sg"],
    nodeGroups: [group()],
    ...overrides,
  });

  describe("Kubernetes clusters", () => {
    it(
      "lists the region's versions, at most one of them the default",
      async () => {
        const versions = await collect(c().cluster.versions());
        expect(versions.length).toBeGreaterThan(0);
        expect(versions.filter((v) => v.default).length).toBeLessThanOrEqual(1);
        path = upgradePath(versions);
        expect(path.from).not.toBe("");
        for (const subnet of options.extraSubnets) await c().vpc.addSubnet("cf-vpc", subnet);
      },
      timeout,
    );

    it(
      "refuses versions not offered, bad node counts and missing subnets before any call",
      async () => {
        await expectCode(c().cluster.create(request({ version: "0.1" })), "InvalidArgument", "version");
        await expectCode(
          c().cluster.create(request({ nodeGroups: [{ ...group(), minNodeSize: 2, desiredNodeSize: 1 }] })),
          "InvalidArgument",
          "nodeGroups[0].minNodeSize",
        );
        await expectCode(
          c().cluster.create(request({ nodeGroups: [{ ...group(), desiredNodeSize: 4 }] })),
          "InvalidArgument",
          "nodeGroups[0].desiredNodeSize",
        );
        await expectCode(c().cluster.create(request({ subnetNames: ["cf-no-such-subnet"] })), "NotFound");
        await expectCode(c().cluster.create(request({ subnetNames: [] })), "InvalidArgument", "subnetNames");
        const inventory = await c().cluster.inventory();
        expect([...inventory.mapped, ...inventory.onlyInCloud.filter((i) => /^cf[-_]/.test(i.nameId))]).toEqual([]);
      },
      timeout,
    );

    it(
      "creates a cluster with a node group and returns when both are Active, with a kubeconfig",
      async () => {
        const cluster = await c().cluster.create(request());
        expect(cluster.iid.nameId).toBe("cf-cluster");
        expect(cluster.status).toBe("Active");
        expect(cluster.version).toBe(path.from);
        expect(cluster.network.vpcIID.nameId).toBe("cf-vpc");
        expect(cluster.network.subnetIIDs.map((s) => s.nameId)).toEqual(request().subnetNames);
        expect(cluster.network.securityGroupIIDs.map((s) => s.nameId)).toEqual(["cf-sg"]);
        const [ng] = cluster.nodeGroups;
        expect(ng?.iid.nameId).toBe("cf-ng");
        expect(ng?.status).toBe("Active");
        expect(ng?.nodes).toHaveLength(1);
        expect(ng?.keyPairIID?.nameId).toBe("cf-key");
        expect(cluster.accessInfo.endpoint).toMatch(/^https:\/\//);
        expect(cluster.accessInfo.kubeconfig).toMatch(/kind: Config/);
        await expectCode(c().cluster.create(request()), "AlreadyExists");
        expect((await collect(c().cluster.list())).map((x) => x.iid.nameId)).toEqual(["cf-cluster"]);
      },
      timeout * 2,
    );

    it(
      "scales a node group and refuses sizes out of range",
      async () => {
        const scaled = await c().cluster.changeNodeGroupScaling("cf-cluster", "cf-ng", { desired: 2, min: 1, max: 3 });
        expect(scaled.status).toBe("Active");
        expect(scaled.nodes).toHaveLength(2);
        expect([scaled.desiredNodeSize, scaled.minNodeSize, scaled.maxNodeSize]).toEqual([2, 1, 3]);
        await expectCode(
          c().cluster.changeNodeGroupScaling("cf-cluster", "cf-ng", { desired: 4, min: 1, max: 3 }),
          "InvalidArgument",
          "size.desired",
        );
        await expectCode(
          c().cluster.changeNodeGroupScaling("cf-cluster", "cf-no-group", { desired: 1, min: 1, max: 1 }),
          "NotFound",
        );
      },
      timeout * 2,
    );

    it.skipIf(!can("cluster.nodeGroups"))(
      "adds and removes a node group",
      async () => {
        const added = await c().cluster.addNodeGroup("cf-cluster", group("cf-ng2"));
        expect(added.iid.nameId).toBe("cf-ng2");
        expect(added.status).toBe("Active");
        expect((await c().cluster.get("cf-cluster")).nodeGroups.map((g) => g.iid.nameId).sort()).toEqual([
          "cf-ng",
          "cf-ng2",
        ]);
        await c().cluster.removeNodeGroup("cf-cluster", "cf-ng2");
        expect((await c().cluster.get("cf-cluster")).nodeGroups.map((g) => g.iid.nameId)).toEqual(["cf-ng"]);
      },
      timeout * 2,
    );

    it.skipIf(!can("cluster.autoScaling"))(
      "switches auto scaling on and off",
      async () => {
        await c().cluster.setNodeGroupAutoScaling("cf-cluster", "cf-ng", true);
        const on = (await c().cluster.get("cf-cluster")).nodeGroups[0];
        expect(on?.onAutoScaling).toBe(true);
        await c().cluster.setNodeGroupAutoScaling("cf-cluster", "cf-ng", false);
        expect((await c().cluster.get("cf-cluster")).nodeGroups[0]?.onAutoScaling).toBe(false);
      },
      timeout,
    );

    it.skipIf(!can("cluster.upgrade"))(
      "upgrades to a newer offered version, and refuses one not offered",
      async () => {
        await expectCode(c().cluster.upgrade("cf-cluster", "0.1"), "InvalidArgument", "version");
        if (path.to === undefined) return;
        const upgraded = await c().cluster.upgrade("cf-cluster", path.to);
        expect(upgraded.status).toBe("Active");
        expect(upgraded.version).toBe(path.to);
      },
      timeout * 2,
    );

    it(
      "deletes the cluster with its node groups",
      async () => {
        await c().cluster.delete("cf-cluster");
        await expectCode(c().cluster.get("cf-cluster"), "NotFound");
        const inventory = await c().cluster.inventory();
        expect(inventory.mapped).toEqual([]);
        expect(inventory.onlyInCloud.filter((i) => /^cf[-_]/.test(i.nameId))).toEqual([]);
      },
      timeout * 2,
    );

    it(
      "leaves a cluster to destroyAll, which deletes it before the network it uses",
      async () => {
        await c().cluster.create(request({ name: "cf-cluster2", nodeGroups: [] }), { wait: false });
        // The main suite's "destroy everything" then deletes it first: its network goes after it.
        expect((await c().cluster.get("cf-cluster2")).iid.nameId).toBe("cf-cluster2");
      },
      timeout,
    );
  });
}
