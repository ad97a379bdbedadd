import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createAwsDriver } from "@cloud-barista/driver-aws";
import { emulatedConnection } from "@cloud-barista/emulator/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createMcisService } from "../src/index.js";

// An MCIS sub-group that is a node group of an EKS cluster, through driver-aws and
// @aws-sdk/client-eks over HTTP to the emulator's AWS front; Debian's kubectl, with the kubeconfig
// the SDK hands out, sees the sub-group's VMs as the cluster's nodes.

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "cb-mcis-eks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Nodes {
  items: { spec: { providerID: string }; status: { conditions: { type: string; status: string }[] } }[];
}

/** The nodes kubectl lists: each one's cloud id (the providerID's last part) and readiness. */
async function kubectlNodes(kubeconfig: string): Promise<{ id: string; ready: boolean }[]> {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, kubeconfig, { mode: 0o600 });
  const { stdout } = await run(
    process.env["CB_KUBECTL"] ?? "kubectl",
    ["--kubeconfig", file, "--cache-dir", join(dir, "cache"), "get", "nodes", "-o", "json"],
    { env: { PATH: process.env["PATH"] ?? "", HOME: dir }, timeout: 20_000 },
  );
  return (JSON.parse(stdout) as Nodes).items.map((node) => ({
    id: node.spec.providerID.split("/").pop() ?? "",
    ready: node.status.conditions.some((c) => c.type === "Ready" && c.status === "True"),
  }));
}

const account = "111122223333";
const eks = {
  clusterRoleArn: `arn:aws:iam::${account}:role/eksClusterRole`,
  nodeRoleArn: `arn:aws:iam::${account}:role/eksNodeRole`,
};

describe("an MCIS sub-group that is an EKS node group (driver-aws over HTTP)", () => {
  it(
    "adds the node group, lists its nodes as VMs kubectl sees Ready, scales it out, and removes only the group",
    { timeout: 60_000 },
    async () => {
      const f = await emulatedConnection({
        provider: "AWS",
        driver: () => createAwsDriver({ eks }),
        account,
        front: { credential: { accessKeyId: "AKIAEMULATOREXAMPLE1", secretAccessKey: "emulator/secret/key/example" } },
        region: "ap-northeast-2",
        zone: "ap-northeast-2a",
        names: { connection: "seoul", credential: "aws-cred", region: "seoul" },
      });
      try {
        const { conn } = f;
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
        await conn.cluster.create({
          name: "demo",
          version: "1.30",
          vpcName: "k8s",
          subnetNames: ["a", "c"],
          securityGroupNames: ["k8s-sg"],
        });
        const mcis = createMcisService({ barista: f.barista });
        const ref = { namespace: "ns", name: "kube" };

        const info = await mcis.createDynamic({
          ...ref,
          subGroups: [
            {
              name: "workers",
              connection: "seoul",
              spec: "t3.medium",
              size: 2,
              keyPairName: "k8s-key",
              nodeGroup: { cluster: "demo", maxNodeSize: 3 },
            },
          ],
        });
        expect(info.status).toBe("Running:2 (R:2/2)");
        const ids = (vms: typeof info.vms) => vms.map((vm) => vm.systemId ?? "").sort();
        expect(ids(info.vms)).toHaveLength(2);
        expect(ids(info.vms).every((id) => id.startsWith("i-"))).toBe(true);
        const kubeconfig = async () => (await conn.cluster.get("demo")).accessInfo.kubeconfig;
        const seen = await kubectlNodes(await kubeconfig());
        expect(seen.map((n) => n.id).sort()).toEqual(ids(info.vms));
        expect(seen.every((n) => n.ready)).toBe(true);
        // Addresses through EC2 DescribeInstances: the nodes stay untracked by core.
        const access = (await mcis.accessInfo(ref)).subGroups[0]?.vms ?? [];
        expect(access).toHaveLength(2);
        expect(access.every((vm) => /^10\.0\.[12]\.\d+$/.test(vm.privateIp ?? ""))).toBe(true);

        const grown = await mcis.scaleOut({ ...ref, subGroup: "workers" }, 1);
        expect(grown.status).toBe("Running:3 (R:3/3)");
        expect((await kubectlNodes(await kubeconfig())).map((n) => n.id).sort()).toEqual(ids(grown.vms));
        // maxNodeSize 3 in the request: a fourth node is refused before EKS is asked.
        await expect(mcis.scaleOut({ ...ref, subGroup: "workers" }, 1)).rejects.toMatchObject({
          code: "InvalidArgument",
          rule: "max-node-size",
        });
        await expect(mcis.suspend(ref)).rejects.toMatchObject({ code: "NotSupported", rule: "managed-node" });

        await mcis.delete(ref, { terminate: true });
        const cluster = await conn.cluster.get("demo");
        expect(cluster.status).toBe("Active");
        expect(cluster.nodeGroups).toEqual([]);
        expect(await kubectlNodes(cluster.accessInfo.kubeconfig)).toEqual([]);
        await conn.destroyAll();
      } finally {
        await f.close();
      }
    },
  );
});
