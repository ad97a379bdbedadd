/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { describe, expect, it } from "vitest";
import { closingClients } from "./support.js";
import type { RawClient } from "./support.js";

const client = closingClients();

/** A project with a routed network, a group, an image and a flavor. */
async function project(
  c: RawClient,
): Promise<{ net: string; subnet: string; sg: string; image: string; flavor: string; external: string }> {
  const net = (await c.call("POST", "/network/v2.0/networks", { network: { name: "n1" } })).body.network.id;
  const subnet = (
    await c.call("POST", "/network/v2.0/subnets", {
      subnet: { network_id: net, cidr: "10.0.1.0/24", ip_version: 4, name: "s1" },
    })
  ).body.subnet.id;
  const external = (await c.call("GET", "/network/v2.0/networks?router:external=true")).body.networks[0].id;
  const router = (
    await c.call("POST", "/network/v2.0/routers", {
      router: { name: "r", external_gateway_info: { network_id: external } },
    })
  ).body.router.id;
  await c.call("PUT", `/network/v2.0/routers/${router}/add_router_interface`, { subnet_id: subnet });
  const sg = (await c.call("POST", "/network/v2.0/security-groups", { security_group: { name: "web" } })).body
    .security_group.id;
  const images = (await c.call("GET", "/image/v2/images?visibility=public&limit=100")).body.images;
  const image = images.find((i: any) => i.architecture === "x86_64" && i.os_type === "linux").id;
  const flavors = (await c.call("GET", "/compute/v2.1/flavors?limit=100")).body.flavors;
  return { net, subnet, sg, image, flavor: flavors.find((f: any) => f.name === "m1.small").id, external };
}

const v = (version: string) => ({ "openstack-api-version": `compute ${version}` });

async function boot(c: RawClient, server: Record<string, unknown>, version = "2.79") {
  return c.call("POST", "/compute/v2.1/servers", { server }, v(version));
}

async function show(c: RawClient, id: string, version = "2.79") {
  return (await c.call("GET", `/compute/v2.1/servers/${id}`, undefined, v(version))).body.server;
}

async function portsOf(c: RawClient, serverId: string): Promise<any[]> {
  return (await c.call("GET", `/network/v2.0/ports?device_id=${serverId}`)).body.ports;
}

const nova = (name: string, code: number, message: string) => ({ [name]: { code, message } });

