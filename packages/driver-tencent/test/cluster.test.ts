import { collect } from "@cloud-barista/core";
import { closedAfterEach } from "@cloud-barista/core/testing";
import { clusterScenario, directCluster } from "@cloud-barista/emulator/testing";
import { describe, expect, it } from "vitest";
import { createTencentDriver } from "../src/index.js";
import { tencentFixture, zone } from "./setup.js";

// TKE through the driver's cluster handler and tencentcloud-sdk-nodejs over HTTP against the
// emulator's front: the shared cluster scenario with TKE's kubeconfig and Debian's kubectl, then
// what is TKE's own.

const open = closedAfterEach(tencentFixture);

describe("TKE clusters", () => {
  it("runs the shared cluster scenario on TKE's versions", async () => {
    const f = await open();
    expect(await collect(f.conn.cluster.versions())).toEqual([
      { version: "1.28.3", deprecated: true },
      { version: "1.30.0" },
      { version: "1.31.1", default: true },
    ]);
    await clusterScenario(f, {
      versions: { create: "1.30.0", upgrade: "1.31.1" },
      zones: [zone],
      whenActive: async (cluster) => {
        // TKE's own kubeconfig: a token user named after the account.
        expect(cluster.accessInfo.kubeconfig).toMatch(/token: /);
        expect(cluster.accessInfo.kubeconfig).toContain(`${f.account}-context-default`);
      },
    });
  }, 120_000);

  it("types TKE's own refusal of a version it does not offer", async () => {
    const f = await open();
    const { handler, ctx, request } = await directCluster(f, createTencentDriver(), {
      zones: [zone],
      version: "1.99.0",
    });
    await expect(handler.create(request, ctx.ctx)).rejects.toMatchObject({ code: "InvalidArgument" });
    expect(ctx.take()).toContain("CreateCluster");
    expect(f.cloud().clusters.list().items).toEqual([]);
  });
});
