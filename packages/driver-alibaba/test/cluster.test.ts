import { collect } from "@cloud-barista/core";
import { closedAfterEach } from "@cloud-barista/core/testing";
import { clusterScenario, directCluster } from "@cloud-barista/emulator/testing";
import { describe, expect, it } from "vitest";
import { createAlibabaDriver } from "../src/index.js";
import { alibabaFixture, zone } from "./setup.js";

// ACK through the driver's cluster handler and @alicloud/cs20151215 over HTTP against the
// emulator's front: the shared cluster scenario with ACK's kubeconfig and Debian's kubectl, then
// what is ACK's own.

const open = closedAfterEach(alibabaFixture);

describe("ACK clusters", () => {
  it("runs the shared cluster scenario on ACK's versions", async () => {
    const f = await open();
    expect(await collect(f.conn.cluster.versions())).toEqual([
      { version: "1.28.9-aliyun.1", deprecated: true },
      { version: "1.30.1-aliyun.1" },
      { version: "1.31.1-aliyun.1", default: true },
    ]);
    await clusterScenario(f, {
      versions: { create: "1.30.1-aliyun.1", upgrade: "1.31.1-aliyun.1" },
      zones: [zone],
      whenActive: async (cluster) => {
        // ACK's own kubeconfig: a client certificate of the cluster's CA.
        expect(cluster.accessInfo.kubeconfig).toContain("client-certificate-data");
      },
    });
  }, 120_000);

  it("types ACK's own refusal of a version it does not offer", async () => {
    const f = await open();
    const { handler, ctx, request } = await directCluster(f, createAlibabaDriver(), {
      zones: [zone],
      version: "1.99.0",
    });
    await expect(handler.create(request, ctx.ctx)).rejects.toMatchObject({ code: "InvalidArgument" });
    expect(ctx.take()).toContain("CreateCluster");
    expect(f.cloud().clusters.list().items).toEqual([]);
  });
});
