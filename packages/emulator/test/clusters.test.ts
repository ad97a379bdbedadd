import { VirtualClock } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { isWorldError } from "../src/world/errors.js";
import { World } from "../src/world/world.js";

function setup(quotas: { vms?: number } = {}) {
  const clock = new VirtualClock();
  const world = new World({
    clock,
    seed: 3,
    rateLimits: false,
    timing: { jitterRatio: 0 },
    quotas: { MOCK: quotas },
  });
  const cloud = world.accountRegion({ provider: "MOCK", account: "alice", region: "mock-seoul" });
  const vpc = cloud.vpcs.create({
    name: "k8s",
    cidr: "10.0.0.0/16",
    subnets: [
      { name: "a", cidr: "10.0.1.0/24" },
      { name: "b", cidr: "10.0.2.0/24" },
    ],
  });
  const sg = cloud.securityGroups.create({ name: "k8s-sg", vpcId: vpc.id, rules: [] });
  const base = {
    name: "demo",
    vpcId: vpc.id,
    subnetIds: vpc.subnets.map((s) => s.id),
    securityGroupIds: [sg.id],
  };
  const group = { name: "workers", specName: "mock-small", desiredSize: 2, minSize: 1, maxSize: 3 };
  return { clock, world, cloud, vpc, sg, base, group };
}

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return isWorldError(error) ? `${error.code}:${error.field ?? error.resourceType ?? ""}` : String(error);
  }
};

