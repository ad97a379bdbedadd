import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { collect } from "@cloud-barista/core";
import type { CloudBarista } from "@cloud-barista/core";
import { createMcisService } from "@cloud-barista/mcis";

// The Kubernetes part of the demo: one small provider-managed cluster next to the MCIS, in the
// demo network of a connection whose driver has the cluster handler, scaled once and deleted; its
// kubeconfig is shown to kubectl when one is installed.

const run = promisify(execFile);

/** `kubectl get nodes` with the kubeconfig, or why it could not run. */
async function kubectlNodes(kubeconfig: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "cb-demo-kube-"));
  try {
    const file = join(dir, "kubeconfig");
    writeFileSync(file, kubeconfig, { mode: 0o600 });
    const { stdout } = await run("kubectl", ["--kubeconfig", file, "--cache-dir", join(dir, "cache"), "get", "nodes"], {
      env: { PATH: process.env["PATH"] ?? "", HOME: dir },
      timeout: 20_000,
    });
    return stdout.trimEnd();
  } catch (error) {
    return `(kubectl not run: ${error instanceof Error ? error.message.split("\n")[0] : String(error)})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Creates cluster "demo-k8s" (one node group of two nodes of the smallest x86_64 spec) in VPC
 * "demo-net", subnet "web", group "web-sg" and key pair "demo-key" of `connection`, shows its nodes
 * through kubectl, scales it to three nodes, adds an MCIS whose sub-group is a node group of it,
 * and deletes both.
 */
export async function clusterDemo(barista: CloudBarista, connection: string): Promise<void> {
  const conn = await barista.connection(connection);
  const [version] = (await collect(conn.cluster.versions())).filter((v) => v.default);
  const specs = (await collect(conn.metadata.specs())).filter(
    (s) => s.architecture === "x86_64" && s.gpus.length === 0,
  );
  const spec = specs.sort((a, b) => a.vcpu.count - b.vcpu.count || a.memorySizeMiB - b.memorySizeMiB)[0];
  if (!version || !spec) throw new Error(`no default Kubernetes version or x86_64 spec in ${connection}`);
  console.log(`\nKubernetes: cluster demo-k8s (${version.version}) in ${connection}, 2 x ${spec.name}`);
  const cluster = await conn.cluster.create({
    name: "demo-k8s",
    version: version.version,
    vpcName: "demo-net",
    subnetNames: ["web"],
    securityGroupNames: ["web-sg"],
    nodeGroups: [
      {
        name: "workers",
        specName: spec.name,
        keyPairName: "demo-key",
        onAutoScaling: false,
        desiredNodeSize: 2,
        minNodeSize: 1,
        maxNodeSize: 3,
      },
    ],
  });
  console.log(`  ${cluster.status}, API ${cluster.accessInfo.endpoint}`);
  console.log((await kubectlNodes(cluster.accessInfo.kubeconfig)).replace(/^/gm, "    "));
  const scaled = await conn.cluster.changeNodeGroupScaling("demo-k8s", "workers", { desired: 3, min: 1, max: 3 });
  console.log(`  node group workers scaled to ${scaled.nodes.length} nodes`);
  // An MCIS sub-group can be a node group of the cluster: its VMs are the group's nodes.
  const mcis = createMcisService({ barista });
  const ref = { namespace: "demo", name: "k8s-pool" };
  const pool = await mcis.create({
    ...ref,
    subGroups: [
      {
        name: "pool",
        connection,
        specName: spec.name,
        size: 1,
        keyPairName: "demo-key",
        nodeGroup: { cluster: "demo-k8s" },
      },
    ],
  });
  console.log(`  MCIS k8s-pool: sub-group pool is node group "pool" of demo-k8s, ${pool.status}`);
  await mcis.delete(ref, { terminate: true });
  await conn.cluster.delete("demo-k8s");
  console.log("  cluster deleted");
}
