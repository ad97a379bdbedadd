import { clusterScenario, directCluster } from "@cloud-barista/emulator/testing";
import { describe, expect, it } from "vitest";
import { createOpenStackDriver } from "../src/index.js";
import { fixturesClosedAfterEach } from "./support.js";

// Magnum through the driver's cluster handler over HTTP against the emulator's front: the shared
// cluster scenario with the kubeconfig the driver builds (a client certificate Magnum signed) and
// Debian's kubectl, then what is Magnum's own.

const open = fixturesClosedAfterEach();
const zones = ["kr-central-1a", "kr-central-1b"];

describe("Magnum clusters", () => {
  it("runs the shared cluster scenario with a client certificate Magnum signed", async () => {
    const f = await open();
    await clusterScenario(f, {
      versions: { create: "v1.30.4", upgrade: "v1.31.1" },
      zones,
      subnets: 1,
      specName: "m1.small",
      whenActive: async (cluster) => {
        // The driver's CSR, signed through /v1/certificates.
        expect(cluster.accessInfo.kubeconfig).toContain("client-certificate-data");
      },
    });
  }, 120_000);

  it("refuses what Magnum cannot make, and makes a cluster without node groups", async () => {
    const f = await open();
    const { handler, ctx, request } = await directCluster(f, createOpenStackDriver(), {
      zones,
      version: "v1.30.4",
      specName: "m1.small",
    });
    // Magnum takes exactly one subnet: refused before any call.
    await expect(handler.create(request, ctx.ctx)).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "subnetNames",
    });
    expect(ctx.take()).toEqual([]);
    const one = { ...request, subnetIIDs: request.subnetIIDs.slice(0, 1) };
    await expect(handler.create({ ...one, version: "v1.99.0" }, ctx.ctx)).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "version",
    });
    expect(ctx.take()).toEqual(["keystone:IssueToken", "magnum:ListClusterTemplates"]);
    // Without node groups Magnum still makes its default-worker, empty: not one of the user's groups.
    const empty = await handler.create({ ...one, nodeGroups: [] }, ctx.ctx);
    const settled = await ctx.ctx.waitUntil({
      description: "cluster",
      deadline: "cluster",
      read: () => handler.get(empty.iid, ctx.ctx),
      accept: (c) => (c.status === "Active" ? "success" : c.status === "Failed" ? "failure" : "retry"),
    });
    expect(settled.nodeGroups).toEqual([]);
  });
});
