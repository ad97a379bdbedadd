import { closedAfterEach, rejectionOf } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { calls, leftovers, request, withNetwork } from "./network.js";
import type { AzureFixture } from "./setup.js";

// NLBs through the runtime, driver-azure and the Azure SDK over HTTPS to the emulator's Azure front:
// a Standard public load balancer with its own public IP, VMs joining by their private addresses.

const open = closedAfterEach(withNetwork);

const nlbRequest = (vmNames: string[]) => ({
  name: "lb",
  vpcName: "net",
  listener: { protocol: "TCP" as const, port: 80 },
  vmGroup: { protocol: "TCP" as const, port: 8080, vmNames },
  healthChecker: { protocol: "TCP" as const, port: 8080, intervalSec: 5, threshold: 2 },
});

async function twoVms(): Promise<AzureFixture> {
  const f = await open();
  await f.conn.vm.create(request("web-1"));
  await f.conn.vm.create(request("web-2"));
  return f;
}

describe("driver-azure NLBs over the Azure front", () => {
  it("is a public IP and one balancer PUT; VMs join by address without a write to their interfaces", async () => {
    const f = await twoVms();
    const nicWrites = (await calls(f, "NetworkInterfaces_CreateOrUpdate")).length;
    const addressReads = (await calls(f, "PublicIPAddresses_Get")).length;
    expect(leftovers(f).publicIps).toBe(2);
    const nlb = await f.conn.nlb.create(nlbRequest(["web-1"]));
    expect(nlb).toMatchObject({
      type: "PUBLIC",
      vpcIID: { nameId: "net" },
      listener: { protocol: "TCP", port: 80 },
      vmGroup: { port: 8080, vms: [{ nameId: "web-1" }] },
      healthChecker: { protocol: "TCP", port: 8080, intervalSec: 5, threshold: 2 },
    });
    expect(nlb.listener.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(leftovers(f).publicIps).toBe(3);
    expect(await calls(f, "LoadBalancers_CreateOrUpdate")).toHaveLength(1);
    // The address came with the public IP's PUT, and a read of the balancer does not ask again.
    await f.conn.nlb.get("lb");
    expect(await calls(f, "PublicIPAddresses_Get")).toHaveLength(addressReads);
    const grown = await f.conn.nlb.addVms("lb", ["web-2"]);
    expect(grown.vmGroup.vms.map((v) => v.nameId).sort()).toEqual(["web-1", "web-2"]);
    await f.conn.nlb.removeVms("lb", ["web-1"]);
    expect((await f.conn.nlb.get("lb")).vmGroup.vms.map((v) => v.nameId)).toEqual(["web-2"]);
    expect(await calls(f, "LoadBalancers_CreateOrUpdate")).toHaveLength(3);
    expect(await calls(f, "NetworkInterfaces_CreateOrUpdate")).toHaveLength(nicWrites);
    // Tags through the Tags API, read back on the balancer.
    await f.conn.tag.add({ resourceType: "nlb", name: "lb" }, { key: "team", value: "b" });
    expect((await f.conn.nlb.get("lb")).tags).toEqual({ team: "b" });
  });

  it("deleting an NLB leaves no public IP behind", async () => {
    const f = await twoVms();
    await f.conn.nlb.create(nlbRequest(["web-1", "web-2"]));
    await f.conn.nlb.delete("lb");
    expect(leftovers(f).publicIps).toBe(2);
    expect(f.cloud().nlbs.list().items).toEqual([]);
    expect(await calls(f, "PublicIPAddresses_Delete")).toHaveLength(1);
  });

  it("leaves no public IP when the balancer cannot be made", async () => {
    const f = await twoVms();
    f.world.faults.add({ provider: "AZURE", api: "LoadBalancers_CreateOrUpdate", kind: "quota", times: 1 });
    const error = await rejectionOf(f.conn.nlb.create(nlbRequest(["web-1"])));
    expect(error).toMatchObject({ code: "QuotaExceeded" });
    expect(leftovers(f).publicIps).toBe(2);
    expect(f.cloud().nlbs.list().items).toEqual([]);
  });

  it("reports the VMs healthy once the probes have passed", async () => {
    const f = await twoVms();
    await f.conn.nlb.create(nlbRequest(["web-1"]));
    const first = await f.conn.nlb.getHealth("lb");
    expect(first.all.map((v) => v.nameId)).toEqual(["web-1"]);
    expect(first.healthy).toEqual([]);
    await f.clock.sleep(10 * 60_000);
    const later = await f.conn.nlb.getHealth("lb");
    expect(later.healthy.map((v) => v.nameId)).toEqual(["web-1"]);
    expect(later.unhealthy).toEqual([]);
  });
});