describe("ClusterService", () => {
  it("creates a cluster whose node group's nodes are world VMs, active on the clock", () => {
    const { clock, world, cloud, base, group } = setup();
    const created = cloud.clusters.create({ ...base, nodeGroups: [group] });
    expect(created.state).toBe("creating");
    expect(created.version).toBe("1.30");
    expect(created.nodeGroups[0]?.nodes).toHaveLength(2);
    // The nodes are spread over the subnets and boot like any VM.
    const vms = created.nodeGroups[0]?.nodes.map((n) => cloud.vms.get(n.id)) ?? [];
    expect(new Set(vms.map((vm) => vm.subnet.name))).toEqual(new Set(["a", "b"]));
    expect(vms.every((vm) => vm.specName === "mock-small" && vm.state === "pending")).toBe(true);
    clock.advance(world.timing.clusterCreateMs);
    expect(cloud.clusters.get(created.id).state).toBe("active");
    expect(cloud.clusters.get(created.id).nodeGroups[0]?.state).toBe("creating");
    clock.advance(world.timing.nodeGroupCreateMs);
    const active = cloud.clusters.get(created.id);
    expect(active.nodeGroups[0]?.state).toBe("active");
    expect(active.nodeGroups[0]?.nodes.every((n) => cloud.vms.get(n.id).state === "running")).toBe(true);
  });

  it("refuses versions not offered, bad sizes, foreign subnets and duplicate names", () => {
    const { cloud, base, group } = setup();
    expect(code(() => cloud.clusters.create({ ...base, version: "1.12" }))).toBe("InvalidParameter:version");
    for (const sizes of [
      { minSize: 2, desiredSize: 1, maxSize: 3 },
      { minSize: 0, desiredSize: 4, maxSize: 3 },
      { minSize: -1, desiredSize: 1, maxSize: 3 },
    ]) {
      expect(code(() => cloud.clusters.create({ ...base, nodeGroups: [{ ...group, ...sizes }] }))).toBe(
        "InvalidParameter:nodeGroups[0].desiredSize",
      );
    }
    const other = cloud.vpcs.create({
      name: "other",
      cidr: "10.9.0.0/16",
      subnets: [{ name: "x", cidr: "10.9.1.0/24" }],
    });
    expect(code(() => cloud.clusters.create({ ...base, subnetIds: [other.subnets[0]?.id ?? ""] }))).toBe(
      "InvalidParameter:subnetIds[0]",
    );
    expect(code(() => cloud.clusters.create({ ...base, subnetIds: ["subnet-missing"] }))).toBe("NotFound:subnet");
    expect(cloud.clusters.list().items).toHaveLength(0);
    cloud.clusters.create(base);
    expect(code(() => cloud.clusters.create(base))).toBe("Duplicate:cluster");
  });

  it("counts nodes against the VM quota and launches none when they do not fit", () => {
    const { cloud, base, group } = setup({ vms: 3 });
    expect(code(() => cloud.clusters.create({ ...base, nodeGroups: [{ ...group, desiredSize: 4, maxSize: 4 }] }))).toBe(
      "QuotaExceeded:quota",
    );
    expect(cloud.vms.list().items).toHaveLength(0);
    expect(cloud.clusters.list().items).toHaveLength(0);
  });

  it("scales a node group out and in, and terminates the nodes of a removed group", () => {
    const { clock, world, cloud, base, group } = setup();
    const cluster = cloud.clusters.create({ ...base, nodeGroups: [group] });
    clock.advance(world.timing.clusterCreateMs + world.timing.nodeGroupCreateMs);
    const ng = cloud.clusters.nodeGroupByName(cluster.id, "workers");
    expect(cloud.clusters.scaleNodeGroup(cluster.id, ng.id, { desired: 3, min: 1, max: 3 }).nodes).toHaveLength(3);
    expect(code(() => cloud.clusters.scaleNodeGroup(cluster.id, ng.id, { desired: 5, min: 1, max: 3 }))).toBe(
      "InvalidParameter:desiredSize",
    );
    const scaledIn = cloud.clusters.scaleNodeGroup(cluster.id, ng.id, { desired: 1, min: 1, max: 3 });
    expect(scaledIn.nodes).toHaveLength(1);
    expect(scaledIn.state).toBe("updating");
    const second = cloud.clusters.addNodeGroup(cluster.id, { ...group, name: "more", desiredSize: 1 });
    const secondVm = second.nodes[0]?.id ?? "";
    cloud.clusters.removeNodeGroup(cluster.id, second.id);
    expect(cloud.vms.get(secondVm).state).toBe("shutting-down");
    clock.advance(world.timing.nodeGroupDeleteMs);
    expect(cloud.clusters.get(cluster.id).nodeGroups.map((g) => g.name)).toEqual(["workers"]);
  });

  it("upgrades one minor version at a time, and deletes clusters with their nodes", () => {
    const { clock, world, cloud, base, group } = setup();
    const cluster = cloud.clusters.create({ ...base, version: "1.29", nodeGroups: [group] });
    expect(code(() => cloud.clusters.upgrade(cluster.id, "1.30"))).toBe("IncorrectState:cluster");
    clock.advance(world.timing.clusterCreateMs);
    expect(code(() => cloud.clusters.upgrade(cluster.id, "1.31"))).toBe("InvalidParameter:version");
    expect(cloud.clusters.upgrade(cluster.id, "1.30")).toMatchObject({
      state: "updating",
      version: "1.29",
      upgradingTo: "1.30",
    });
    clock.advance(world.timing.clusterUpgradeMs);
    expect(cloud.clusters.get(cluster.id)).toMatchObject({ state: "active", version: "1.30" });
    expect(code(() => cloud.clusters.beginDelete(cluster.id, { requireNoNodeGroups: true }))).toBe(
      "DependencyViolation:cluster",
    );
    const nodes = cloud.clusters.get(cluster.id).nodeGroups[0]?.nodes ?? [];
    expect(cloud.clusters.beginDelete(cluster.id).state).toBe("deleting");
    expect(nodes.every((n) => cloud.vms.get(n.id).state === "shutting-down")).toBe(true);
    clock.advance(world.timing.clusterDeleteMs);
    expect(code(() => cloud.clusters.get(cluster.id))).toBe("NotFound:cluster");
  });
});

describe("resources a cluster uses", () => {
  it("cannot be deleted while the cluster exists", () => {
    const { clock, world, cloud, vpc, sg, base } = setup();
    const cluster = cloud.clusters.create(base);
    expect(code(() => cloud.securityGroups.delete(sg.id))).toBe("DependencyViolation:security-group");
    expect(code(() => cloud.subnets.delete(vpc.subnets[0]?.id ?? ""))).toBe("DependencyViolation:subnet");
    cloud.clusters.beginDelete(cluster.id);
    clock.advance(world.timing.clusterDeleteMs);
    cloud.securityGroups.delete(sg.id);
    expect(cloud.securityGroups.list().items.some((g) => g.id === sg.id)).toBe(false);
  });
});
