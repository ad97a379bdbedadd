/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { describe, expect, it } from "vitest";
import { account, closingClients } from "./support.js";

const client = closingClients();

describe("OpenStack front: Neutron", () => {
  it("lists networks by id, pages them with limit, marker and links, and filters by attribute and tag", async () => {
    const c = await client({ pageSize: 3 });
    const made: { id: string; name: string }[] = [];
    for (let i = 0; i < 7; i++) {
      const network = (await c.call("POST", "/network/v2.0/networks", { network: { name: `n${i}` } })).body.network;
      made.push(network);
      if (i % 2 === 0) await c.call("PUT", `/network/v2.0/networks/${network.id}/tags/even`);
    }
    const byId = [...made].sort((a, b) => (a.id < b.id ? -1 : 1));
    const names: string[] = [];
    let url: string | undefined = `${c.regionUrl}/network/v2.0/networks?router:external=false`;
    let pages = 0;
    while (url) {
      const page = await c.call("GET", url);
      pages++;
      names.push(...page.body.networks.map((n: any) => n.name));
      expect(page.body.networks_links.find((l: any) => l.rel === "previous").href).toMatch(/page_reverse=True/);
      url = page.body.networks_links.find((l: any) => l.rel === "next")?.href;
    }
    expect(names).toEqual(byId.map((n) => n.name));
    expect(pages).toBe(3);
    // The deployment's page size caps any limit asked for.
    const even = await c.call("GET", "/network/v2.0/networks?tags=even&limit=10");
    const evens = byId.filter((n) => ["n0", "n2", "n4", "n6"].includes(n.name)).map((n) => n.name);
    expect(even.body.networks.map((n: any) => n.name)).toEqual(evens.slice(0, 3));
    const rest = await c.call("GET", even.body.networks_links.find((l: any) => l.rel === "next").href);
    expect(rest.body.networks.map((n: any) => n.name)).toEqual(evens.slice(3));
    const external = await c.call("GET", "/network/v2.0/networks?router:external=true");
    expect(external.body.networks).toEqual([expect.objectContaining({ name: "public", "router:external": true })]);
  });

  it("adds Neutron's default egress rule, derives rule ids, and answers conflicts and quota in NeutronError", async () => {
    const c = await client();
    const sg = (await c.call("POST", "/network/v2.0/security-groups", { security_group: { name: "g" } })).body
      .security_group;
    expect(sg.security_group_rules).toEqual([
      expect.objectContaining({
        direction: "egress",
        protocol: null,
        remote_ip_prefix: "0.0.0.0/0",
        ethertype: "IPv4",
      }),
    ]);
    const rule = {
      security_group_id: sg.id,
      direction: "ingress",
      ethertype: "IPv4",
      protocol: "tcp",
      port_range_min: 22,
      port_range_max: 22,
      remote_ip_prefix: "0.0.0.0/0",
    };
    const made = await c.call("POST", "/network/v2.0/security-group-rules", { security_group_rule: rule });
    expect(made.status).toBe(201);
    const again = await c.call("POST", "/network/v2.0/security-group-rules", { security_group_rule: rule });
    expect(again.status).toBe(409);
    expect(again.body.NeutronError.type).toBeDefined();
    expect(
      (await c.call("DELETE", `/network/v2.0/security-group-rules/${made.body.security_group_rule.id}`)).status,
    ).toBe(204);
    expect(
      (await c.call("DELETE", `/network/v2.0/security-group-rules/${made.body.security_group_rule.id}`)).status,
    ).toBe(404);
    c.world.quotas.set({ provider: "OPENSTACK", account }, { securityGroups: 1 });
    const quota = await c.call("POST", "/network/v2.0/security-groups", { security_group: { name: "g2" } });
    expect(quota.status).toBe(409);
    expect(quota.body.NeutronError).toMatchObject({
      type: "OverQuota",
      message: expect.stringMatching(/^Quota exceeded/),
    });
    c.world.faults.add({
      provider: "OPENSTACK",
      api: "neutron:ListNetworks",
      kind: "throttle",
      retryAfterMs: 1_000,
      times: 1,
    });
    const limited = await c.call("GET", "/network/v2.0/networks");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
  });

  it("associates a floating IP only through a router with an external gateway", async () => {
    const c = await client();
    const net = (await c.call("POST", "/network/v2.0/networks", { network: { name: "n" } })).body.network;
    const subnet = (
      await c.call("POST", "/network/v2.0/subnets", {
        subnet: { network_id: net.id, name: "s", cidr: "10.0.1.0/24", ip_version: 4 },
      })
    ).body.subnet;
    expect(subnet.gateway_ip).toBe("10.0.1.1");
    const image = (await c.call("GET", "/image/v2/images?visibility=public&limit=1")).body.images[0];
    const flavor = (await c.call("GET", "/compute/v2.1/flavors?limit=1")).body.flavors[0];
    const server = (
      await c.call("POST", "/compute/v2.1/servers", {
        server: { name: "vm", imageRef: image.id, flavorRef: flavor.id, networks: [{ uuid: net.id }] },
      })
    ).body.server;
    const port = (await c.call("GET", `/network/v2.0/ports?device_id=${server.id}`)).body.ports[0];
    expect(port).toMatchObject({
      network_id: net.id,
      fixed_ips: [{ subnet_id: subnet.id, ip_address: "10.0.1.4" }],
      device_owner: "compute:nova",
    });
    const external = (await c.call("GET", "/network/v2.0/networks?router:external=true")).body.networks[0];
    const unrouted = await c.call("POST", "/network/v2.0/floatingips", {
      floatingip: { floating_network_id: external.id, port_id: port.id },
    });
    expect(unrouted.status).toBe(404);
    const router = (
      await c.call("POST", "/network/v2.0/routers", {
        router: { name: "r", external_gateway_info: { network_id: external.id } },
      })
    ).body.router;
    expect(router.external_gateway_info.external_fixed_ips[0].ip_address).toMatch(/^(185|193)\./);
    expect(
      (await c.call("PUT", `/network/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: subnet.id })).body
        .subnet_id,
    ).toBe(subnet.id);
    const fip = await c.call("POST", "/network/v2.0/floatingips", {
      floatingip: { floating_network_id: external.id, port_id: port.id },
    });
    expect(fip.status).toBe(201);
    expect(fip.body.floatingip).toMatchObject({
      port_id: port.id,
      fixed_ip_address: "10.0.1.4",
      router_id: router.id,
      status: "ACTIVE",
    });
    // Nova hides a building server's addresses.
    expect((await c.call("GET", `/compute/v2.1/servers/${server.id}`)).body.server.addresses).toEqual({});
    c.clock.advance(c.world.timing.vmBootMs);
    const shown = (await c.call("GET", `/compute/v2.1/servers/${server.id}`)).body.server;
    expect(shown.addresses.n).toContainEqual(
      expect.objectContaining({ addr: fip.body.floatingip.floating_ip_address, "OS-EXT-IPS:type": "floating" }),
    );
    expect(
      (await c.call("PUT", `/network/v2.0/routers/${router.id}/remove_router_interface`, { subnet_id: subnet.id }))
        .status,
    ).toBe(409);
    expect((await c.call("DELETE", `/network/v2.0/routers/${router.id}`)).status).toBe(409);
    expect(
      (await c.call("PUT", `/network/v2.0/floatingips/${fip.body.floatingip.id}`, { floatingip: { port_id: null } }))
        .body.floatingip.status,
    ).toBe("DOWN");
    expect((await c.call("DELETE", `/network/v2.0/floatingips/${fip.body.floatingip.id}`)).status).toBe(204);
  });
});
