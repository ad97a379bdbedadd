/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { describe, expect, it } from "vitest";
import { closingClients } from "./support.js";
import type { RawClient } from "./support.js";

const client = closingClients();

const neutronError = (type: string, message: string) => ({ NeutronError: { type, message, detail: "" } });

async function network(c: RawClient, name = "n"): Promise<string> {
  return (await c.call("POST", "/network/v2.0/networks", { network: { name } })).body.network.id;
}

describe("OpenStack front: Neutron's extension list", () => {
  it("lists the profile's extensions in Neutron's shape and shows one by alias", async () => {
    const c = await client();
    const { extensions } = (await c.call("GET", "/network/v2.0/extensions")).body;
    expect(extensions.find((e: any) => e.alias === "tag-creation")).toEqual({
      name: "Tag creation extension",
      alias: "tag-creation",
      description: "Allow to create multiple tags for a resource",
      updated: "2024-23-07T10:00:00-00:00",
      links: [],
    });
    expect(extensions.map((e: any) => e.alias)).toEqual(
      expect.arrayContaining(["router", "external-net", "standard-attr-tag", "fip-port-details"]),
    );
    const shown = await c.call("GET", "/network/v2.0/extensions/router");
    expect(shown.body).toEqual({ extension: extensions.find((e: any) => e.alias === "router") });
    expect(shown.body.extension.name).toBe("Neutron L3 Router");
  });

  it("answers 404 NeutronError for an alias the deployment lacks", async () => {
    const zed = await client({ deployment: "zed" });
    const aliases = (await zed.call("GET", "/network/v2.0/extensions")).body.extensions.map((e: any) => e.alias);
    expect(aliases).not.toContain("tag-creation");
    expect(aliases).toContain("fip-port-details");
    const missing = await zed.call("GET", "/network/v2.0/extensions/tag-creation");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(neutronError("HTTPNotFound", "Extension with alias tag-creation does not exist"));
    const queens = await client({ deployment: "queens" });
    expect((await queens.call("GET", "/network/v2.0/extensions/fip-port-details")).status).toBe(404);
  });
});

