import { baristaRejectionOf as failure } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { collect } from "@cloud-barista/core";
import type { VmRequest } from "@cloud-barista/core";
import { openStackDeployments } from "@cloud-barista/emulator/openstack";
import type { OpenStackDeployment } from "@cloud-barista/emulator/openstack";
import { account, fixturesClosedAfterEach, rawCall, recordedApis } from "./support.js";
import type { OpenStackFixture } from "./support.js";

// What real OpenStack deployments do that a driver written against one idealised cloud gets
// wrong (issue 10). Every test goes through the public API to the emulator's OpenStack front,
// which answers as the OpenStack API references say, configured like the release named.

const fixture = fixturesClosedAfterEach();

const region = "kr-central-1";
const cloudOf = (f: OpenStackFixture) => f.world.accountRegion({ provider: "OPENSTACK", account, region });

const raw = rawCall;

async function linuxImage(f: OpenStackFixture): Promise<string> {
  const images = await collect(f.conn.metadata.images());
  return images.find((i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64")?.id ?? "";
}

/** A VPC with two subnets, a group and a key: what a VM needs. */
async function network(f: OpenStackFixture): Promise<Omit<VmRequest, "name">> {
  await f.conn.vpc.create({
    name: "net",
    subnets: [
      { name: "a", ipv4Cidr: "10.0.1.0/24" },
      { name: "b", ipv4Cidr: "10.0.2.0/24" },
    ],
  });
  await f.conn.securityGroup.create({
    name: "ssh",
    vpcName: "net",
    rules: [{ direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" }],
  });
  await f.conn.keyPair.create({ name: "key" });
  return {
    image: await linuxImage(f),
    specName: "m1.small",
    vpcName: "net",
    subnetName: "a",
    securityGroupNames: ["ssh"],
    keyPairName: "key",
  };
}

describe("Neutron refuses tags in a create body", () => {
  it.each(["current", "zed", "queens"] as const)(
    "tags networks, subnets and groups after creating them (%s)",
    async (deployment) => {
      const f = await fixture({ front: { deployment } });
      await f.conn.vpc.create({
        name: "tagged",
        subnets: [{ name: "s", ipv4Cidr: "10.9.0.0/24", tags: { tier: "web" } }],
        tags: { team: "blue" },
      });
      await f.conn.securityGroup.create({ name: "g", vpcName: "tagged", rules: [], tags: { team: "blue" } });
      const vpc = await f.conn.vpc.get("tagged");
      expect(vpc.tags).toEqual({ team: "blue" });
      expect(vpc.subnets[0]?.tags).toEqual({ tier: "web" });
      expect((await f.conn.securityGroup.get("g", { vpcName: "tagged" })).tags).toEqual({ team: "blue" });
      const apis = await recordedApis(f.barista);
      expect(apis.indexOf("neutron:ReplaceTags")).toBeGreaterThan(apis.indexOf("neutron:CreateNetwork"));
    },
  );

  it("undoes a create whose tagging fails, leaving no network behind", async () => {
    const f = await fixture({ front: { deployment: "zed" } });
    f.world.faults.add({ provider: "OPENSTACK", api: "neutron:ReplaceTags", kind: "quota" });
    const error = await failure(f.conn.vpc.create({ name: "t", subnets: [], tags: { team: "blue" } }));
    expect(error.code).toBe("QuotaExceeded");
    expect(
      cloudOf(f)
        .vpcs.list()
        .items.map((n) => n.name),
    ).toEqual(["public"]);
    expect(await recordedApis(f.barista)).toEqual(expect.arrayContaining(["neutron:DeleteNetwork"]));
  });
});

describe("Cinder and Octavia work in the background", () => {
  it("returns from a resize once the volume shows the new size, detached or attached", async () => {
    const f = await fixture();
    await f.conn.disk.create({ name: "d", diskSizeGB: 10 });
    const resized = await f.conn.disk.resize("d", 20);
    expect(resized).toMatchObject({ diskSizeGB: 20, status: "Available" });
    await f.conn.vm.create({ name: "vm", ...(await network(f)) });
    await f.conn.disk.attach("d", "vm");
    expect(await f.conn.disk.resize("d", 30)).toMatchObject({ diskSizeGB: 30, status: "Attached" });
  });

  it("waits for a load balancer to settle before and after every change, tags too", async () => {
    const f = await fixture();
    const vm = await f.conn.vm.create({ name: "web", ...(await network(f)) });
    await f.conn.nlb.create({
      name: "lb",
      vpcName: "net",
      type: "INTERNAL",
      listener: { protocol: "TCP", port: 80 },
      vmGroup: { protocol: "TCP", port: 8080, vmNames: [vm.iid.nameId] },
    });
    // Each change leaves Octavia PENDING_UPDATE, which refuses the next one with 409 unless awaited.
    await f.conn.tag.add({ resourceType: "nlb", name: "lb" }, { key: "a", value: "1" });
    await f.conn.tag.add({ resourceType: "nlb", name: "lb" }, { key: "b", value: "2" });
    await f.conn.nlb.removeVms("lb", ["web"]);
    await f.conn.tag.remove({ resourceType: "nlb", name: "lb" }, "a");
    await f.conn.nlb.delete("lb");
    expect(cloudOf(f).nlbs.list().items).toEqual([]);
  });
});

describe("floating IPs", () => {
  it("releases the floating IP and the port of a VM whose build failed", async () => {
    const f = await fixture();
    const request = await network(f);
    f.world.faults.add({
      provider: "OPENSTACK",
      api: "nova:CreateServer",
      kind: "internal",
      phase: "background",
      times: 1,
    });
    const error = await failure(f.conn.vm.create({ name: "doomed", ...request }));
    expect(error.message).toMatch(/Failed/);
    expect(await f.conn.vm.getStatus("doomed")).toBe("Failed");
    expect(cloudOf(f).publicIps.list().items).toHaveLength(1);
    await f.conn.vm.delete("doomed");
    expect(cloudOf(f).publicIps.list().items).toEqual([]);
    const { ports } = (await raw<{ ports: { description: string }[] }>(f, "network", "GET", "/ports")).body;
    expect(ports.filter((p) => p.description.startsWith("cloud-barista:vm:"))).toEqual([]);
  });

  it("finds the floating IPs left on no port and releases them", async () => {
    const f = await fixture();
    const vm = await f.conn.vm.create({ name: "vm", ...(await network(f)) });
    // Another tool deletes the VM's port: Neutron keeps its floating IP, on no port.
    expect((await raw(f, "network", "DELETE", `/ports/${vm.extra?.["portId"] ?? ""}`)).status).toBe(204);
    const orphans = await collect(f.conn.orphans.list());
    expect(orphans).toEqual([
      expect.objectContaining({ kind: "floatingip", detail: vm.publicIp, madeFor: `cloud-barista:${vm.iid.systemId}` }),
    ]);
    const report = await f.conn.orphans.release();
    expect(report.released.map((o) => o.id)).toEqual(orphans.map((o) => o.id));
    expect(cloudOf(f).publicIps.list().items).toEqual([]);
  });

  it("releases on destroyAll what a VM gone from the cloud and from the store left behind", async () => {
    const f = await fixture();
    const vm = await f.conn.vm.create({ name: "vm", ...(await network(f)) });
    // The process that made the VM crashed; another tool then deleted its server and port.
    await f.conn.vm.unregister("vm");
    expect((await raw(f, "compute", "DELETE", `/servers/${vm.iid.systemId}`)).status).toBe(204);
    await raw(f, "network", "DELETE", `/ports/${vm.extra?.["portId"] ?? ""}`);
    const report = await f.conn.destroyAll();
    expect(report.orphans.released).toEqual([expect.objectContaining({ kind: "floatingip", detail: vm.publicIp })]);
    expect(report.allDestroyed).toBe(true);
    expect(cloudOf(f).publicIps.list().items).toEqual([]);
  });
});

describe("servers as Nova makes them", () => {
  it("puts each VM in the subnet asked for, whatever order Neutron lists subnets in", async () => {
    const f = await fixture();
    const request = await network(f);
    const inA = await f.conn.vm.create({ name: "in-a", ...request, subnetName: "a" });
    const inB = await f.conn.vm.create({ name: "in-b", ...request, subnetName: "b" });
    expect([inA.subnetIID.nameId, inA.privateIp]).toEqual(["a", expect.stringMatching(/^10\.0\.1\./)]);
    expect([inB.subnetIID.nameId, inB.privateIp]).toEqual(["b", expect.stringMatching(/^10\.0\.2\./)]);
    // One network, one consistent source: the port's.
    expect(inB.vpcIID).toEqual({ nameId: "net", systemId: (await f.conn.vpc.get("net")).iid.systemId });
  });

  it("boots with data disks (the image as boot device 0) and from a volume of the asked size", async () => {
    const f = await fixture();
    const request = await network(f);
    await f.conn.disk.create({ name: "data", diskSizeGB: 5 });
    const withData = await f.conn.vm.create({ name: "with-data", ...request, dataDiskNames: ["data"] });
    expect(withData.dataDiskIIDs.map((d) => d.nameId)).toEqual(["data"]);
    expect((await f.conn.disk.get("data")).status).toBe("Attached");

    const fromVolume = await f.conn.vm.create({ name: "from-volume", ...request, rootDiskSizeGB: 30 });
    // Nova shows "image": "" for it: the image and the size are the root volume's.
    expect(fromVolume.imageIID.systemId).toBe(request.image);
    expect(fromVolume.rootDiskSizeGB).toBe(30);
    expect(fromVolume.dataDiskIIDs).toEqual([]);
    const listed = (await collect(f.conn.vm.list())).find((v) => v.iid.nameId === "from-volume");
    expect(listed).toMatchObject({ imageIID: { systemId: request.image }, rootDiskSizeGB: 30 });
  });

  it("names the flavor and the login user where Nova does not embed the flavor (before 2.47)", async () => {
    const f = await fixture({ driver: { computeMicroversion: "2.46" } });
    const vm = await f.conn.vm.create({ name: "old", ...(await network(f)) });
    expect(await f.conn.vm.get("old")).toMatchObject({ specName: "m1.small", vmUserId: "cb-user" });
    expect(vm.specName).toBe("m1.small");
  });

  it("speaks an older Nova's highest microversion (queens: 2.60)", async () => {
    const f = await fixture({ front: { deployment: "queens" } });
    await f.conn.vm.create({ name: "vm", ...(await network(f)) });
    expect((await f.conn.vm.get("vm")).specName).toBe("m1.small");
  });
});

describe("addresses", () => {
  it("reports a VM on the operator's provider network as public by its own address", async () => {
    const f = await fixture();
    type Networks = { networks: { id: string }[] };
    const externals = (await raw<Networks>(f, "network", "GET", "/networks?router:external=true")).body.networks;
    const externalId = externals[0]?.id ?? "";
    const provider = await f.conn.vpc.register({ name: "provider", systemId: externalId });
    const subnet = provider.subnets.find((s) => s.ipv4Cidr !== undefined);
    await f.conn.vpc.registerSubnet("provider", { name: "public-v4", systemId: subnet?.iid.systemId ?? "" });
    await f.conn.securityGroup.create({ name: "open", vpcName: "provider", rules: [] });
    await f.conn.keyPair.create({ name: "key" });
    const vm = await f.conn.vm.create({
      name: "edge",
      image: await linuxImage(f),
      specName: "m1.small",
      vpcName: "provider",
      subnetName: "public-v4",
      securityGroupNames: ["open"],
      keyPairName: "key",
    });
    expect(vm.publicIp).toBeDefined();
    expect(vm.publicIp).toBe(vm.privateIp);
    expect(vm.sshAccessPoint).toBe(`${vm.publicIp}:22`);
    // No floating IP was needed (Neutron would refuse one on an external network's port).
    expect(cloudOf(f).publicIps.list().items).toEqual([]);
  });

  it("keeps IPv6 out of the IPv4 fields: IPv6 subnets and addresses have their own", async () => {
    const f = await fixture();
    const request = await network(f);
    const networkId = (await f.conn.vpc.get("net")).iid.systemId;
    const v6 = await raw<{ subnet: { id: string } }>(f, "network", "POST", "/subnets", {
      subnet: {
        network_id: networkId,
        name: "v6",
        ip_version: 6,
        cidr: "fd00:1::/64",
        ipv6_address_mode: "slaac",
        ipv6_ra_mode: "slaac",
      },
    });
    expect(v6.status).toBe(201);
    const subnets = (await f.conn.vpc.get("net")).subnets;
    expect(subnets.find((s) => s.iid.systemId === v6.body.subnet.id)).toMatchObject({ ipv6Cidr: "fd00:1::/64" });
    expect(subnets.find((s) => s.iid.systemId === v6.body.subnet.id)).not.toHaveProperty("ipv4Cidr");
    const vm = await f.conn.vm.get((await f.conn.vm.create({ name: "dual", ...request })).iid.nameId);
    expect(vm.privateIp).toMatch(/^10\.0\.1\.\d+$/);
    expect(vm.extra?.["ipv6Addresses"]).toMatch(/^fd00:1:/);
  });
});

describe("regions without Block Storage or Octavia", () => {
  const noServices: OpenStackDeployment = { ...openStackDeployments.queens, blockStorage: [] };

  it("reports the missing services for the connection and keeps inventories, tag search and destroyAll working", async () => {
    const f = await fixture({ front: { deployment: noServices } });
    expect(f.conn.capabilities.handlers.nlb).toBe(true);
    const here = await f.conn.regionCapabilities();
    expect([here.handlers.nlb, here.handlers.disk, here.handlers.vm]).toEqual([false, false, true]);
    await f.conn.vpc.create({ name: "net", subnets: [{ name: "a", ipv4Cidr: "10.0.1.0/24" }], tags: { k: "v" } });
    expect(await f.conn.nlb.inventory()).toEqual({ mapped: [], onlyTracked: [], onlyInCloud: [] });
    expect(await f.conn.disk.inventory()).toEqual({ mapped: [], onlyTracked: [], onlyInCloud: [] });
    const found = await collect(f.conn.tag.find("all", "k"));
    expect(found.map((r) => [r.resourceType, r.iid.nameId])).toEqual([["vpc", "net"]]);
    expect((await failure(f.conn.disk.create({ name: "d" }))).code).toBe("NotSupported");
    expect((await f.conn.destroyAll()).allDestroyed).toBe(true);
  });

  it.each([
    ["legacy types with versions (queens: volume v1, volumev2)", openStackDeployments.queens],
    [
      "a %(project_id)s template",
      { ...openStackDeployments.zed, blockStorage: [{ type: "volumev3", path: "volume/v3/%(project_id)s" }] },
    ],
    [
      "a project-less v3 URL",
      { ...openStackDeployments.zed, blockStorage: [{ type: "block-storage", path: "volume/v3" }] },
    ],
  ])("finds Cinder's v3 root from %s", async (_label, deployment: OpenStackDeployment) => {
    const f = await fixture({ front: { deployment } });
    await f.conn.disk.create({ name: "d", diskSizeGB: 3 });
    expect((await f.conn.disk.get("d")).diskSizeGB).toBe(3);
  });
});

describe("rules and states older shapes leave out", () => {
  it("reads a Neutron rule without ethertype as IPv4", async () => {
    const f = await fixture();
    await network(f);
    const group = await f.conn.securityGroup.get("ssh", { vpcName: "net" });
    const made = await raw(f, "network", "POST", "/security-group-rules", {
      security_group_rule: {
        security_group_id: group.iid.systemId,
        direction: "ingress",
        protocol: "tcp",
        port_range_min: 443,
        port_range_max: 443,
        remote_ip_prefix: "0.0.0.0/0",
      },
    });
    expect(made.status).toBe(201);
    const rules = (await f.conn.securityGroup.get("ssh", { vpcName: "net" })).rules;
    expect(rules).toContainEqual({
      direction: "inbound",
      protocol: "TCP",
      fromPort: 443,
      toPort: 443,
      cidr: "0.0.0.0/0",
    });
  });
});