describe("OpenStack front: Nova servers on Neutron ports", () => {
  it("binds a port the user made, keeping its groups, and makes ports with the server's groups", async () => {
    const c = await client();
    const p = await project(c);
    const other = (await c.call("POST", "/network/v2.0/security-groups", { security_group: { name: "db" } })).body
      .security_group.id;
    const port = (
      await c.call("POST", "/network/v2.0/ports", {
        port: { network_id: p.net, fixed_ips: [{ ip_address: "10.0.1.50" }], security_groups: [other] },
      })
    ).body.port;
    const created = await boot(c, {
      name: "vm",
      imageRef: p.image,
      flavorRef: p.flavor,
      networks: [{ port: port.id }, { uuid: p.net }],
      security_groups: [{ name: "web" }],
    });
    expect(created.status).toBe(202);
    expect(created.body.server.security_groups).toEqual([{ name: "web" }]);
    const id = created.body.server.id;
    const ports = await portsOf(c, id);
    expect(ports).toHaveLength(2);
    const bound = ports.find((x) => x.id === port.id);
    expect(bound).toMatchObject({ device_id: id, device_owner: "compute:nova", security_groups: [other] });
    const made = ports.find((x) => x.id !== port.id);
    expect(made).toMatchObject({ network_id: p.net, security_groups: [p.sg], fixed_ips: [{ subnet_id: p.subnet }] });
    expect((await show(c, id)).addresses).toEqual({});
    c.clock.advance(c.world.timing.vmBootMs);
    const active = await show(c, id);
    expect(active.addresses).toEqual({
      n1: [
        { version: 4, addr: "10.0.1.50", "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": port.mac_address },
        {
          version: 4,
          addr: made.fixed_ips[0].ip_address,
          "OS-EXT-IPS:type": "fixed",
          "OS-EXT-IPS-MAC:mac_addr": made.mac_address,
        },
      ],
    });
    // Nova names each group of each port; the order follows Neutron's port list.
    expect(active.security_groups).toHaveLength(2);
    expect(active.security_groups).toEqual(expect.arrayContaining([{ name: "db" }, { name: "web" }]));
    expect((await portsOf(c, id)).every((x) => x.status === "ACTIVE")).toBe(true);
  });

  it("refuses a bound port, an unknown one, a port with a fixed IP, and an address in use, as Nova does", async () => {
    const c = await client();
    const p = await project(c);
    const server = { name: "vm", imageRef: p.image, flavorRef: p.flavor };
    const first = (await boot(c, { ...server, networks: [{ uuid: p.net, fixed_ip: "10.0.1.20" }] })).body.server.id;
    const [made] = await portsOf(c, first);
    expect(made.fixed_ips).toEqual([{ subnet_id: p.subnet, ip_address: "10.0.1.20" }]);
    const inUse = await boot(c, { ...server, networks: [{ port: made.id }] });
    expect(inUse.status).toBe(409);
    expect(inUse.body).toEqual(nova("conflictingRequest", 409, `Port ${made.id} is still in use.`));
    const unknown = "00000000-0000-4000-8000-000000000001";
    expect((await boot(c, { ...server, networks: [{ port: unknown }] })).body).toEqual(
      nova("badRequest", 400, `Port id ${unknown} could not be found.`),
    );
    expect((await boot(c, { ...server, networks: [{ port: made.id, fixed_ip: "10.0.1.9" }] })).body).toEqual(
      nova(
        "badRequest",
        400,
        `Specified Fixed IP '10.0.1.9' cannot be used with port '${made.id}': the two cannot be specified together.`,
      ),
    );
    expect((await boot(c, { ...server, networks: [{ uuid: p.net, fixed_ip: "10.0.1.20" }] })).body).toEqual(
      nova("badRequest", 400, `Fixed IP address 10.0.1.20 is already in use on instance ${first}.`),
    );
    expect(
      (await boot(c, { ...server, networks: [{ uuid: p.net }], security_groups: [{ name: "nope" }] })).body,
    ).toEqual(nova("badRequest", 400, "Unable to find security_group with name or id 'nope'"));
    const missing = await boot(c, server);
    expect(missing.status).toBe(400);
    expect(missing.body.badRequest.message).toMatch(
      /^Invalid input for field\/attribute server\. Value: \{'name': 'vm', .*\}\. 'networks' is a required property$/,
    );
    // Before 2.37 `networks` may be left out, when one network is the project's to use: the
    // provider network counts, so a project with a network of its own must name it.
    expect((await boot(c, server, "2.36")).body).toEqual(
      nova("conflictingRequest", 409, "Multiple possible networks found, use a Network ID to be more specific."),
    );
    expect((await c.call("GET", "/network/v2.0/ports?fixed_ips=ip_address=10.0.1.9")).body.ports).toEqual([]);
  });

  it("deletes the ports it made with the server, unbinds the ones it was given; floating IPs stay allocated", async () => {
    const c = await client();
    const p = await project(c);
    const mine = (await c.call("POST", "/network/v2.0/ports", { port: { network_id: p.net } })).body.port;
    const id = (
      await boot(c, {
        name: "vm",
        imageRef: p.image,
        flavorRef: p.flavor,
        networks: [{ uuid: p.net }, { port: mine.id }],
      })
    ).body.server.id;
    const made = (await portsOf(c, id)).find((x) => x.id !== mine.id);
    const fip = async (port: string) =>
      (
        await c.call("POST", "/network/v2.0/floatingips", {
          floatingip: { floating_network_id: p.external, port_id: port },
        })
      ).body.floatingip;
    const onMade = await fip(made.id);
    const onMine = await fip(mine.id);
    c.clock.advance(c.world.timing.vmBootMs);
    expect((await show(c, id)).addresses.n1.filter((a: any) => a["OS-EXT-IPS:type"] === "floating")).toHaveLength(2);
    expect((await c.call("DELETE", `/compute/v2.1/servers/${id}`)).status).toBe(204);
    c.clock.advance(c.world.timing.vmTerminateMs);
    expect((await c.call("GET", `/network/v2.0/ports/${made.id}`)).status).toBe(404);
    expect((await c.call("GET", `/network/v2.0/ports/${mine.id}`)).body.port).toMatchObject({
      device_id: "",
      device_owner: "",
      status: "DOWN",
    });
    expect((await c.call("GET", `/network/v2.0/floatingips/${onMade.id}`)).body.floatingip).toMatchObject({
      port_id: null,
      fixed_ip_address: null,
      router_id: null,
      status: "DOWN",
      floating_ip_address: onMade.floating_ip_address,
    });
    // A floating IP on a port the user keeps stays on it.
    expect((await c.call("GET", `/network/v2.0/floatingips/${onMine.id}`)).body.floatingip.port_id).toBe(mine.id);
  });

  it("disassociates a floating IP whose port is deleted under a running server", async () => {
    const c = await client();
    const p = await project(c);
    const id = (await boot(c, { name: "vm", imageRef: p.image, flavorRef: p.flavor, networks: [{ uuid: p.net }] })).body
      .server.id;
    const [port] = await portsOf(c, id);
    const ip = (
      await c.call("POST", "/network/v2.0/floatingips", {
        floatingip: { floating_network_id: p.external, port_id: port.id },
      })
    ).body.floatingip;
    expect(ip).toMatchObject({ port_id: port.id, status: "ACTIVE", fixed_ip_address: port.fixed_ips[0].ip_address });
    expect((await c.call("DELETE", `/network/v2.0/ports/${port.id}`)).status).toBe(204);
    const after = (await c.call("GET", `/network/v2.0/floatingips/${ip.id}`)).body.floatingip;
    expect(after).toMatchObject({ port_id: null, fixed_ip_address: null, router_id: null, status: "DOWN" });
    expect((await c.call("GET", "/network/v2.0/floatingips")).body.floatingips.map((f: any) => f.id)).toEqual([ip.id]);
  });

  it("fails a build on a world fault: ERROR with Nova's fault, its port gone, the floating IP left without a port", async () => {
    const c = await client();
    const p = await project(c);
    const mine = (await c.call("POST", "/network/v2.0/ports", { port: { network_id: p.net } })).body.port;
    c.world.faults.add({
      provider: "OPENSTACK",
      api: "nova:CreateServer",
      kind: "internal",
      phase: "background",
      times: 1,
    });
    const id = (
      await boot(c, {
        name: "doomed",
        imageRef: p.image,
        flavorRef: p.flavor,
        networks: [{ uuid: p.net }, { port: mine.id }],
      })
    ).body.server.id;
    expect((await show(c, id)).status).toBe("BUILD");
    // The driver's leak: a floating IP put on the server's port while it builds.
    const made = (await portsOf(c, id)).find((x) => x.id !== mine.id);
    const ip = (
      await c.call("POST", "/network/v2.0/floatingips", {
        floatingip: { floating_network_id: p.external, port_id: made.id },
      })
    ).body.floatingip;
    expect(ip.port_id).toBe(made.id);
    c.clock.advance(c.world.timing.vmBootMs);
    const failed = await show(c, id);
    expect(failed).toMatchObject({
      status: "ERROR",
      "OS-EXT-STS:vm_state": "error",
      "OS-EXT-STS:task_state": null,
      "OS-EXT-STS:power_state": 0,
      "OS-SRV-USG:launched_at": null,
      hostId: "",
      addresses: {},
      fault: { code: 500, message: "No valid host was found. There are not enough hosts available." },
    });
    expect(Date.parse(failed.fault.created)).toBe(Date.parse(failed.updated));
    expect(failed.progress).toBeUndefined();
    expect(failed.security_groups).toBeUndefined();
    expect(await portsOf(c, id)).toEqual([]);
    expect((await c.call("GET", `/network/v2.0/ports/${mine.id}`)).body.port).toMatchObject({
      device_id: "",
      device_owner: "",
    });
    expect((await c.call("GET", `/network/v2.0/floatingips/${ip.id}`)).body.floatingip).toMatchObject({
      port_id: null,
      fixed_ip_address: null,
      status: "DOWN",
    });
    const stop = await c.call("POST", `/compute/v2.1/servers/${id}/action`, { "os-start": null });
    expect(stop.body).toEqual(
      nova("conflictingRequest", 409, `Cannot 'start' instance ${id} while it is in vm_state error`),
    );
    expect((await c.call("DELETE", `/compute/v2.1/servers/${id}`)).status).toBe(204);
    // The next build is unaffected (the fault fired once).
    const next = (await boot(c, { name: "ok", imageRef: p.image, flavorRef: p.flavor, networks: [{ uuid: p.net }] }))
      .body.server.id;
    c.clock.advance(c.world.timing.vmBootMs);
    expect((await show(c, next)).status).toBe("ACTIVE");
  });
});

