import type { VirtualClock } from "@cloud-barista/core";
import { closedAfterEach } from "@cloud-barista/core/testing";
import { clusterScenario, directCluster, readyNodes } from "@cloud-barista/emulator/testing";
import { describe, expect, it } from "vitest";
import { createIbmDriver } from "../src/index.js";
import { ibmFixture, zone } from "./setup.js";

// IKS through the driver's cluster handler (axios) over HTTP against the emulator's front: the
// shared cluster scenario with the kubeconfig (the IAM token) and Debian's kubectl, then what is
// IKS's own.

const open = closedAfterEach(ibmFixture);

describe("IKS clusters", () => {
  it("runs the shared cluster scenario; the kubeconfig's IAM token expires in an hour", async () => {
    const f = await open();
    await clusterScenario(f, {
      versions: { create: "1.30.6", upgrade: "1.31.2" },
      zones: [zone],
      whenActive: async (cluster) => {
        (f.clock as VirtualClock).advance(2 * 3_600_000);
        await expect(readyNodes(cluster.accessInfo.kubeconfig)).rejects.toThrow(/Unauthorized|must be logged in/);
        const renewed = await f.conn.cluster.get(cluster.iid.nameId);
        expect(await readyNodes(renewed.accessInfo.kubeconfig)).toHaveLength(2);
      },
    });
  }, 120_000);

  it("types IKS's own refusal of a version it does not offer", async () => {
    const f = await open();
    const { handler, ctx, request } = await directCluster(f, createIbmDriver(), { zones: [zone], version: "1.99.0" });
    await expect(handler.create(request, ctx.ctx)).rejects.toMatchObject({ code: "InvalidArgument" });
    expect(ctx.take().length).toBeGreaterThan(0);
    expect(f.cloud().clusters.list().items).toEqual([]);
  });
});
