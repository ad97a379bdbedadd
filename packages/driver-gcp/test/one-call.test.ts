import { collect } from "@cloud-barista/core";
import { callRecorder, closedAfterEach } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { gcpFixture } from "./setup.js";

// Through the public API and the GCP front: which Compute Engine calls each user call makes (call
// history records every native call). One where Compute Engine allows it; a change adds the waits
// on its Operation.

const open = closedAfterEach(gcpFixture);

/** Leaves out the waits on an Operation (how many depends on how long it runs). */
const withoutWaits = (apis: string[]) => apis.filter((a) => !/Operations\.wait$/.test(a));

describe("driver-gcp makes one Compute Engine call per user call", () => {
  it("for vm.get, vm.list and vm.getStatus, and the insert alone for a VM whose key pair it made", async () => {
    const f = await open({ front: { operationMs: 0 } });
    await f.conn.vpc.create({
      name: "net",
      ipv4Cidr: "10.0.0.0/16",
      subnets: [{ name: "a", ipv4Cidr: "10.0.1.0/24" }],
    });
    await f.conn.securityGroup.create({ name: "web", vpcName: "net", rules: [] });
    await f.conn.keyPair.create({ name: "key" });
    const image = (await collect(f.conn.metadata.images())).find((i) => i.osArchitecture === "x86_64")?.id ?? "";
    const take = callRecorder(f.barista.history);
    await take();

    const request = {
      image,
      specName: "e2-standard-2",
      vpcName: "net",
      subnetName: "a",
      securityGroupNames: ["web"],
      keyPairName: "key",
    };
    await f.conn.vm.create({ name: "vm-1", ...request }, { wait: false });
    expect(withoutWaits(await take())).toEqual(["compute.instances.insert"]);

    await f.conn.vm.get("vm-1");
    expect(await take()).toEqual(["compute.instances.get"]);
    await f.conn.vm.getStatus("vm-1");
    expect(await take()).toEqual(["compute.instances.get"]);
    await collect(f.conn.vm.list());
    expect(await take()).toEqual(["compute.instances.list"]);
    await f.conn.vpc.get("net");
    expect(await take()).toEqual(["compute.networks.get", "compute.subnetworks.list"]);
  });
});