describe("OpenStack front: servers on the provider network", () => {
  it("gives a server attached to it a public fixed address; a floating IP cannot reach it", async () => {
    const c = await client();
    const external = (await c.call("GET", "/network/v2.0/networks?router:external=true")).body.networks[0].id;
    const image = (await c.call("GET", "/image/v2/images?visibility=public&limit=1")).body.images[0].id;
    const flavor = (await c.call("GET", "/compute/v2.1/flavors?limit=1")).body.flavors[0].id;
    // Before 2.37, with no network of its own, a project's server goes to the one it can use.
    const id = (await boot(c, { name: "edge", imageRef: image, flavorRef: flavor }, "2.36")).body.server.id;
    c.clock.advance(c.world.timing.vmBootMs);
    const server = await show(c, id);
    expect(Object.keys(server.addresses)).toEqual(["public"]);
    const [address] = server.addresses.public;
    expect(address).toMatchObject({ version: 4, "OS-EXT-IPS:type": "fixed" });
    expect(address.addr).toMatch(/^(185|193)\./);
    expect(
      c.world.accountRegion({ provider: "OPENSTACK", account: "acme", region: "RegionOne" }).vms.get(id).publicIp,
    ).toBe(address.addr);
    const [port] = await portsOf(c, id);
    expect(port.network_id).toBe(external);
    const fip = await c.call("POST", "/network/v2.0/floatingips", {
      floatingip: { floating_network_id: external, port_id: port.id },
    });
    expect(fip.status).toBe(404);
    expect(fip.body.NeutronError).toEqual({
      type: "ExternalGatewayForFloatingIPNotFound",
      message: `External network ${external} is not reachable from subnet ${port.fixed_ips[0].subnet_id}.  Therefore, cannot associate Port ${port.id} with a Floating IP.`,
      detail: "",
    });
  });
});