describe("OpenStack front: Neutron tags", () => {
  it("refuses tags in every create body but ports', in every release", async () => {
    for (const deployment of ["current", "zed", "queens"] as const) {
      const c = await client({ deployment });
      const net = await network(c);
      const external = (await c.call("GET", "/network/v2.0/networks?router:external=true")).body.networks[0].id;
      const bodies: [string, Record<string, unknown>][] = [
        ["networks", { network: { name: "t", tags: ["a"] } }],
        ["subnets", { subnet: { network_id: net, cidr: "10.0.0.0/24", ip_version: 4, tags: ["a"] } }],
        ["routers", { router: { name: "r", tags: ["a"] } }],
        ["security-groups", { security_group: { name: "g", tags: ["a"] } }],
        ["floatingips", { floatingip: { floating_network_id: external, tags: ["a"] } }],
      ];
      for (const [collection, body] of bodies) {
        const res = await c.call("POST", `/network/v2.0/${collection}`, body);
        expect(res.status, `${deployment} ${collection}`).toBe(400);
        expect(res.body).toEqual(neutronError("HTTPBadRequest", "Attribute 'tags' not allowed in POST"));
      }
      expect((await c.call("GET", "/network/v2.0/networks?name=t")).body.networks).toEqual([]);
    }
  });

  it("serves the whole tags sub-resource with Neutron's status codes and bodies", async () => {
    const c = await client();
    const id = await network(c);
    const tags = `/network/v2.0/networks/${id}/tags`;
    const put = await c.call("PUT", tags, { tags: ["red", "blue"] });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ tags: ["red", "blue"] });
    expect((await c.call("GET", tags)).body).toEqual({ tags: ["red", "blue"] });
    const check = await c.call("GET", `${tags}/red`);
    expect([check.status, check.body]).toEqual([204, undefined]);
    const absent = await c.call("GET", `${tags}/green`);
    expect(absent.status).toBe(404);
    expect(absent.body).toEqual(neutronError("TagNotFound", "Tag green could not be found."));
    const add = await c.call("PUT", `${tags}/green`);
    expect([add.status, add.body]).toEqual([201, undefined]);
    expect((await c.call("PUT", `${tags}/green`)).status).toBe(201);
    expect((await c.call("DELETE", `${tags}/red`)).status).toBe(204);
    expect((await c.call("DELETE", `${tags}/red`)).body).toEqual(
      neutronError("TagNotFound", "Tag red could not be found."),
    );
    const created = await c.call("POST", tags, { tags: ["x", "blue"] });
    expect([created.status, created.body]).toEqual([200, { tags: ["x", "blue"] }]);
    expect((await c.call("GET", tags)).body.tags.sort()).toEqual(["blue", "green", "x"]);
    expect((await c.call("GET", `/network/v2.0/networks/${id}`)).body.network.tags.sort()).toEqual([
      "blue",
      "green",
      "x",
    ]);
    expect((await c.call("DELETE", tags)).status).toBe(204);
    expect((await c.call("GET", tags)).body).toEqual({ tags: [] });
    const dup = await c.call("PUT", tags, { tags: ["a", "a"] });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual(
      neutronError("InvalidInput", "Invalid input for operation: Duplicate items in the list: 'a'."),
    );
    const noBody = await c.call("PUT", tags, { labels: [] });
    expect(noBody.body).toEqual(neutronError("InvalidInput", "Invalid input for operation: Invalid tags body."));
    const gone = await c.call("GET", "/network/v2.0/networks/00000000-0000-4000-8000-000000000000/tags");
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual(
      neutronError("TagResourceNotFound", "Resource networks 00000000-0000-4000-8000-000000000000 could not be found."),
    );
  });

  it("tags subnets, routers, security groups, floating IPs and ports alike", async () => {
    const c = await client();
    const net = await network(c);
    const subnet = (
      await c.call("POST", "/network/v2.0/subnets", { subnet: { network_id: net, cidr: "10.0.0.0/24", ip_version: 4 } })
    ).body.subnet.id;
    const router = (await c.call("POST", "/network/v2.0/routers", { router: { name: "r" } })).body.router.id;
    const sg = (await c.call("POST", "/network/v2.0/security-groups", { security_group: { name: "g" } })).body
      .security_group.id;
    const external = (await c.call("GET", "/network/v2.0/networks?router:external=true")).body.networks[0].id;
    const fip = (await c.call("POST", "/network/v2.0/floatingips", { floatingip: { floating_network_id: external } }))
      .body.floatingip.id;
    const port = (await c.call("POST", "/network/v2.0/ports", { port: { network_id: net } })).body.port.id;
    for (const [collection, id, member] of [
      ["subnets", subnet, "subnet"],
      ["routers", router, "router"],
      ["security-groups", sg, "security_group"],
      ["floatingips", fip, "floatingip"],
      ["ports", port, "port"],
    ] as const) {
      expect((await c.call("PUT", `/network/v2.0/${collection}/${id}/tags/k`)).status, collection).toBe(201);
      const shown = await c.call("GET", `/network/v2.0/${collection}/${id}`);
      expect(shown.body[member].tags, collection).toEqual(["k"]);
      expect((await c.call("GET", `/network/v2.0/${collection}?tags=k`)).body[`${member}s`]).toHaveLength(1);
    }
  });

  it("filters lists by tags, tags-any, not-tags and not-tags-any, comma-separated or repeated", async () => {
    const c = await client({ pageSize: 50 });
    const ids: Record<string, string> = {};
    for (const [name, tags] of [
      ["ab", ["a", "b"]],
      ["a", ["a"]],
      ["b", ["b"]],
      ["none", []],
    ] as const) {
      ids[name] = await network(c, name);
      if (tags.length > 0) await c.call("PUT", `/network/v2.0/networks/${ids[name]}/tags`, { tags });
    }
    const names = async (query: string) =>
      (await c.call("GET", `/network/v2.0/networks?router:external=false&${query}`)).body.networks
        .map((n: any) => n.name)
        .sort();
    expect(await names("tags=a,b")).toEqual(["ab"]);
    expect(await names("tags=a&tags=b")).toEqual(["ab"]);
    expect(await names("tags-any=a,b")).toEqual(["a", "ab", "b"]);
    expect(await names("not-tags=a,b")).toEqual(["a", "b", "none"]);
    expect(await names("not-tags-any=a,b")).toEqual(["none"]);
    expect(await names("tags=a&not-tags-any=b")).toEqual(["a"]);
  });

  it("adds several tags by POST only with tag-creation (2024.2): before, that POST is Neutron's bare 404", async () => {
    const zed = await client({ deployment: "zed" });
    const id = await network(zed);
    const post = await zed.call("POST", `/network/v2.0/networks/${id}/tags`, { tags: ["a"] });
    expect(post.status).toBe(404);
    expect(post.body).toEqual(neutronError("HTTPNotFound", "not supported"));
    expect((await zed.call("PUT", `/network/v2.0/networks/${id}/tags/${"x".repeat(255)}`)).status).toBe(201);
    // Queens kept tags to 60 characters.
    const queens = await client({ deployment: "queens" });
    const old = await network(queens);
    const long = await queens.call("PUT", `/network/v2.0/networks/${old}/tags/${"x".repeat(61)}`);
    expect(long.status).toBe(400);
    expect(long.body).toEqual(
      neutronError("InvalidInput", `Invalid input for operation: '${"x".repeat(61)}' exceeds maximum length of 60.`),
    );
    expect((await queens.call("PUT", `/network/v2.0/networks/${old}/tags/${"x".repeat(60)}`)).status).toBe(201);
  });
});

