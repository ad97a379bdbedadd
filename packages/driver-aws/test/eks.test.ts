import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { isBaristaError } from "@cloud-barista/core";
import type { ClusterRequest, Connection } from "@cloud-barista/core";
import { afterAll, describe, expect, it } from "vitest";
import { createAwsDriver } from "../src/index.js";
import { account, awsFixture } from "./setup.js";
import type { AwsFixture } from "./setup.js";

// EKS through @aws-sdk/client-eks against the AWS front over HTTP, then a real kubectl with the
// kubeconfig the SDK returned: its bearer token is the presigned STS URL the driver signed.

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "cb-eks-"));
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

interface Nodes {
  items: { status: { conditions: { type: string; status: string }[]; nodeInfo: { kubeletVersion: string } } }[];
}
const ready = (nodes: Nodes) =>
  nodes.items.filter((n) => n.status.conditions.some((c) => c.type === "Ready" && c.status === "True")).length;

const eks = {
  clusterRoleArn: `arn:aws:iam::${account}:role/eksClusterRole`,
  nodeRoleArn: `arn:aws:iam::${account}:role/eksNodeRole`,
};

async function network(conn: Connection): Promise<{ request: ClusterRequest; specName: string }> {
  await conn.vpc.create({
    name: "k8s",
    ipv4Cidr: "10.0.0.0/16",
    subnets: [
      { name: "a", ipv4Cidr: "10.0.1.0/24", zone: "ap-northeast-2a" },
      { name: "c", ipv4Cidr: "10.0.2.0/24", zone: "ap-northeast-2c" },
    ],
  });
  await conn.securityGroup.create({ name: "k8s-sg", vpcName: "k8s", rules: [] });
  await conn.keyPair.create({ name: "k8s-key" });
  const specName = "t3.medium";
  return {
    specName,
    request: {
      name: "demo",
      version: "1.30",
      vpcName: "k8s",
      subnetNames: ["a", "c"],
      securityGroupNames: ["k8s-sg"],
      nodeGroups: [
        {
          name: "workers",
          specName,
          keyPairName: "k8s-key",
          onAutoScaling: true,
          desiredNodeSize: 2,
          minNodeSize: 1,
          maxNodeSize: 3,
        },
      ],
    },
  };
}

function liveInstances(f: AwsFixture) {
  return f.world
    .accountRegion({ provider: "AWS", account, region: "ap-northeast-2" })
    .vms.list({ maxResults: 1000 })
    .items.filter((vm) => vm.state !== "terminated" && vm.state !== "shutting-down");
}

describe("EKS through driver-aws", () => {
  it("creates, scales, upgrades and deletes a cluster that kubectl reaches with the EKS token", async () => {
    const f = await awsFixture({ driver: { eks } });
    try {
      const { request } = await network(f.conn);
      const cluster = await f.conn.cluster.create(request);
      expect(cluster.status).toBe("Active");
      expect(cluster.nodeGroups.map((g) => [g.iid.nameId, g.status, g.nodes.length])).toEqual([
        ["workers", "Active", 2],
      ]);
      expect(cluster.accessInfo.kubeconfig).toMatch(/token: "k8s-aws-v1\./);

      const kube = cluster.accessInfo.kubeconfig;
      const version = (await kubectl(kube, "version", "-o", "json")) as { serverVersion: { gitVersion: string } };
      expect(version.serverVersion.gitVersion).toBe("v1.30.0");
      expect(ready((await kubectl(kube, "get", "nodes", "-o", "json")) as Nodes)).toBe(2);

      const scaled = await f.conn.cluster.changeNodeGroupScaling("demo", "workers", { desired: 3, min: 1, max: 3 });
      expect(scaled.nodes).toHaveLength(3);
      expect(ready((await kubectl(kube, "get", "nodes", "-o", "json")) as Nodes)).toBe(3);

      const upgraded = await f.conn.cluster.upgrade("demo", "1.31");
      expect(upgraded.version).toBe("1.31");
      const after = (await kubectl(upgraded.accessInfo.kubeconfig, "get", "nodes", "-o", "json")) as Nodes;
      expect(after.items.every((n) => n.status.nodeInfo.kubeletVersion === "v1.31.0")).toBe(true);

      await expect(f.conn.cluster.setNodeGroupAutoScaling("demo", "workers", false)).rejects.toMatchObject({
        code: "NotSupported",
      });
      await f.conn.cluster.delete("demo");
      expect(liveInstances(f)).toEqual([]);
      const cloud = f.world.accountRegion({ provider: "AWS", account, region: "ap-northeast-2" });
      expect(cloud.clusters.list().items).toEqual([]);
    } finally {
      await f.close();
    }
  });

  it("refuses a token signed with another secret or for another cluster", async () => {
    const f = await awsFixture({ driver: { eks } });
    try {
      const { request } = await network(f.conn);
      const cluster = await f.conn.cluster.create({ ...request, nodeGroups: [] });
      const token = /token: "([^"]+)"/.exec(cluster.accessInfo.kubeconfig)?.[1] ?? "";
      const forged = cluster.accessInfo.kubeconfig.replace(token, `${token.slice(0, -4)}AAAA`);
      await expect(kubectl(forged, "get", "nodes", "-o", "json")).rejects.toMatchObject({
        stderr: expect.stringMatching(/Unauthorized|must be logged in/),
      });
      await f.conn.cluster.create({ ...request, name: "other", nodeGroups: [] });
      const other = await f.conn.cluster.get("other");
      const crossed = other.accessInfo.kubeconfig.replace(/token: "[^"]+"/, `token: "${token}"`);
      await expect(kubectl(crossed, "get", "nodes", "-o", "json")).rejects.toMatchObject({
        stderr: expect.stringMatching(/Unauthorized|must be logged in/),
      });
      await f.conn.destroyAll();
    } finally {
      await f.close();
    }
  });

  it("refuses bad input before any call, and deletes the cluster when a node group fails", async () => {
    const f = await awsFixture({ driver: { eks } });
    try {
      const { request } = await network(f.conn);
      await expect(f.conn.cluster.create({ ...request, version: "1.12" })).rejects.toMatchObject({
        code: "InvalidArgument",
        field: "version",
      });
      await expect(f.conn.cluster.create({ ...request, subnetNames: ["a", "missing"] })).rejects.toMatchObject({
        code: "NotFound",
      });
      // The quota cannot take the nodes: CreateNodegroup fails after the cluster was made.
      f.world.quotas.set({ provider: "AWS" }, { vms: 1 });
      const error = await f.conn.cluster.create(request).catch((e: unknown) => e);
      expect(isBaristaError(error, "QuotaExceeded"), String(error)).toBe(true);
      const cloud = f.world.accountRegion({ provider: "AWS", account, region: "ap-northeast-2" });
      expect(cloud.clusters.list().items.filter((c) => c.state !== "deleting")).toEqual([]);
      expect(liveInstances(f)).toEqual([]);
    } finally {
      await f.close();
    }
  });

  it("needs the EKS roles, and says so before any call", async () => {
    const f = await awsFixture();
    try {
      const { request } = await network(f.conn);
      await expect(f.conn.cluster.create(request)).rejects.toMatchObject({ code: "InvalidArgument", field: "eks" });
      expect(createAwsDriver().capabilities.handlers.cluster).toBe(true);
    } finally {
      await f.close();
    }
  });
});
