import { isBaristaError } from "@cloud-barista/core";
import type { ClusterRequest } from "@cloud-barista/core";
import { closedAfterEach } from "@cloud-barista/core/testing";
import { clusterScenario, liveVms, readyNodes, withNetwork } from "@cloud-barista/emulator/testing";
import { describe, expect, it } from "vitest";
import { createAwsDriver } from "../src/index.js";
import { account, awsFixture } from "./setup.js";
import type { AwsFixture } from "./setup.js";

// EKS through @aws-sdk/client-eks against the AWS front over HTTP: the shared cluster scenario with
// Debian's kubectl on the kubeconfig the SDK returned (its bearer token is the presigned STS URL
// the driver signed), then what is EKS's own: the token's checks, the roles, a failed node group.

const open = closedAfterEach(awsFixture);
const zones = ["ap-northeast-2a", "ap-northeast-2c"];
const eks = {
  clusterRoleArn: `arn:aws:iam::${account}:role/eksClusterRole`,
  nodeRoleArn: `arn:aws:iam::${account}:role/eksNodeRole`,
};

/** `withNetwork` on two zones, as EKS wants, and a cluster on it with one node group of 2. */
async function request(f: AwsFixture): Promise<ClusterRequest> {
  await withNetwork(f, zones, { securityGroup: "k8s" });
  return {
    name: "demo",
    version: "1.30",
    vpcName: "net",
    subnetNames: ["web-a", "web-c"],
    securityGroupNames: ["k8s"],
    nodeGroups: [
      {
        name: "workers",
        specName: "t3.medium",
        keyPairName: "key",
        onAutoScaling: true,
        desiredNodeSize: 2,
        minNodeSize: 1,
        maxNodeSize: 3,
      },
    ],
  };
}

describe("EKS through driver-aws", () => {
  it("runs the shared cluster scenario; kubectl is refused a forged EKS token", async () => {
    const f = await open({ driver: { eks } });
    await clusterScenario(f, {
      versions: { create: "1.30", upgrade: "1.31" },
      zones,
      securityGroup: "k8s",
      specName: "t3.medium",
      whenActive: async (cluster) => {
        const token = /token: "(k8s-aws-v1\.[^"]+)"/.exec(cluster.accessInfo.kubeconfig)?.[1] ?? "";
        expect(token).not.toBe("");
        const forged = cluster.accessInfo.kubeconfig.replace(token, `${token.slice(0, -4)}AAAA`);
        await expect(readyNodes(forged)).rejects.toThrow(/Unauthorized|must be logged in/);
      },
    });
  }, 120_000);

  it("refuses a token signed for another cluster", async () => {
    const f = await open({ driver: { eks } });
    const req = { ...(await request(f)), nodeGroups: [] };
    const cluster = await f.conn.cluster.create(req);
    const token = /token: "([^"]+)"/.exec(cluster.accessInfo.kubeconfig)?.[1] ?? "";
    const other = await f.conn.cluster.create({ ...req, name: "other" });
    expect(await readyNodes(other.accessInfo.kubeconfig)).toEqual([]);
    const crossed = other.accessInfo.kubeconfig.replace(/token: "[^"]+"/, `token: "${token}"`);
    await expect(readyNodes(crossed)).rejects.toThrow(/Unauthorized|must be logged in/);
    await f.conn.destroyAll();
  });

  it("deletes the cluster when its node group fails", async () => {
    const f = await open({ driver: { eks } });
    const req = await request(f);
    // The quota cannot take the nodes: CreateNodegroup fails after the cluster was made.
    f.world.quotas.set({ provider: "AWS" }, { vms: 1 });
    const error = await f.conn.cluster.create(req).catch((e: unknown) => e);
    expect(isBaristaError(error, "QuotaExceeded"), String(error)).toBe(true);
    expect(
      f
        .cloud()
        .clusters.list()
        .items.filter((c) => c.state !== "deleting"),
    ).toEqual([]);
    expect(liveVms(f)).toEqual([]);
  });

  it("answers a create over the region's cluster quota with EKS's ResourceLimitExceededException, typed", async () => {
    const f = await open({ driver: { eks } });
    const req = { ...(await request(f)), nodeGroups: [] };
    f.world.quotas.set({ provider: "AWS" }, { clusters: 1 });
    await f.conn.cluster.create(req);
    await expect(f.conn.cluster.create({ ...req, name: "second" })).rejects.toMatchObject({
      code: "QuotaExceeded",
      nativeCode: "ResourceLimitExceededException",
      statusCode: 400,
    });
    expect(f.cloud().clusters.list().items).toHaveLength(1);
  });

  it("needs the EKS roles, and says so before any call", async () => {
    const f = await open();
    await expect(f.conn.cluster.create(await request(f))).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "eks",
    });
    expect(createAwsDriver().capabilities.handlers.cluster).toBe(true);
  });
});
