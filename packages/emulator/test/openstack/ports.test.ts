/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { describe, expect, it } from "vitest";
import { closingClients } from "./support.js";
import type { RawClient } from "./support.js";

const client = closingClients();

const neutronError = (type: string, message: string) => ({ NeutronError: { type, message, detail: "" } });

/** A network with two IPv4 subnets and a security group. */
async function network(c: RawClient): Promise<{ net: string; a: string; b: string; sg: string }> {
  const net = (await c.call("POST", "/network/v2.0/networks", { network: { name: "n" } })).body.network.id;
  const subnet = async (cidr: string) =>
    (await c.call("POST", "/network/v2.0/subnets", { subnet: { network_id: net, cidr, ip_version: 4 } })).body.subnet
      .id as string;
  const a = await subnet("10.0.1.0/24");
  const b = await subnet("10.0.2.0/24");
  const sg = (await c.call("POST", "/network/v2.0/security-groups", { security_group: { name: "web" } })).body
    .security_group.id;
  return { net, a, b, sg };
}

describe("OpenStack front: Neutron ports", () => {
  it("allocates the address asked for in the subnet asked for, and the first free one otherwise", async () => {
    const c = await client();
    const { net, a, b, sg } = await network(c);
    const inB = await c.call("POST", "/network/v2.0/ports", {
      port: { network_id: net, name: "p1", fixed_ips: [{ subnet_id: b }], security_groups: [sg] },
    });
    expect(inB.status).toBe(201);
    expect(inB.body.port).toMatchObject({
      name: "p1",
      network_id: net,
      fixed_ips: [{ subnet_id: b, ip_address: "10.0.2.4" }],
      security_groups: [sg],
      device_id: "",
      device_owner: "",
      status: "DOWN",
      port_security_enabled: true,
      project_id: c.projectId,
    });
    expect(inB.body.port.mac_address).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
    const exact = await c.call("POST", "/network/v2.0/ports", {
      port: { network_id: net, fixed_ips: [{ ip_address: "10.0.1.77" }], device_owner: "compute:nova", device_id: "x" },
    });
    expect(exact.body.port).toMatchObject({
      fixed_ips: [{ subnet_id: a, ip_address: "10.0.1.77" }],
      device_id: "x",
      device_owner: "compute:nova",
    });
    // Without fixed_ips Neutron takes an address of the network's subnets in id order.
    const any = (await c.call("POST", "/network/v2.0/ports", { port: { network_id: net } })).body.port;
    expect(any.fixed_ips[0].subnet_id).toBe([a, b].sort()[0]);
    const listed = await c.call("GET", `/network/v2.0/ports?fixed_ips=ip_address=10.0.1.77`);
    expect(listed.body.ports.map((p: any) => p.id)).toEqual([exact.body.port.id]);
  });

  it("refuses wrong subnets, addresses outside them or in use, with Neutron's types and messages", async () => {
    const c = await client();
    const { net, a } = await network(c);
    const other = (await c.call("POST", "/network/v2.0/networks", { network: { name: "o" } })).body.network.id;
    const foreign = (
      await c.call("POST", "/network/v2.0/subnets", {
        subnet: { network_id: other, cidr: "10.9.0.0/24", ip_version: 4 },
      })
    ).body.subnet.id;
    const port = (body: Record<string, unknown>) => c.call("POST", "/network/v2.0/ports", { port: body });
    expect((await port({ network_id: net, fixed_ips: [{ subnet_id: foreign }] })).body).toEqual(
      neutronError(
        "InvalidInput",
        `Invalid input for operation: Failed to create port on network ${net}, because fixed_ips included invalid subnet ${foreign}.`,
      ),
    );
    expect((await port({ network_id: net, fixed_ips: [{ subnet_id: a, ip_address: "10.0.2.5" }] })).body).toEqual(
      neutronError("InvalidIpForSubnet", "IP address 10.0.2.5 is not a valid IP for the specified subnet."),
    );
    expect((await port({ network_id: net, fixed_ips: [{ ip_address: "192.168.0.5" }] })).body).toEqual(
      neutronError(
        "InvalidIpForNetwork",
        "IP address 192.168.0.5 is not a valid IP for any of the subnets on the specified network.",
      ),
    );
    expect((await port({ network_id: net, fixed_ips: [{ subnet_id: a, ip_address: "10.0.1.255" }] })).status).toBe(400);
    expect((await port({ network_id: net, fixed_ips: [{ ip_address: "10.0.1.9" }] })).status).toBe(201);
    const taken = await port({ network_id: net, fixed_ips: [{ ip_address: "10.0.1.9" }] });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual(
      neutronError("IpAddressAlreadyAllocated", `IP address 10.0.1.9 already allocated in subnet ${a}`),
    );
    const missingSubnet = await port({
      network_id: net,
      fixed_ips: [{ subnet_id: "00000000-0000-4000-8000-00000000000a" }],
    });
    expect(missingSubnet.status).toBe(404);
    expect(missingSubnet.body.NeutronError.type).toBe("SubnetNotFound");
    const noNetwork = await port({ network_id: "00000000-0000-4000-8000-00000000000b" });
    expect(noNetwork.body).toEqual(
      neutronError("NetworkNotFound", "Network 00000000-0000-4000-8000-00000000000b could not be found."),
    );
    expect((await port({ name: "x" })).body).toEqual(
      neutronError("HTTPBadRequest", "Failed to parse request. Required attribute 'network_id' not specified"),
    );
    const badGroup = await port({ network_id: net, security_groups: ["00000000-0000-4000-8000-00000000000c"] });
    expect(badGroup.body).toEqual(
      neutronError("SecurityGroupNotFound", "Security group 00000000-0000-4000-8000-00000000000c does not exist"),
    );
  });

  it("updates names and groups, refuses read-only attributes, deletes, and keeps router interfaces to routers", async () => {
    const c = await client();
    const { net, a, sg } = await network(c);
    const id = (await c.call("POST", "/network/v2.0/ports", { port: { network_id: net } })).body.port.id;
    const updated = await c.call("PUT", `/network/v2.0/ports/${id}`, {
      port: { name: "renamed", security_groups: [sg] },
    });
    expect(updated.body.port).toMatchObject({ name: "renamed", security_groups: [sg] });
    const insecure = await c.call("PUT", `/network/v2.0/ports/${id}`, { port: { port_security_enabled: false } });
    expect(insecure.status).toBe(409);
    expect(insecure.body.NeutronError.type).toBe("PortSecurityPortHasSecurityGroup");
    expect((await c.call("PUT", `/network/v2.0/ports/${id}`, { port: { tags: ["a"] } })).body).toEqual(
      neutronError("HTTPBadRequest", "Cannot update read-only attribute tags"),
    );
    expect((await c.call("PUT", `/network/v2.0/ports/${id}`, { port: { network_id: net } })).status).toBe(400);
    expect((await c.call("DELETE", `/network/v2.0/ports/${id}`)).status).toBe(204);
    expect((await c.call("GET", `/network/v2.0/ports/${id}`)).body).toEqual(
      neutronError("PortNotFound", `Port ${id} could not be found.`),
    );
    const router = (await c.call("POST", "/network/v2.0/routers", { router: { name: "r" } })).body.router.id;
    const iface = (await c.call("PUT", `/network/v2.0/routers/${router}/add_router_interface`, { subnet_id: a })).body
      .port_id;
    const del = await c.call("DELETE", `/network/v2.0/ports/${iface}`);
    expect(del.status).toBe(409);
    expect(del.body).toEqual(
      neutronError(
        "ServicePortInUse",
        `Port ${iface} cannot be deleted directly via the port API: has device owner network:router_interface.`,
      ),
    );
    expect((await c.call("GET", `/network/v2.0/ports/${iface}`)).body.port).toMatchObject({
      device_owner: "network:router_interface",
      fixed_ips: [{ subnet_id: a, ip_address: "10.0.1.1" }],
    });
  });

  it("takes tags on a port's create body from Ussuri, keeping them only with the ML2 tag driver", async () => {
    for (const [deployment, status, tags] of [
      ["current", 201, ["t"]],
      ["zed", 201, []],
      ["queens", 400, undefined],
    ] as const) {
      const c = await client({ deployment });
      const net = (await c.call("POST", "/network/v2.0/networks", { network: { name: "n" } })).body.network.id;
      const res = await c.call("POST", "/network/v2.0/ports", { port: { network_id: net, tags: ["t"] } });
      expect(res.status, deployment).toBe(status);
      if (tags) expect(res.body.port.tags, deployment).toEqual(tags);
      else expect(res.body).toEqual(neutronError("HTTPBadRequest", "Attribute 'tags' not allowed in POST"));
    }
  });

  it("gives a port IPv6 addresses beside the IPv4 one: EUI-64 on SLAAC subnets, from the pool on stateful ones", async () => {
    const c = await client();
    const net = (await c.call("POST", "/network/v2.0/networks", { network: { name: "dual" } })).body.network.id;
    const subnet = (body: Record<string, unknown>) =>
      c.call("POST", "/network/v2.0/subnets", { subnet: { network_id: net, ...body } });
    const v4 = (await subnet({ cidr: "10.0.1.0/24", ip_version: 4 })).body.subnet;
    const slaac = await subnet({
      cidr: "2001:db8:1::/64",
      ip_version: 6,
      ipv6_address_mode: "slaac",
      ipv6_ra_mode: "slaac",
    });
    expect(slaac.status).toBe(201);
    expect(slaac.body.subnet).toMatchObject({
      ip_version: 6,
      cidr: "2001:db8:1::/64",
      gateway_ip: "2001:db8:1::1",
      ipv6_address_mode: "slaac",
      ipv6_ra_mode: "slaac",
      allocation_pools: [{ start: "2001:db8:1::2", end: "2001:db8:1:0:ffff:ffff:ffff:ffff" }],
    });
    const stateful = (await subnet({ cidr: "2001:db8:2::/64", ip_version: 6, ipv6_address_mode: "dhcpv6-stateful" }))
      .body.subnet;
    const port = (await c.call("POST", "/network/v2.0/ports", { port: { network_id: net } })).body.port;
    // Modified EUI-64: ff:fe in the middle of the MAC, its universal/local bit flipped.
    const [m0 = 0, m1 = 0, m2 = 0, m3 = 0, m4 = 0, m5 = 0] = (port.mac_address as string)
      .split(":")
      .map((h) => Number.parseInt(h, 16));
    const group = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    const eui64 = `2001:db8:1:0:${group(m0 ^ 2, m1)}:${group(m2, 0xff)}:${group(0xfe, m3)}:${group(m4, m5)}`;
    expect(port.fixed_ips).toEqual(
      expect.arrayContaining([
        { subnet_id: v4.id, ip_address: "10.0.1.4" },
        { subnet_id: stateful.id, ip_address: "2001:db8:2::2" },
        { subnet_id: slaac.body.subnet.id, ip_address: eui64 },
      ]),
    );
    expect(port.fixed_ips).toHaveLength(3);
    const refused = [
      [{ cidr: "2001:db8:9::/64", ip_version: 4 }, "cidr '2001:db8:9::/64' does not match the ip_version '4'"],
      [
        { cidr: "2001:db8:9::/64", ip_version: 6, ipv6_address_mode: "slaac", ipv6_ra_mode: "dhcpv6-stateful" },
        "ipv6_ra_mode set to 'dhcpv6-stateful' with ipv6_address_mode set to 'slaac' is not valid. If both attributes are set, they must be the same value",
      ],
      [
        { cidr: "2001:db8:9::/80", ip_version: 6, ipv6_address_mode: "slaac" },
        "Invalid CIDR 2001:db8:9::/80 for IPv6 address mode. OpenStack uses the EUI-64 address format, which requires the prefix to be /64",
      ],
      [{ cidr: "10.0.3.0/24", ip_version: 4, ipv6_ra_mode: "slaac" }, "ipv6_ra_mode is not valid when ip_version is 4"],
      [
        { cidr: "2001:db8:1:0::/64", ip_version: 6 },
        `Requested subnet with cidr: 2001:db8:1::/64 for network: ${net} overlaps with another subnet`,
      ],
    ] as const;
    for (const [body, message] of refused) {
      const res = await subnet(body);
      expect(res.status, message).toBe(400);
      expect(res.body).toEqual(neutronError("InvalidInput", `Invalid input for operation: ${message}.`));
    }
    const listed = (await c.call("GET", `/network/v2.0/subnets?network_id=${net}&ip_version=6`)).body.subnets;
    expect(listed).toHaveLength(2);
  });
});
