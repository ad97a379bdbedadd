/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access -- raw JSON answers are inspected field by field */
import { describe, expect, it } from "vitest";
import { closingClients, issueToken, passwordAuth } from "./support.js";
import type { RawClient } from "./support.js";

// Expected bodies, statuses and messages come from the Load Balancer v2 API reference and Octavia's
// sources (octavia/api/v2/controllers, octavia/common/exceptions.py, octavia/db/repositories.py).

const client = closingClients();
const lbaas = "/load-balancer/v2/lbaas";

interface Setup {
  subnetId: string;
  addresses: string[];
}

/** A network with a subnet and `servers` running servers (10.0.1.4, .5, ...). */
async function network(c: RawClient, servers = 2): Promise<Setup> {
  const net = (await c.call("POST", "/network/v2.0/networks", { network: { name: "n" } })).body.network;
  const subnet = (
    await c.call("POST", "/network/v2.0/subnets", {
      subnet: { network_id: net.id, name: "s", cidr: "10.0.1.0/24", ip_version: 4 },
    })
  ).body.subnet;
  const image = (await c.call("GET", "/image/v2/images?visibility=public&limit=1")).body.images[0];
  const flavor = (await c.call("GET", "/compute/v2.1/flavors?limit=1")).body.flavors[0];
  for (let i = 0; i < servers; i++) {
    await c.call("POST", "/compute/v2.1/servers", {
      server: { name: `vm${i}`, imageRef: image.id, flavorRef: flavor.id, networks: [{ uuid: net.id }] },
    });
  }
  c.clock.advance(c.world.timing.vmBootMs);
  return { subnetId: subnet.id, addresses: Array.from({ length: servers }, (_, i) => `10.0.1.${4 + i}`) };
}

function lbBody(setup: Setup, name = "lb"): unknown {
  return {
    loadbalancer: {
      name,
      vip_subnet_id: setup.subnetId,
      tags: ["web"],
      listeners: [
        {
          name: "listener",
          protocol: "TCP",
          protocol_port: 80,
          default_pool: {
            name: "pool",
            protocol: "TCP",
            lb_algorithm: "ROUND_ROBIN",
            members: [{ address: setup.addresses[0], protocol_port: 8080, name: "m0" }],
            healthmonitor: { type: "TCP", delay: 10, timeout: 5, max_retries: 3 },
          },
        },
      ],
    },
  };
}

/** A load balancer, provisioned (ACTIVE) unless `provisioned` is false. */
async function loadBalancer(c: RawClient, setup: Setup, provisioned = true): Promise<any> {
  const created = await c.call("POST", `${lbaas}/loadbalancers`, lbBody(setup));
  expect(created.status).toBe(201);
  if (provisioned) c.clock.advance(c.world.timing.nlbProvisionMs);
  return created.body.loadbalancer;
}

const fault = (message: string) => ({ faultcode: "Client", faultstring: message, debuginfo: null });
const get = async (c: RawClient, path: string) => (await c.call("GET", `${lbaas}${path}`)).body;
const status = async (c: RawClient, path: string) => Object.values(await get(c, path))[0] as any;

