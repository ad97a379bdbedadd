import { closedAfterEach } from "@cloud-barista/core/testing";
import { clusterScenario, directCluster } from "@cloud-barista/emulator/testing";
import { describe, expect, it } from "vitest";
import { createGcpDriver } from "../src/index.js";
import { gcpFixture, zone } from "./setup.js";

// GKE through @google-cloud/container over HTTP to the GCP front: the shared cluster scenario with
// the kubeconfig the driver builds (endpoint, CA, the credential's access token) and Debian's
// kubectl, then what is GKE's own (its naming and pool rules, its refusal of a version).

const open = closedAfterEach(gcpFixture);
const specName = "e2-medium";

async function direct(version: string) {
  const f = await open();
  return { f, ...(await directCluster(f, createGcpDriver(), { zones: [zone], version, specName })) };
}

describe("driver-gcp clusters (GKE) over the GCP front", () => {
  it("runs the shared cluster scenario with the credential's access token", async () => {
    const f = await open();
    await clusterScenario(f, {
      versions: { create: "1.30.5-gke.1014001", upgrade: "1.31.1-gke.1678000" },
      zones: [zone],
      specName,
      whenActive: async (cluster) => {
        // A bearer kubeconfig: no gke-gcloud-auth-plugin, no client certificate.
        expect(cluster.accessInfo.kubeconfig).toContain('token: "ya29.');
        expect(cluster.accessInfo.kubeconfig).not.toContain("exec:");
      },
    });
  }, 120_000);

  it("refuses node pools GKE cannot make before any call", async () => {
    const { handler, ctx, request } = await direct("1.30.5-gke.1014001");
    const group = request.nodeGroups[0];
    if (!group) throw new Error("no group");
    const bad = [
      { ...request, nodeGroups: [] },
      { ...request, name: "Upper_Case" },
      { ...request, subnetIIDs: [] },
      { ...request, nodeGroups: [{ ...group, desiredNodeSize: 0 }] },
      { ...request, nodeGroups: [{ ...group, imageIID: { nameId: "debian", systemId: "debian" } }] },
    ];
    for (const r of bad) await expect(handler.create(r, ctx.ctx)).rejects.toMatchObject({ code: "InvalidArgument" });
    expect(ctx.take()).toEqual([]);
  });

  it("answers a version the location does not offer with GKE's refusal", async () => {
    const { f, handler, ctx, request } = await direct("1.2.3");
    await expect(handler.create(request, ctx.ctx)).rejects.toMatchObject({ code: "InvalidArgument", statusCode: 400 });
    expect(f.cloud().clusters.list().items).toEqual([]);
  });
});
