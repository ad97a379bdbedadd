/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { describe, expect, it } from "vitest";
import { closingClients } from "./support.js";

const client = closingClients();

describe("OpenStack front: the provider network", () => {
  it("is the admin's shared external network every project sees, without the admin-only provider attributes", async () => {
    const c = await client();
    const listed = (await c.call("GET", "/network/v2.0/networks?shared=true")).body.networks;
    expect(listed).toHaveLength(1);
    const network = listed[0];
    expect(network).toMatchObject({
      name: "public",
      shared: true,
      "router:external": true,
      status: "ACTIVE",
      mtu: 1500,
    });
    expect(network.project_id).not.toBe(c.projectId);
    // Neutron's default policy shows provider:network_type and provider:physical_network to admins only.
    expect(Object.keys(network).filter((k) => k.startsWith("provider:"))).toEqual([]);
    const subnets = (await c.call("GET", `/network/v2.0/subnets?network_id=${network.id}`)).body.subnets;
    expect(subnets.map((s: { cidr: string }) => s.cidr).sort()).toEqual(["185.0.0.0/8", "193.0.0.0/8"]);
    expect(subnets[0].project_id).toBe(network.project_id);
    // Each region has a provider network of its own.
    const other = await client({}, "kr-central-1");
    expect((await other.call("GET", "/network/v2.0/networks")).body.networks[0].id).not.toBe(network.id);
  });

  it("refuses a project's changes as Neutron's policy does: 403 PolicyNotAuthorized", async () => {
    const c = await client();
    const network = (await c.call("GET", "/network/v2.0/networks?router:external=true")).body.networks[0];
    const del = await c.call("DELETE", `/network/v2.0/networks/${network.id}`);
    expect(del.status).toBe(403);
    expect(del.body).toEqual({
      NeutronError: { type: "PolicyNotAuthorized", message: "rule:delete_network is disallowed by policy", detail: "" },
    });
    const subnet = await c.call("POST", "/network/v2.0/subnets", {
      subnet: { network_id: network.id, cidr: "185.10.0.0/24", ip_version: 4 },
    });
    expect(subnet.status).toBe(403);
    expect(subnet.body.NeutronError.message).toBe("rule:create_subnet is disallowed by policy");
    const external = await c.call("POST", "/network/v2.0/networks", {
      network: { name: "x", "router:external": true },
    });
    expect(external.status).toBe(403);
    expect(external.body.NeutronError.message).toBe(
      "(rule:create_network and rule:create_network:router:external) is disallowed by policy",
    );
    const quota = (await c.call("GET", `/network/v2.0/quotas/${c.projectId}/details.json`)).body.quota;
    expect(quota.network.used).toBe(0);
    expect(quota.subnet.used).toBe(0);
  });
});