describe("OpenStack front: Neutron lists", () => {
  async function subnets(c: RawClient, count: number): Promise<{ net: string; made: string[] }> {
    const net = await network(c);
    const made: string[] = [];
    for (let i = 0; i < count; i++) {
      const body = { subnet: { network_id: net, name: `s${i}`, cidr: `10.0.${i}.0/24`, ip_version: 4 } };
      made.push((await c.call("POST", "/network/v2.0/subnets", body)).body.subnet.id);
    }
    return { net, made };
  }

  it("orders by id as paginated Neutron does, not by creation: a network's first subnet is its lowest id", async () => {
    const c = await client({ pageSize: 50 });
    const { net, made } = await subnets(c, 6);
    const listed = (await c.call("GET", `/network/v2.0/subnets?network_id=${net}`)).body.subnets.map((s: any) => s.id);
    expect(listed).toEqual([...made].sort());
    expect(listed).not.toEqual(made);
    expect((await c.call("GET", `/network/v2.0/networks/${net}`)).body.network.subnets).toEqual([...made].sort());
  });

  it("honours sort_key and sort_dir pairs and refuses bad ones as Neutron does", async () => {
    const c = await client({ pageSize: 50 });
    const { net } = await subnets(c, 4);
    const sorted = await c.call("GET", `/network/v2.0/subnets?network_id=${net}&sort_key=name&sort_dir=desc`);
    expect(sorted.body.subnets.map((s: any) => s.name)).toEqual(["s3", "s2", "s1", "s0"]);
    const bad = await c.call("GET", "/network/v2.0/subnets?sort_key=nope&sort_dir=asc");
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(neutronError("HTTPBadRequest", "['nope'] is invalid attribute for sort_keys"));
    const unpaired = await c.call("GET", "/network/v2.0/subnets?sort_key=name");
    expect(unpaired.body).toEqual(neutronError("HTTPBadRequest", "The number of sort_keys and sort_dirs must be same"));
    const dir = await c.call("GET", "/network/v2.0/subnets?sort_key=name&sort_dir=up");
    expect(dir.body.NeutronError.message).toBe(
      "['up'] is invalid value for sort_dirs, valid value is 'asc' and 'desc'",
    );
  });

  it("pages forward and back with limit, marker and page_reverse; an unknown marker is the resource's 404", async () => {
    const c = await client({ pageSize: 50 });
    const { net, made } = await subnets(c, 5);
    const ids = [...made].sort();
    const first = await c.call("GET", `/network/v2.0/subnets?network_id=${net}&limit=2`);
    expect(first.body.subnets.map((s: any) => s.id)).toEqual(ids.slice(0, 2));
    const next = new URL(first.body.subnets_links.find((l: any) => l.rel === "next").href);
    expect(Object.fromEntries(next.searchParams)).toEqual({ network_id: net, limit: "2", marker: ids[1] });
    const second = await c.call("GET", next.href);
    expect(second.body.subnets.map((s: any) => s.id)).toEqual(ids.slice(2, 4));
    const back = await c.call("GET", second.body.subnets_links.find((l: any) => l.rel === "previous").href);
    expect(back.body.subnets.map((s: any) => s.id)).toEqual(ids.slice(0, 2));
    const last = await c.call("GET", `/network/v2.0/subnets?network_id=${net}&limit=2&marker=${ids[3]}`);
    expect(last.body.subnets.map((s: any) => s.id)).toEqual(ids.slice(4));
    expect(last.body.subnets_links.map((l: any) => l.rel)).toEqual(["previous"]);
    const lost = await c.call("GET", "/network/v2.0/subnets?marker=00000000-0000-4000-8000-000000000000");
    expect(lost.status).toBe(404);
    expect(lost.body).toEqual(
      neutronError("SubnetNotFound", "Subnet 00000000-0000-4000-8000-000000000000 could not be found."),
    );
    const bad = await c.call("GET", "/network/v2.0/subnets?limit=-1");
    expect(bad.body).toEqual(
      neutronError("BadRequest", "Bad limit request: Limit must be an integer 0 or greater and not '-1'."),
    );
  });

  it("validates filters where filter-validation is loaded and ignores empty values without empty-string-filtering", async () => {
    const current = await client();
    await network(current);
    const unknown = await current.call("GET", "/network/v2.0/networks?colour=red");
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual(neutronError("HTTPBadRequest", "['colour'] is invalid attribute for filtering"));
    expect((await current.call("GET", "/network/v2.0/networks?description=")).body.networks.length).toBe(2);
    const queens = await client({ deployment: "queens" });
    await network(queens, "mine");
    expect((await queens.call("GET", "/network/v2.0/networks?colour=red")).body.networks).toHaveLength(2);
    // Without empty-string-filtering, "name=" filters nothing: every network comes back.
    expect((await queens.call("GET", "/network/v2.0/networks?name=")).body.networks).toHaveLength(2);
    expect((await current.call("GET", "/network/v2.0/networks?name=")).body.networks).toHaveLength(0);
    const fields = await queens.call("GET", "/network/v2.0/networks?name=mine&fields=id&fields=name");
    expect(fields.body.networks).toEqual([{ id: expect.any(String), name: "mine" }]);
  });
});

