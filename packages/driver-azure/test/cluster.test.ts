import { Agent } from "node:https";
import { closedAfterEach } from "@cloud-barista/core/testing";
import { clusterScenario, directCluster, withNetwork } from "@cloud-barista/emulator/testing";
import { describe, expect, it } from "vitest";
import { createAzureDriver } from "../src/index.js";
import { azureFixture, zone } from "./setup.js";

// AKS through @azure/arm-containerservice over HTTPS to the Azure front: the shared cluster
// scenario with the clusterUser kubeconfig AKS hands out and Debian's kubectl, then what is AKS's
// own (its pool rules, its refusal of a version).

const open = closedAfterEach(azureFixture);
const specName = "Standard_D2s_v5";

async function direct(version: string) {
  const f = await open();
  const driver = createAzureDriver({ transport: { httpsAgent: new Agent({ ca: f.front.caCertificate }) } });
  return { f, ...(await directCluster(f, driver, { zones: [zone], version, specName })) };
}

describe("driver-azure clusters (AKS) over the Azure front", () => {
  it("runs the shared cluster scenario with AKS's clusterUser kubeconfig", async () => {
    const f = await open();
    await clusterScenario(f, {
      versions: { create: "1.30.5", upgrade: "1.31.2" },
      zones: [zone],
      specName,
      whenActive: async (cluster) => {
        // AKS's own clusterUser kubeconfig (local accounts): no kubelogin exec plugin.
        expect(cluster.accessInfo.kubeconfig).toContain("clusterUser_");
        expect(cluster.accessInfo.kubeconfig).not.toContain("exec:");
      },
    });
  }, 120_000);

  it("refuses node pools AKS cannot make before any call", async () => {
    const { handler, ctx, request } = await direct("1.30.5");
    const group = request.nodeGroups[0];
    if (!group) throw new Error("no group");
    const bad = [
      { ...request, nodeGroups: [] },
      { ...request, nodeGroups: [{ ...group, rootDiskType: "Premium_LRS" }] },
      {
        ...request,
        nodeGroups: [
          { ...group, name: "9-too-long-for-aks" },
          { ...group, name: "9-too-long-for-aks-2" },
        ],
      },
      { ...request, subnetIIDs: [] },
      { ...request, nodeGroups: [{ ...group, desiredNodeSize: 0 }] },
      { ...request, nodeGroups: [{ ...group, imageIID: { nameId: "debian", systemId: "debian" } }] },
    ];
    for (const r of bad) await expect(handler.create(r, ctx.ctx)).rejects.toMatchObject({ code: "InvalidArgument" });
    expect(ctx.take()).toEqual([]);
  });

  it("answers a version the location does not offer with AKS's refusal", async () => {
    const { f, handler, ctx, request } = await direct("1.2.3");
    await expect(handler.create(request, ctx.ctx)).rejects.toMatchObject({ code: "InvalidArgument", statusCode: 400 });
    expect(f.cloud().clusters.list().items).toEqual([]);
  });

  it("answers a create over the region's cluster quota with AKS's QuotaExceeded, typed", async () => {
    const f = await open();
    await withNetwork(f, [zone]);
    const request = {
      name: "kube",
      version: "1.30.5",
      vpcName: "net",
      subnetNames: ["web-1"],
      securityGroupNames: ["sg"],
      nodeGroups: [
        {
          name: "pool",
          specName,
          keyPairName: "key",
          onAutoScaling: false,
          desiredNodeSize: 1,
          minNodeSize: 1,
          maxNodeSize: 1,
        },
      ],
    };
    f.world.quotas.set({ provider: "AZURE" }, { clusters: 1 });
    await f.conn.cluster.create(request);
    await expect(f.conn.cluster.create({ ...request, name: "second" })).rejects.toMatchObject({
      code: "QuotaExceeded",
      nativeCode: "QuotaExceeded",
      statusCode: 400,
    });
    expect(f.cloud().clusters.list().items).toHaveLength(1);
  });
});
