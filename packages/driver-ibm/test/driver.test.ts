import { VirtualClock } from "@cloud-barista/core";
import { collect } from "@cloud-barista/core/driver";
import { baristaRejectionOf as failure, closedAfterEach } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { vmBasics, vmRequest, withNetwork } from "@cloud-barista/emulator/testing";
import { ibmVendorClient } from "../src/index.js";
import { apiKey, calls, ibmFixture } from "./setup.js";

const open = closedAfterEach(ibmFixture);

describe("driver-ibm against the IBM front", () => {
  it("refuses a wrong API key as Unauthenticated, quoting neither key", async () => {
    const wrong = "wrongApiKeyValue0000000000000000000000000000";
    const fixture = await open({ credential: { apiKey: wrong } });
    const error = await failure(collect(fixture.conn.metadata.regionZones()));
    expect([error.code, error.nativeCode, error.retryable]).toEqual(["Unauthenticated", "BXNIM0415E", false]);
    const text = `${error.message} ${JSON.stringify(error)} ${error.stack ?? ""}`;
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(apiKey);
    // Nothing reached the VPC API.
    expect(fixture.control.servedApis()).toEqual([]);
  });

  it("refuses a malformed API key before any call, without quoting it", async () => {
    const fixture = await open({ credential: { apiKey: "has a space in it" } });
    const error = await failure(collect(fixture.conn.metadata.regionZones()));
    expect([error.code, error.field]).toEqual(["InvalidArgument", "credential.apiKey"]);
    expect(error.message).not.toContain("has a space");
    expect(await calls(fixture, "get_token_api_key")).toEqual([]);
  });

  it("renews the IAM token before it expires, on the world's clock", async () => {
    const clock = new VirtualClock();
    const fixture = await open({ clock });
    await collect(fixture.conn.metadata.regionZones({ refresh: true }));
    expect(await calls(fixture, "get_token_api_key")).toHaveLength(1);
    clock.advance(30 * 60_000);
    await collect(fixture.conn.metadata.regionZones({ refresh: true }));
    expect(await calls(fixture, "get_token_api_key")).toHaveLength(1);
    // 52 minutes into an hour's token: within the 10-minute margin, a new one is asked for first.
    clock.advance(22 * 60_000);
    await collect(fixture.conn.metadata.regionZones({ refresh: true }));
    const tokens = await calls(fixture, "get_token_api_key");
    expect(tokens).toHaveLength(2);
    // No VPC call was refused for an expired token.
    expect((await calls(fixture)).filter((c) => c.error !== undefined)).toEqual([]);
  });

  it("awaits a VPC that lingers in deleting until IBM reports it gone", async () => {
    const fixture = await open({ front: { deleteMs: 20_000 } });
    await fixture.conn.vpc.create({
      name: "slow",
      ipv4Cidr: "10.1.0.0/16",
      subnets: [{ name: "slow-a", ipv4Cidr: "10.1.1.0/24", zone: "us-south-1" }],
    });
    await fixture.conn.vpc.delete("slow");
    // The subnet and then the VPC were each read again while deleting, until they were gone.
    expect((await calls(fixture, "get_subnet")).length).toBeGreaterThan(1);
    expect((await calls(fixture, "get_vpc")).length).toBeGreaterThan(1);
    expect(fixture.cloud().vpcs.list().items).toEqual([]);
    expect((await collect(fixture.conn.vpc.list())).map((v) => v.iid.nameId)).toEqual([]);
  });

  it("gives a VM a floating IP for its public address and releases it on terminate", async () => {
    const fixture = await open();
    const basics = await vmBasics(fixture);
    await withNetwork(fixture, ["us-south-1"]);
    const vm = await fixture.conn.vm.create(vmRequest("web", basics, "web-1"));
    expect(vm.status).toBe("Running");
    expect(vm.publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(vm.sshAccessPoint).toBe(`${vm.publicIp ?? ""}:22`);
    expect(vm.vmUserId).toBe("root");
    expect(await calls(fixture, "create_floating_ip")).toHaveLength(1);
    // The VM's read found the address on its primary interface's floating IPs: IBM forwards it there.
    const held = fixture.cloud().publicIps.list().items;
    expect(held.map((p) => p.address)).toEqual([vm.publicIp]);
    await fixture.conn.vm.delete("web");
    expect(await calls(fixture, "delete_floating_ip")).toHaveLength(1);
    expect(fixture.cloud().publicIps.list().items).toEqual([]);
  });

  it("makes no floating IP when the driver is told not to", async () => {
    const fixture = await open({ driver: { floatingIps: false } });
    const basics = await vmBasics(fixture);
    await withNetwork(fixture, ["us-south-1"]);
    const vm = await fixture.conn.vm.create(vmRequest("quiet", basics, "web-1"));
    expect(vm.publicIp).toBeUndefined();
    expect(await calls(fixture, "create_floating_ip")).toEqual([]);
  });

  it("attaches subnets to one public gateway per zone, and deletes it with the VPC", async () => {
    const fixture = await open({ driver: { publicGateways: true } });
    const vpc = await fixture.conn.vpc.create({
      name: "out",
      ipv4Cidr: "10.3.0.0/16",
      subnets: [
        { name: "out-a", ipv4Cidr: "10.3.1.0/24", zone: "us-south-1" },
        { name: "out-b", ipv4Cidr: "10.3.2.0/24", zone: "us-south-1" },
        { name: "out-c", ipv4Cidr: "10.3.3.0/24", zone: "us-south-2" },
      ],
    });
    const gateways = vpc.subnets.map((s) => s.extra?.["publicGateway"]);
    expect(await calls(fixture, "create_public_gateway")).toHaveLength(2);
    expect(await calls(fixture, "set_subnet_public_gateway")).toHaveLength(3);
    const read = await fixture.conn.vpc.get("out");
    const attached = read.subnets.map((s) => s.extra?.["publicGateway"]);
    expect(attached.every((g) => g !== undefined && g !== "")).toBe(true);
    expect(new Set(attached).size).toBe(2);
    expect(gateways).toHaveLength(3);
    await fixture.conn.vpc.delete("out");
    expect(await calls(fixture, "delete_public_gateway")).toHaveLength(2);
    expect(fixture.cloud().vpcs.list().items).toEqual([]);
  });

  it("waits for a load balancer another change left updating, and sends the refused change again", async () => {
    const fixture = await open();
    const basics = await vmBasics(fixture);
    await withNetwork(fixture, ["us-south-1"]);
    for (const name of ["a", "b", "c"]) await fixture.conn.vm.create(vmRequest(name, basics, "web-1"));
    const lb = await fixture.conn.nlb.create({
      name: "lb",
      vpcName: "net",
      listener: { protocol: "TCP", port: 80 },
      vmGroup: { protocol: "TCP", port: 8080, vmNames: ["a"] },
    });
    // Another tool adds a member: the load balancer is update_pending for a while.
    const vendor = await ibmVendorClient(fixture.conn);
    const lbId = lb.iid.systemId;
    const query = new URLSearchParams(vendor.vpcQuery).toString();
    const headers = { authorization: `Bearer ${await vendor.token()}`, "content-type": "application/json" };
    const read = await vendor.http.get<string>(`${vendor.roots.vpc}/v1/load_balancers/${lbId}?${query}`, { headers });
    const pool = (JSON.parse(read.data) as { pools: { id: string }[] }).pools[0]?.id ?? "";
    const c = (await fixture.conn.vm.get("c")).iid.systemId;
    const added = await vendor.http.post<string>(
      `${vendor.roots.vpc}/v1/load_balancers/${lbId}/pools/${pool}/members?${query}`,
      JSON.stringify({ port: 8080, target: { id: c } }),
      { headers },
    );
    expect(added.status).toBe(201);
    const grown = await fixture.conn.nlb.addVms("lb", ["b"]);
    expect(grown.vmGroup.vms.map((v) => v.nameId).sort()).toEqual(["a", "b", "c"]);
    const tries = await calls(fixture, "create_load_balancer_pool_member");
    expect(tries.map((t) => t.error?.code)).toEqual(["Conflict", undefined]);
  });

  it("grows a volume attached to a running VM, and refuses to grow a detached one as a Conflict", async () => {
    const fixture = await open();
    const basics = await vmBasics(fixture);
    await withNetwork(fixture, ["us-south-1"]);
    await fixture.conn.vm.create(vmRequest("web", basics, "web-1"));
    await fixture.conn.disk.create({ name: "data", diskSizeGB: 20 });
    const refused = await failure(fixture.conn.disk.resize("data", 30));
    expect([refused.code, refused.nativeCode]).toEqual(["Conflict", "volume_not_available"]);
    await fixture.conn.disk.attach("data", "web");
    expect((await fixture.conn.disk.resize("data", 40)).diskSizeGB).toBe(40);
    // Sent as a JSON merge patch, as the VPC API takes updates.
    expect(await calls(fixture, "update_volume")).toHaveLength(2);
  });

  it("attaches the tags of a create through the Global Tagging API", async () => {
    const fixture = await open();
    const basics = await vmBasics(fixture);
    await fixture.conn.vpc.create({
      name: "net",
      ipv4Cidr: "10.0.0.0/16",
      subnets: [{ name: "web-1", ipv4Cidr: "10.0.1.0/24", zone: "us-south-1", tags: { tier: "web" } }],
      tags: { team: "infra" },
    });
    await fixture.conn.securityGroup.create({ name: "sg", vpcName: "net", rules: [], tags: { team: "sec" } });
    await fixture.conn.keyPair.create({ name: "key" });
    await fixture.conn.vm.create({ ...vmRequest("web", basics, "web-1"), tags: { app: "shop", env: "" } });
    expect(await calls(fixture, "attach_tag")).toHaveLength(4);
    const tags = (resourceType: "vpc" | "subnet" | "securityGroup" | "vm", name: string, vpcName?: string) =>
      fixture.conn.tag.list({ resourceType, name, ...(vpcName ? { vpcName } : {}) });
    expect(await tags("vpc", "net")).toEqual([{ key: "team", value: "infra" }]);
    expect(await tags("subnet", "web-1", "net")).toEqual([{ key: "tier", value: "web" }]);
    expect(await tags("securityGroup", "sg", "net")).toEqual([{ key: "team", value: "sec" }]);
    expect(await tags("vm", "web")).toEqual(
      expect.arrayContaining([
        { key: "app", value: "shop" },
        { key: "env", value: "" },
      ]),
    );
  });

  it("follows next.href over more than three pages", async () => {
    const fixture = await open({ front: { maxPageSize: 1 } });
    await withNetwork(fixture, ["us-south-1"]);
    for (const name of ["k1", "k2", "k3", "k4"]) await fixture.conn.keyPair.create({ name });
    const before = (await calls(fixture, "list_keys")).length;
    const keys = (await fixture.conn.keyPair.inventory()).mapped;
    expect(keys.map((k) => k.nameId).sort()).toEqual(["k1", "k2", "k3", "k4", "key"]);
    expect((await calls(fixture, "list_keys")).length - before).toBeGreaterThan(3);
  });
});