describe("OpenStack front: Octavia provisioning", () => {
  it("creates PENDING_CREATE (children too), refuses every change meanwhile, then is ACTIVE", async () => {
    const c = await client();
    const setup = await network(c);
    const lb = await loadBalancer(c, setup, false);
    expect(lb).toMatchObject({
      name: "lb",
      provisioning_status: "PENDING_CREATE",
      operating_status: "OFFLINE",
      vip_subnet_id: setup.subnetId,
      project_id: c.projectId,
      admin_state_up: true,
      provider: "amphora",
      tags: ["web"],
    });
    expect(lb).not.toHaveProperty("tenant_id");
    expect(lb.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const [listenerId, poolId] = [lb.listeners[0].id, lb.pools[0].id];
    const pool = await status(c, `/pools/${poolId}`);
    expect((await status(c, `/listeners/${listenerId}`)).provisioning_status).toBe("PENDING_CREATE");
    expect(pool.provisioning_status).toBe("PENDING_CREATE");
    expect((await status(c, `/healthmonitors/${pool.healthmonitor_id}`)).provisioning_status).toBe("PENDING_CREATE");
    expect((await get(c, `/pools/${poolId}/members`)).members[0].provisioning_status).toBe("PENDING_CREATE");

    const member = await c.call("POST", `${lbaas}/pools/${poolId}/members`, {
      member: { address: setup.addresses[1], protocol_port: 8080 },
    });
    expect(member.status).toBe(409);
    expect(member.body).toEqual(fault(`Pool ${poolId} is immutable and cannot be updated.`));
    const update = await c.call("PUT", `${lbaas}/loadbalancers/${lb.id}`, { loadbalancer: { name: "x" } });
    expect(update.body).toEqual(fault(`Invalid state PENDING_CREATE of loadbalancer resource ${lb.id}`));
    const listener = await c.call("PUT", `${lbaas}/listeners/${listenerId}`, { listener: { name: "x" } });
    expect(listener.body).toEqual(fault(`Load Balancer ${lb.id} is immutable and cannot be updated.`));
    const cascade = await c.call("DELETE", `${lbaas}/loadbalancers/${lb.id}?cascade=true`);
    expect(cascade.status).toBe(409);
    expect(cascade.body.faultstring).toBe(`Invalid state PENDING_CREATE of loadbalancer resource ${lb.id}`);

    c.clock.advance(c.world.timing.nlbProvisionMs);
    expect((await status(c, `/loadbalancers/${lb.id}`)).provisioning_status).toBe("ACTIVE");
    expect((await status(c, `/listeners/${listenerId}`)).provisioning_status).toBe("ACTIVE");
    expect((await status(c, `/pools/${poolId}`)).provisioning_status).toBe("ACTIVE");
  });

  it("locks the load balancer in PENDING_UPDATE for any change, even of its tags only", async () => {
    const c = await client();
    const setup = await network(c);
    const lb = await loadBalancer(c, setup);
    const updated = await c.call("PUT", `${lbaas}/loadbalancers/${lb.id}`, { loadbalancer: { tags: ["web", "blue"] } });
    expect(updated.status).toBe(200);
    expect(updated.body.loadbalancer).toMatchObject({ provisioning_status: "PENDING_UPDATE", tags: ["web", "blue"] });
    const again = await c.call("PUT", `${lbaas}/loadbalancers/${lb.id}`, { loadbalancer: { description: "d" } });
    expect(again.status).toBe(409);
    expect(again.body).toEqual(fault(`Invalid state PENDING_UPDATE of loadbalancer resource ${lb.id}`));
    const member = await c.call("POST", `${lbaas}/pools/${lb.pools[0].id}/members`, {
      member: { address: setup.addresses[1], protocol_port: 8080 },
    });
    expect(member.body).toEqual(fault(`Load Balancer ${lb.id} is immutable and cannot be updated.`));
    c.clock.advance(c.world.timing.nlbUpdateMs - 1);
    expect((await status(c, `/loadbalancers/${lb.id}`)).provisioning_status).toBe("PENDING_UPDATE");
    c.clock.advance(1);
    expect((await status(c, `/loadbalancers/${lb.id}`)).provisioning_status).toBe("ACTIVE");

    const unknown = await c.call("PUT", `${lbaas}/loadbalancers/${lb.id}`, { loadbalancer: { colour: "red" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.faultstring).toBe("Unknown attribute for argument loadbalancer: colour");
  });

  it("locks the load balancer and the changed child: listener, pool (and its listener), member (and its pool)", async () => {
    const c = await client();
    const setup = await network(c);
    const lb = await loadBalancer(c, setup);
    const [listenerId, poolId] = [lb.listeners[0].id, lb.pools[0].id];
    const statuses = async () => ({
      lb: (await status(c, `/loadbalancers/${lb.id}`)).provisioning_status,
      listener: (await status(c, `/listeners/${listenerId}`)).provisioning_status,
      pool: (await status(c, `/pools/${poolId}`)).provisioning_status,
    });

    const listener = await c.call("PUT", `${lbaas}/listeners/${listenerId}`, { listener: { name: "front" } });
    expect(listener.body.listener).toMatchObject({ name: "front", provisioning_status: "PENDING_UPDATE" });
    expect(await statuses()).toEqual({ lb: "PENDING_UPDATE", listener: "PENDING_UPDATE", pool: "ACTIVE" });
    c.clock.advance(c.world.timing.nlbUpdateMs);

    await c.call("PUT", `${lbaas}/pools/${poolId}`, { pool: { description: "backends" } });
    expect(await statuses()).toEqual({ lb: "PENDING_UPDATE", listener: "PENDING_UPDATE", pool: "PENDING_UPDATE" });
    c.clock.advance(c.world.timing.nlbUpdateMs);

    const memberId = (await get(c, `/pools/${poolId}/members`)).members[0].id;
    const member = await c.call("PUT", `${lbaas}/pools/${poolId}/members/${memberId}`, { member: { weight: 5 } });
    expect(member.body.member).toMatchObject({ weight: 5, provisioning_status: "PENDING_UPDATE" });
    expect(await statuses()).toEqual({ lb: "PENDING_UPDATE", listener: "PENDING_UPDATE", pool: "PENDING_UPDATE" });
    const second = await c.call("PUT", `${lbaas}/pools/${poolId}/members/${memberId}`, { member: { name: "m" } });
    expect(second.body).toEqual(fault(`Pool ${poolId} is immutable and cannot be updated.`));
    c.clock.advance(c.world.timing.nlbUpdateMs);
    expect(await statuses()).toEqual({ lb: "ACTIVE", listener: "ACTIVE", pool: "ACTIVE" });

    const monitorId = (await status(c, `/pools/${poolId}`)).healthmonitor_id;
    const monitor = await c.call("PUT", `${lbaas}/healthmonitors/${monitorId}`, { healthmonitor: { delay: 20 } });
    expect(monitor.body.healthmonitor).toMatchObject({ delay: 20, provisioning_status: "PENDING_UPDATE" });
    c.clock.advance(c.world.timing.nlbUpdateMs);
    expect(await status(c, `/healthmonitors/${monitorId}`)).toMatchObject({ delay: 20, provisioning_status: "ACTIVE" });
  });

  it("creates members PENDING_CREATE and deletes them through PENDING_DELETE", async () => {
    const c = await client();
    const setup = await network(c);
    const lb = await loadBalancer(c, setup);
    const poolId = lb.pools[0].id;
    const created = await c.call("POST", `${lbaas}/pools/${poolId}/members`, {
      member: { address: setup.addresses[1], protocol_port: 8080, name: "m1", tags: ["b"] },
    });
    expect(created.status).toBe(201);
    expect(created.body.member).toMatchObject({
      address: setup.addresses[1],
      protocol_port: 8080,
      name: "m1",
      weight: 1,
      backup: false,
      tags: ["b"],
      provisioning_status: "PENDING_CREATE",
      operating_status: "OFFLINE",
    });
    const id = created.body.member.id;
    const duplicate = async () =>
      c.call("POST", `${lbaas}/pools/${poolId}/members`, {
        member: { address: setup.addresses[1], protocol_port: 8080 },
      });
    c.clock.advance(c.world.timing.nlbUpdateMs);
    const clash = await duplicate();
    expect(clash.status).toBe(409);
    expect(clash.body.faultstring).toBe(
      `Another member on this pool is already using ip ${setup.addresses[1]} on protocol_port 8080`,
    );
    expect((await status(c, `/pools/${poolId}/members/${id}`)).provisioning_status).toBe("ACTIVE");
    c.clock.advance(30_000);
    expect((await status(c, `/pools/${poolId}/members/${id}`)).operating_status).toBe("ONLINE");

    expect((await c.call("DELETE", `${lbaas}/pools/${poolId}/members/${id}`)).status).toBe(204);
    expect((await status(c, `/pools/${poolId}/members/${id}`)).provisioning_status).toBe("PENDING_DELETE");
    c.clock.advance(c.world.timing.nlbUpdateMs);
    const gone = await c.call("GET", `${lbaas}/pools/${poolId}/members/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual(fault(`Member ${id} not found.`));
  });

  it("deletes children with their load balancer only by cascade, PENDING_DELETE until gone", async () => {
    const c = await client();
    const setup = await network(c);
    const lb = await loadBalancer(c, setup);
    const plain = await c.call("DELETE", `${lbaas}/loadbalancers/${lb.id}`);
    expect(plain.status).toBe(400);
    expect(plain.body).toEqual(fault(`Validation failure: Cannot delete Load Balancer ${lb.id} - it has children`));
    expect((await c.call("DELETE", `${lbaas}/loadbalancers/${lb.id}?cascade=true`)).status).toBe(204);
    expect((await status(c, `/loadbalancers/${lb.id}`)).provisioning_status).toBe("PENDING_DELETE");
    const again = await c.call("DELETE", `${lbaas}/loadbalancers/${lb.id}?cascade=true`);
    expect(again.body.faultstring).toBe(`Invalid state PENDING_DELETE of loadbalancer resource ${lb.id}`);
    c.clock.advance(c.world.timing.nlbDeleteMs);
    const gone = await c.call("GET", `${lbaas}/loadbalancers/${lb.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual(fault(`Load Balancer ${lb.id} not found.`));
    expect((await get(c, "/loadbalancers")).loadbalancers).toEqual([]);
  });

  it("ends failed work in ERROR: the changed member (the others ACTIVE), a load balancer that failed to provision", async () => {
    const c = await client();
    const setup = await network(c, 3);
    const lb = await loadBalancer(c, setup);
    const poolId = lb.pools[0].id;
    c.world.faults.add({ api: "octavia:CreateMember", kind: "internal", phase: "background", times: 1 });
    const member = await c.call("POST", `${lbaas}/pools/${poolId}/members`, {
      member: { address: setup.addresses[1], protocol_port: 8080 },
    });
    expect(member.status).toBe(201);
    c.clock.advance(c.world.timing.nlbUpdateMs);
    expect((await status(c, `/pools/${poolId}/members/${member.body.member.id}`)).provisioning_status).toBe("ERROR");
    expect((await status(c, `/loadbalancers/${lb.id}`)).provisioning_status).toBe("ACTIVE");
    expect((await status(c, `/pools/${poolId}`)).provisioning_status).toBe("ACTIVE");

    c.world.faults.add({ api: "octavia:CreateLoadBalancer", kind: "internal", phase: "background", times: 1 });
    const broken = await loadBalancer(c, setup);
    expect((await status(c, `/loadbalancers/${broken.id}`)).provisioning_status).toBe("ERROR");
    expect((await status(c, `/listeners/${broken.listeners[0].id}`)).provisioning_status).toBe("ERROR");
    const put = await c.call("PUT", `${lbaas}/loadbalancers/${broken.id}`, { loadbalancer: { name: "y" } });
    expect(put.body.faultstring).toBe(`Invalid state ERROR of loadbalancer resource ${broken.id}`);
    expect((await c.call("DELETE", `${lbaas}/loadbalancers/${broken.id}?cascade=true`)).status).toBe(204);
  });
});

describe("OpenStack front: Octavia bodies and lists", () => {
  it("reports the status tree, with operating statuses from the members' health", async () => {
    const c = await client();
    const setup = await network(c);
    const lb = await loadBalancer(c, setup);
    c.clock.advance(30_000);
    const tree = (await get(c, `/loadbalancers/${lb.id}/status`)).statuses;
    const memberId = (await get(c, `/pools/${lb.pools[0].id}/members`)).members[0].id;
    expect(tree).toEqual({
      loadbalancer: {
        id: lb.id,
        name: "lb",
        operating_status: "ONLINE",
        provisioning_status: "ACTIVE",
        listeners: [
          {
            id: lb.listeners[0].id,
            name: "listener",
            operating_status: "ONLINE",
            provisioning_status: "ACTIVE",
            pools: [
              {
                id: lb.pools[0].id,
                name: "pool",
                provisioning_status: "ACTIVE",
                operating_status: "ONLINE",
                health_monitor: {
                  id: expect.any(String),
                  name: "",
                  type: "TCP",
                  provisioning_status: "ACTIVE",
                  operating_status: "ONLINE",
                },
                members: [
                  {
                    id: memberId,
                    name: "m0",
                    operating_status: "ONLINE",
                    provisioning_status: "ACTIVE",
                    address: setup.addresses[0],
                    protocol_port: 8080,
                  },
                ],
              },
            ],
          },
        ],
      },
    });
    // Without a health monitor the members are not checked: NO_MONITOR.
    const monitorId = tree.loadbalancer.listeners[0].pools[0].health_monitor.id;
    expect((await c.call("DELETE", `${lbaas}/healthmonitors/${monitorId}`)).status).toBe(204);
    c.clock.advance(c.world.timing.nlbUpdateMs);
    expect((await c.call("GET", `${lbaas}/healthmonitors/${monitorId}`)).status).toBe(404);
    expect((await get(c, `/pools/${lb.pools[0].id}/members`)).members[0].operating_status).toBe("NO_MONITOR");
    expect((await status(c, `/pools/${lb.pools[0].id}`)).healthmonitor_id).toBeNull();
  });

  it("pages with next and previous links, filters by attributes and tags, selects fields", async () => {
    const c = await client({ pageSize: 2 });
    const setup = await network(c, 1);
    const ids: string[] = [];
    for (const name of ["a", "b", "c"]) {
      const created = await c.call("POST", `${lbaas}/loadbalancers`, lbBody(setup, name));
      ids.push(created.body.loadbalancer.id);
      c.clock.advance(1000);
    }
    const first = await get(c, "/loadbalancers");
    expect(first.loadbalancers.map((l: any) => l.id)).toEqual(ids.slice(0, 2));
    const base = `${c.regionUrl}${lbaas}/loadbalancers`;
    expect(first.loadbalancers_links).toEqual([{ rel: "next", href: `${base}?limit=2&marker=${ids[1]}` }]);
    const second = (await c.call("GET", first.loadbalancers_links[0].href)).body;
    expect(second.loadbalancers.map((l: any) => l.id)).toEqual([ids[2]]);
    expect(second.loadbalancers_links).toEqual([
      { rel: "previous", href: `${base}?limit=2&marker=${ids[2]}&page_reverse=True` },
    ]);
    c.clock.advance(c.world.timing.nlbProvisionMs);
    const tagged = await c.call("PUT", `${lbaas}/loadbalancers/${ids[1]}`, { loadbalancer: { tags: ["web", "blue"] } });
    expect(tagged.status).toBe(200);
    expect((await get(c, "/loadbalancers?tags=web,blue")).loadbalancers.map((l: any) => l.id)).toEqual([ids[1]]);
    expect((await get(c, "/loadbalancers?not-tags-any=blue")).loadbalancers.map((l: any) => l.id)).toEqual([
      ids[0],
      ids[2],
    ]);
    expect((await get(c, "/loadbalancers?name=c")).loadbalancers.map((l: any) => l.id)).toEqual([ids[2]]);
    expect((await get(c, "/loadbalancers?name=b&fields=id&fields=name")).loadbalancers).toEqual([
      { id: ids[1], name: "b" },
    ]);
    const bad = await c.call("GET", `${lbaas}/loadbalancers?colour=red`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(fault("One or more arguments are either duplicate or invalid"));
    const marker = await c.call("GET", `${lbaas}/loadbalancers?marker=nope`);
    expect(marker.body).toEqual(fault("Supplied pagination marker 'nope' is not valid."));
  });

  it("keeps L7 policies on a listener, changing them through PENDING states", async () => {
    const c = await client();
    const setup = await network(c);
    const lb = await loadBalancer(c, setup);
    const listenerId = lb.listeners[0].id;
    const missing = await c.call("POST", `${lbaas}/l7policies`, {
      l7policy: { listener_id: listenerId, action: "REDIRECT_TO_URL" },
    });
    expect(missing.body.faultstring).toBe("Invalid L7 Policy arguments: redirect_url must not be None");
    const created = await c.call("POST", `${lbaas}/l7policies`, {
      l7policy: { listener_id: listenerId, action: "REDIRECT_TO_URL", redirect_url: "http://example.com" },
    });
    expect(created.status).toBe(201);
    expect(created.body.l7policy).toMatchObject({
      listener_id: listenerId,
      action: "REDIRECT_TO_URL",
      redirect_http_code: 302,
      position: 1,
      rules: [],
      provisioning_status: "PENDING_CREATE",
    });
    const id = created.body.l7policy.id;
    expect((await status(c, `/listeners/${listenerId}`)).l7policies).toEqual([{ id }]);
    expect((await status(c, `/listeners/${listenerId}`)).provisioning_status).toBe("PENDING_UPDATE");
    c.clock.advance(c.world.timing.nlbUpdateMs);
    expect((await c.call("DELETE", `${lbaas}/l7policies/${id}`)).status).toBe(204);
    expect((await status(c, `/l7policies/${id}`)).provisioning_status).toBe("PENDING_DELETE");
    c.clock.advance(c.world.timing.nlbUpdateMs);
    expect((await c.call("GET", `${lbaas}/l7policies/${id}`)).body).toEqual(fault(`L7 Policy ${id} not found.`));
  });

  it("lists its API versions at the root without a token", async () => {
    const c = await client();
    const root = (await (await fetch(`${c.regionUrl}/load-balancer/`)).json()) as any;
    const current = root.versions.find((v: any) => v.status === "CURRENT");
    expect(current).toEqual({
      id: "v2.28",
      status: "CURRENT",
      updated: "2023-11-08T00:00:00Z",
      links: [{ href: `${c.regionUrl}/load-balancer/v2`, rel: "self" }],
    });
    expect(root.versions[0]).toMatchObject({ id: "v2.0", status: "SUPPORTED" });
    const zed = await client({ deployment: "zed" });
    const zedRoot = (await (await fetch(`${zed.regionUrl}/load-balancer/`)).json()) as any;
    expect(zedRoot.versions.at(-1)).toMatchObject({ id: "v2.26", status: "CURRENT" });
  });

  it("is absent from a deployment without Octavia: no catalog entry, 404 on its path", async () => {
    const c = await client({ deployment: "queens" });
    const token = (await (await issueToken(c.front, passwordAuth)).json()) as any;
    expect(token.token.catalog.map((s: any) => s.type)).not.toContain("load-balancer");
    expect((await c.call("GET", `${lbaas}/loadbalancers`)).status).toBe(404);
    expect((await fetch(`${c.regionUrl}/load-balancer/`)).status).toBe(404);
  });
});