describe("OpenStack front: Nova block device mappings", () => {
  const volume = async (c: RawClient, body: Record<string, unknown>) => {
    const made = (await c.call("POST", `/volume/v3/${c.projectId}/volumes`, { volume: { size: 10, ...body } })).body
      .volume;
    c.clock.advance(c.world.timing.diskCreateMs);
    return made.id as string;
  };

  it("refuses an imageRef whose mappings hold no boot device, with Nova's wording", async () => {
    const c = await client();
    const p = await project(c);
    const data = await volume(c, { name: "data" });
    const onlyData = await boot(c, {
      name: "vm",
      imageRef: p.image,
      flavorRef: p.flavor,
      networks: [{ uuid: p.net }],
      block_device_mapping_v2: [{ uuid: data, source_type: "volume", destination_type: "volume", boot_index: -1 }],
    });
    expect(onlyData.status).toBe(400);
    expect(onlyData.body).toEqual(
      nova(
        "badRequest",
        400,
        "Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.",
      ),
    );
    const cases: [Record<string, unknown>, string][] = [
      [{ block_device_mapping_v2: [] }, "Missing imageRef attribute"],
      [
        {
          block_device_mapping_v2: [{ uuid: p.image, source_type: "image", destination_type: "local", boot_index: 0 }],
        },
        "Block Device Mapping is Invalid: Mapping image to local is not supported.",
      ],
      [
        {
          block_device_mapping_v2: [{ uuid: p.image, source_type: "image", destination_type: "volume", boot_index: 0 }],
        },
        "Images with destination_type 'volume' need to have a non-zero size specified",
      ],
      [
        { block_device_mapping_v2: [{ uuid: data, source_type: "volume", destination_type: "volume", boot_index: 0 }] },
        `Block Device ${data} is not bootable.`,
      ],
    ];
    for (const [extra, message] of cases) {
      const res = await boot(c, { name: "vm", flavorRef: p.flavor, networks: [{ uuid: p.net }], ...extra });
      expect(res.body, message).toEqual(nova("badRequest", 400, message));
    }
  });

  it("boots an image with the image mapping at boot_index 0 and attaches a data volume", async () => {
    const c = await client();
    const p = await project(c);
    const data = await volume(c, { name: "data" });
    const res = await boot(c, {
      name: "vm",
      imageRef: p.image,
      flavorRef: p.flavor,
      networks: [{ uuid: p.net }],
      block_device_mapping_v2: [
        { uuid: p.image, source_type: "image", destination_type: "local", boot_index: 0, delete_on_termination: true },
        { uuid: data, source_type: "volume", destination_type: "volume", boot_index: -1 },
      ],
    });
    expect(res.status).toBe(202);
    const server = await show(c, res.body.server.id);
    expect(server.image.id).toBe(p.image);
    expect(server["os-extended-volumes:volumes_attached"]).toEqual([{ id: data, delete_on_termination: false }]);
  });

  it("boots from a volume Nova makes of the image: bootable, with the image's metadata, gone with the server", async () => {
    const c = await client();
    const p = await project(c);
    const res = await boot(c, {
      name: "bfv",
      flavorRef: p.flavor,
      networks: [{ uuid: p.net }],
      block_device_mapping_v2: [
        {
          uuid: p.image,
          source_type: "image",
          destination_type: "volume",
          boot_index: 0,
          volume_size: 20,
          delete_on_termination: true,
        },
      ],
    });
    expect(res.status).toBe(202);
    const id = res.body.server.id;
    // Nova makes the volume while the server builds.
    c.clock.advance(c.world.timing.vmBootMs);
    const server = await show(c, id);
    expect(server.image).toBe("");
    const [root] = server["os-extended-volumes:volumes_attached"];
    expect(root.delete_on_termination).toBe(true);
    expect((await show(c, id, "2.1"))["os-extended-volumes:volumes_attached"]).toEqual([{ id: root.id }]);
    const cinder = (await c.call("GET", `/volume/v3/${c.projectId}/volumes/${root.id}`)).body.volume;
    expect(cinder).toMatchObject({
      size: 20,
      bootable: "true",
      status: "in-use",
      volume_image_metadata: { image_id: p.image },
      attachments: [expect.objectContaining({ server_id: id, device: "/dev/vda" })],
    });
    const detach = await c.call("DELETE", `/compute/v2.1/servers/${id}/os-volume_attachments/${root.id}`);
    expect(detach.body).toEqual(nova("badRequest", 400, "Cannot detach a root device volume"));
    await c.call("DELETE", `/compute/v2.1/servers/${id}`);
    c.clock.advance(c.world.timing.vmTerminateMs);
    expect((await c.call("GET", `/volume/v3/${c.projectId}/volumes/${root.id}`)).status).toBe(404);
  });

  it("boots from the user's bootable volume and leaves it when delete_on_termination is false", async () => {
    const c = await client();
    const p = await project(c);
    // Cinder's imageRef is the storage front's; the world makes the bootable volume directly.
    const cloud = c.world.accountRegion({ provider: "OPENSTACK", account: "acme", region: "RegionOne" });
    const root = cloud.disks.create({ name: "root", sourceImageId: p.image, sizeGB: 20 }).id;
    c.clock.advance(c.world.timing.diskCreateMs);
    const id = (
      await boot(c, {
        name: "mine",
        flavorRef: p.flavor,
        networks: [{ uuid: p.net }],
        block_device_mapping_v2: [{ uuid: root, source_type: "volume", destination_type: "volume", boot_index: 0 }],
      })
    ).body.server.id;
    expect((await show(c, id))["os-extended-volumes:volumes_attached"]).toEqual([
      { id: root, delete_on_termination: false },
    ]);
    await c.call("DELETE", `/compute/v2.1/servers/${id}`);
    c.clock.advance(c.world.timing.vmTerminateMs);
    expect((await c.call("GET", `/volume/v3/${c.projectId}/volumes/${root}`)).body.volume.status).toBe("available");
  });
});

