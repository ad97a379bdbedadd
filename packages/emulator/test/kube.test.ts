import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { kubeconfig } from "@cloud-barista/core/driver";
import type { KubeconfigUser } from "@cloud-barista/core/driver";
import { afterAll, describe, expect, it } from "vitest";
import { mockCloud, network, testWorld } from "./support.js";

// The emulated clusters' Kubernetes API through a real kubectl: Debian's kubernetes-client in CI
// (scripts/run installs it), or the one named by CB_KUBECTL (e.g. to try kubectl 1.20 and 1.32).

const run = promisify(execFile);
const kubectlBin = process.env["CB_KUBECTL"] ?? "kubectl";
const dir = mkdtempSync(join(tmpdir(), "cb-kube-"));

async function kubectl(config: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, config, { mode: 0o600 });
  return run(kubectlBin, ["--kubeconfig", file, "--cache-dir", join(dir, "cache"), ...args], {
    env: { PATH: process.env["PATH"] ?? "", HOME: dir },
    timeout: 20_000,
  });
}

const { world, clock } = testWorld();
afterAll(async () => {
  await world.kube.close();
  rmSync(dir, { recursive: true, force: true });
});

const cloud = mockCloud(world);
const net = network(cloud, "kube");
const cluster = cloud.clusters.create({
  name: "k1",
  vpcId: net.vpc.id,
  subnetIds: [net.subnetId],
  securityGroupIds: [net.sg.id],
  nodeGroups: [{ name: "workers", specName: "mock-small", desiredSize: 2, minSize: 1, maxSize: 4 }],
});
const address = { provider: "MOCK", account: "alice", region: "mock-seoul", clusterId: cluster.id };

async function config(user: KubeconfigUser): Promise<string> {
  const access = await world.kube.access(address);
  return kubeconfig({ name: "k1", server: access.endpoint, caCertificate: access.caCertificate, user });
}

interface NodeJson {
  metadata: { name: string; labels: Record<string, string> };
  status: { conditions: { type: string; status: string }[]; nodeInfo: { kubeletVersion: string } };
}
const ready = (n: NodeJson) => n.status.conditions.find((c) => c.type === "Ready")?.status === "True";

describe("an emulated cluster's Kubernetes API", () => {
  it("is not served before the control plane is active", async () => {
    await expect(world.kube.access(address)).rejects.toMatchObject({ code: "IncorrectState" });
  });

  it("answers kubectl version and get nodes|namespaces|pods with the admin token", async () => {
    clock.advance(world.timing.clusterCreateMs + world.timing.nodeGroupCreateMs);
    const admin = await config({ token: cloud.clusters.adminToken(cluster.id) });
    const version = JSON.parse((await kubectl(admin, "version", "-o", "json")).stdout) as {
      serverVersion: { gitVersion: string };
    };
    expect(version.serverVersion.gitVersion).toBe("v1.30.0");
    const nodes = JSON.parse((await kubectl(admin, "get", "nodes", "-o", "json")).stdout) as { items: NodeJson[] };
    expect(nodes.items).toHaveLength(2);
    expect(nodes.items.every(ready)).toBe(true);
    expect(nodes.items[0]?.metadata.labels["cloud-barista.io/node-group"]).toBe("workers");
    const ns = JSON.parse((await kubectl(admin, "get", "namespaces", "-o", "json")).stdout) as {
      items: { metadata: { name: string } }[];
    };
    expect(ns.items.map((n) => n.metadata.name)).toContain("kube-system");
    const pods = JSON.parse((await kubectl(admin, "get", "pods", "-A", "-o", "json")).stdout) as {
      items: { metadata: { namespace: string }; status: { phase: string } }[];
    };
    expect(pods.items.length).toBe(4);
    expect(pods.items.every((p) => p.metadata.namespace === "kube-system" && p.status.phase === "Running")).toBe(true);
  });

  it("follows scaling and accepts client certificates of the cluster CA only", async () => {
    const group = cloud.clusters.nodeGroupByName(cluster.id, "workers");
    cloud.clusters.scaleNodeGroup(cluster.id, group.id, { desired: 3, min: 1, max: 4 });
    clock.advance(world.timing.nodeGroupUpdateMs + world.timing.vmBootMs);
    const cert = cloud.clusters.issueClientCertificate(cluster.id, {
      commonName: "admin",
      organizations: ["system:masters"],
    });
    const byCert = await config({ clientCertificate: cert.cert, clientKey: cert.key });
    const nodes = JSON.parse((await kubectl(byCert, "get", "nodes", "-o", "json")).stdout) as { items: NodeJson[] };
    expect(nodes.items.filter(ready)).toHaveLength(3);
    await expect(kubectl(await config({ token: "not-the-token" }), "get", "nodes", "-o", "json")).rejects.toMatchObject(
      {
        stderr: expect.stringMatching(/Unauthorized|must be logged in/),
      },
    );
  });

  it("asks the provider's verifier about other bearer tokens", async () => {
    world.kube.registerVerifier("MOCK", (token, audience) =>
      token === `iam-${audience.clusterName}` ? "iam-user" : undefined,
    );
    const out = await kubectl(await config({ token: "iam-k1" }), "get", "nodes", "-o", "json");
    expect((JSON.parse(out.stdout) as { items: unknown[] }).items).toHaveLength(3);
  });

  it("serves a cluster made again under the same id (EKS ids are names) with its new CA", async () => {
    const aws = world.accountRegion({ provider: "AWS", account: "alice", region: "ap-northeast-2" });
    const awsNet = aws.vpcs.create({ name: "n", cidr: "10.1.0.0/16", subnets: [{ name: "s", cidr: "10.1.1.0/24" }] });
    const input = { name: "same", vpcId: awsNet.id, subnetIds: [awsNet.subnets[0]?.id ?? ""] };
    const first = aws.clusters.create(input);
    clock.advance(world.timing.clusterCreateMs);
    const where = { provider: "AWS", account: "alice", region: "ap-northeast-2", clusterId: first.id };
    const before = await world.kube.access(where);
    aws.clusters.beginDelete(first.id);
    clock.advance(world.timing.clusterDeleteMs);
    const second = aws.clusters.create(input);
    expect(second.id).toBe(first.id);
    clock.advance(world.timing.clusterCreateMs);
    const after = await world.kube.access(where);
    expect(after.caCertificate).not.toBe(before.caCertificate);
    const config = kubeconfig({
      name: "same",
      server: after.endpoint,
      caCertificate: after.caCertificate,
      user: { token: aws.clusters.adminToken(second.id) },
    });
    const version = JSON.parse((await kubectl(config, "version", "-o", "json")).stdout) as {
      serverVersion: { gitVersion: string };
    };
    expect(version.serverVersion.gitVersion).toBe("v1.31.0");
  });
});