describe("OpenStack front: Neutron errors", () => {
  it("names each missing resource's exception, as Neutron's NotFound subclasses do", async () => {
    const c = await client();
    const id = "00000000-0000-4000-8000-0000000000ff";
    for (const [collection, type, message] of [
      ["networks", "NetworkNotFound", `Network ${id} could not be found.`],
      ["subnets", "SubnetNotFound", `Subnet ${id} could not be found.`],
      ["ports", "PortNotFound", `Port ${id} could not be found.`],
      ["security-groups", "SecurityGroupNotFound", `Security group ${id} does not exist`],
      ["security-group-rules", "SecurityGroupRuleNotFound", `Security group rule ${id} does not exist`],
      ["routers", "RouterNotFound", `Router ${id} could not be found`],
      ["floatingips", "FloatingIPNotFound", `Floating IP ${id} could not be found`],
    ] as const) {
      const res = await c.call("GET", `/network/v2.0/${collection}/${id}`);
      expect(res.status, collection).toBe(404);
      expect(res.body, collection).toEqual(neutronError(type, message));
    }
  });

  it("reports conflicts with their exceptions: in use, over quota, duplicate rules, router interfaces", async () => {
    const c = await client();
    const net = await network(c);
    const subnet = (
      await c.call("POST", "/network/v2.0/subnets", { subnet: { network_id: net, cidr: "10.0.1.0/24", ip_version: 4 } })
    ).body.subnet.id;
    const sg = (await c.call("POST", "/network/v2.0/security-groups", { security_group: { name: "g" } })).body
      .security_group.id;
    await c.call("POST", "/network/v2.0/ports", { port: { network_id: net, security_groups: [sg] } });
    expect((await c.call("DELETE", `/network/v2.0/security-groups/${sg}`)).body).toEqual(
      neutronError("SecurityGroupInUse", `Security Group ${sg} in use.`),
    );
    expect((await c.call("DELETE", `/network/v2.0/subnets/${subnet}`)).body).toEqual(
      neutronError(
        "SubnetInUse",
        `Unable to complete operation on subnet ${subnet}: One or more ports have an IP allocation from this subnet.`,
      ),
    );
    expect((await c.call("DELETE", `/network/v2.0/networks/${net}`)).body).toEqual(
      neutronError(
        "NetworkInUse",
        `Unable to complete operation on network ${net}. There are one or more ports still in use on the network.`,
      ),
    );
    // A rule without ethertype is an IPv4 rule, as Neutron defaults it.
    const rule = {
      security_group_id: sg,
      direction: "ingress",
      protocol: "tcp",
      port_range_min: 22,
      port_range_max: 22,
    };
    const made = await c.call("POST", "/network/v2.0/security-group-rules", { security_group_rule: rule });
    expect(made.status).toBe(201);
    expect(made.body.security_group_rule).toMatchObject({ ethertype: "IPv4", remote_ip_prefix: "0.0.0.0/0" });
    const again = await c.call("POST", "/network/v2.0/security-group-rules", { security_group_rule: rule });
    expect(again.status).toBe(409);
    expect(again.body).toEqual(
      neutronError(
        "SecurityGroupRuleExists",
        `Security group rule already exists. Rule id is ${made.body.security_group_rule.id}.`,
      ),
    );
    const router = (await c.call("POST", "/network/v2.0/routers", { router: { name: "r" } })).body.router.id;
    const remove = await c.call("PUT", `/network/v2.0/routers/${router}/remove_router_interface`, {
      subnet_id: subnet,
    });
    expect(remove.body).toEqual(
      neutronError("RouterInterfaceNotFoundForSubnet", `Router ${router} has no interface on subnet ${subnet}`),
    );
    await c.call("PUT", `/network/v2.0/routers/${router}/add_router_interface`, { subnet_id: subnet });
    expect(
      (await c.call("PUT", `/network/v2.0/routers/${router}/add_router_interface`, { subnet_id: subnet })).body,
    ).toEqual(neutronError("BadRequest", `Bad router request: Router already has a port on subnet ${subnet}.`));
    expect((await c.call("DELETE", `/network/v2.0/routers/${router}`)).body).toEqual(
      neutronError("RouterInUse", `Router ${router} still has ports`),
    );
    c.world.quotas.set({ provider: "OPENSTACK", account: "acme" }, { vpcs: 1 });
    const over = await c.call("POST", "/network/v2.0/networks", { network: { name: "two" } });
    expect(over.status).toBe(409);
    expect(over.body).toEqual(neutronError("OverQuota", "Quota exceeded for resources: ['network']."));
  });

  it("refuses a floating IP on a router interface and a second one on a port, as l3_db does", async () => {
    const c = await client();
    const net = await network(c);
    const subnet = (
      await c.call("POST", "/network/v2.0/subnets", { subnet: { network_id: net, cidr: "10.0.1.0/24", ip_version: 4 } })
    ).body.subnet.id;
    const external = (await c.call("GET", "/network/v2.0/networks?router:external=true")).body.networks[0].id;
    const router = (
      await c.call("POST", "/network/v2.0/routers", {
        router: { name: "r", external_gateway_info: { network_id: external } },
      })
    ).body.router.id;
    const iface = (await c.call("PUT", `/network/v2.0/routers/${router}/add_router_interface`, { subnet_id: subnet }))
      .body.port_id;
    const fip = (body: Record<string, unknown>) =>
      c.call("POST", "/network/v2.0/floatingips", { floatingip: { floating_network_id: external, ...body } });
    expect((await fip({ port_id: iface })).body).toEqual(
      neutronError("BadRequest", "Bad floatingip request: Port %(id)s is unable to be assigned a floating IP."),
    );
    const port = (await c.call("POST", "/network/v2.0/ports", { port: { network_id: net } })).body.port.id;
    const first = (await fip({ port_id: port })).body.floatingip;
    const second = await fip({ port_id: port });
    expect(second.status).toBe(409);
    expect(second.body.NeutronError.type).toBe("FloatingIPPortAlreadyAssociated");
    expect((await c.call("GET", "/network/v2.0/floatingips")).body.floatingips.map((f: any) => f.id)).toEqual([
      first.id,
    ]);
    const internal = await fip({ port_id: port, fixed_ip_address: "10.0.1.99" });
    expect(internal.body).toEqual(
      neutronError("BadRequest", `Bad floatingip request: Port ${port} does not have fixed ip 10.0.1.99.`),
    );
    const unplug = await c.call("PUT", `/network/v2.0/routers/${router}/remove_router_interface`, {
      subnet_id: subnet,
    });
    expect(unplug.body.NeutronError.type).toBe("RouterInterfaceInUseByFloatingIP");
    const gateway = await c.call("PUT", `/network/v2.0/routers/${router}`, { router: { external_gateway_info: {} } });
    expect(gateway.status).toBe(409);
    expect(gateway.body.NeutronError.type).toBe("RouterExternalGatewayInUseByFloatingIp");
    const internalNet = await c.call("POST", "/network/v2.0/floatingips", { floatingip: { floating_network_id: net } });
    expect(internalNet.body).toEqual(
      neutronError("BadRequest", `Bad floatingip request: Network ${net} is not a valid external network.`),
    );
  });
});