describe("OpenStack front: Nova server bodies by microversion", () => {
  it("shows the flavor by id below 2.47 and embedded from 2.47, and the fields each microversion adds", async () => {
    const c = await client();
    const p = await project(c);
    const id = (await boot(c, { name: "vm", imageRef: p.image, flavorRef: p.flavor, networks: [{ uuid: p.net }] })).body
      .server.id;
    c.clock.advance(c.world.timing.vmBootMs);
    const old = await show(c, id, "2.1");
    expect(old.flavor).toEqual({
      id: p.flavor,
      links: [{ rel: "bookmark", href: `${c.regionUrl}/compute/flavors/${p.flavor}` }],
    });
    for (const key of ["locked", "description", "tags", "trusted_image_certificates", "server_groups"])
      expect(old[key], key).toBeUndefined();
    expect(old.progress).toBe(0);
    expect(old.hostId).toMatch(/^[0-9a-f]{56}$/);
    const modern = await show(c, id, "2.96");
    expect(modern.flavor).toEqual({
      vcpus: 1,
      ram: 2048,
      disk: 0,
      ephemeral: 0,
      swap: 0,
      original_name: "m1.small",
      extra_specs: { "trait:HW_ARCH_X86_64": "required" },
    });
    expect(modern).toMatchObject({
      locked: false,
      description: null,
      tags: [],
      trusted_image_certificates: null,
      server_groups: [],
      locked_reason: null,
      "OS-EXT-SRV-ATTR:hostname": "vm",
      pinned_availability_zone: null,
    });
    const detail = (await c.call("GET", "/compute/v2.1/servers/detail", undefined, v("2.96"))).body.servers[0];
    expect(detail.server_groups).toBeUndefined();
    await c.call("POST", `/compute/v2.1/servers/${id}/action`, { "os-stop": null });
    c.clock.advance(c.world.timing.vmStopMs);
    const stopped = await show(c, id);
    expect(stopped.status).toBe("SHUTOFF");
    expect(stopped.progress).toBeUndefined();
  });

  it("lists a dual-stack server's IPv4 and IPv6 addresses, version 4 and 6, with its port's MAC", async () => {
    const c = await client();
    const p = await project(c);
    await c.call("POST", "/network/v2.0/subnets", {
      subnet: { network_id: p.net, cidr: "2001:db8:7::/64", ip_version: 6, ipv6_address_mode: "slaac" },
    });
    const id = (await boot(c, { name: "dual", imageRef: p.image, flavorRef: p.flavor, networks: [{ uuid: p.net }] }))
      .body.server.id;
    c.clock.advance(c.world.timing.vmBootMs);
    const [port] = await portsOf(c, id);
    const addresses = (await show(c, id)).addresses.n1;
    expect(addresses.map((a: any) => a.version).sort()).toEqual([4, 6]);
    expect(addresses.find((a: any) => a.version === 6).addr).toMatch(/^2001:db8:7:0:/);
    for (const a of addresses)
      expect(a).toMatchObject({ "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": port.mac_address });
  });

  it("negotiates up to the deployment's maximum and says so in the unauthenticated version documents", async () => {
    for (const [deployment, max] of [
      ["current", "2.96"],
      ["zed", "2.93"],
      ["queens", "2.60"],
    ] as const) {
      const c = await client({ deployment });
      const root = await fetch(`${c.regionUrl}/compute/`);
      expect(root.status).toBe(200);
      const { versions } = (await root.json()) as any;
      expect(versions).toEqual([
        {
          id: "v2.0",
          status: "SUPPORTED",
          version: "",
          min_version: "",
          updated: "2011-01-21T11:33:21Z",
          links: [{ rel: "self", href: `${c.regionUrl}/compute/v2/` }],
        },
        {
          id: "v2.1",
          status: "CURRENT",
          version: max,
          min_version: "2.1",
          updated: "2013-07-23T11:33:21Z",
          links: [{ rel: "self", href: `${c.regionUrl}/compute/v2.1/` }],
        },
      ]);
      const one = (await (await fetch(`${c.regionUrl}/compute/v2.1/`)).json()) as any;
      expect(one.version).toMatchObject({ id: "v2.1", version: max, min_version: "2.1" });
      expect(one.version.links[0]).toEqual({ rel: "self", href: `${c.regionUrl}/compute/v2.1/` });
      const latest = await c.call("GET", "/compute/v2.1/flavors", undefined, {
        "openstack-api-version": "compute latest",
      });
      expect(latest.headers.get("openstack-api-version")).toBe(`compute ${max}`);
    }
  });

  it("answers over quota with Nova's 403 wording", async () => {
    const c = await client();
    const p = await project(c);
    c.world.quotas.set({ provider: "OPENSTACK", account: "acme" }, { vms: 1 });
    await boot(c, { name: "one", imageRef: p.image, flavorRef: p.flavor, networks: [{ uuid: p.net }] });
    const two = await boot(c, { name: "two", imageRef: p.image, flavorRef: p.flavor, networks: [{ uuid: p.net }] });
    expect(two.status).toBe(403);
    expect(two.body).toEqual(
      nova("forbidden", 403, "Quota exceeded for instances: Requested 1, but already used 1 of 1 instances"),
    );
    // Nothing Nova made for the refused server stays behind.
    expect(
      (await c.call("GET", `/network/v2.0/ports?network_id=${p.net}&device_owner=`)).body.ports.filter(
        (x: any) => x.device_owner === "",
      ),
    ).toEqual([]);
  });
});
