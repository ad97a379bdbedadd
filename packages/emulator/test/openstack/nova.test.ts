/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { describe, expect, it } from "vitest";
import { account, closingClients } from "./support.js";
import type { RawClient } from "./support.js";

const client = closingClients();

async function withNetwork(): Promise<{
  c: RawClient;
  networkId: string;
  subnetId: string;
  sgId: string;
  imageId: string;
  flavorId: string;
}> {
  const c = await client();
  const net = await c.call("POST", "/network/v2.0/networks", { network: { name: "n1" } });
  const subnet = await c.call("POST", "/network/v2.0/subnets", {
    subnet: { network_id: net.body.network.id, cidr: "10.0.1.0/24", ip_version: 4, name: "s1" },
  });
  const sg = await c.call("POST", "/network/v2.0/security-groups", { security_group: { name: "g1" } });
  const images = await c.call("GET", "/image/v2/images?visibility=public&limit=100");
  const flavors = await c.call("GET", "/compute/v2.1/flavors/detail?limit=100");
  return {
    c,
    networkId: net.body.network.id,
    subnetId: subnet.body.subnet.id,
    sgId: sg.body.security_group.id,
    imageId: images.body.images.find((i: any) => i.architecture === "x86_64" && i.os_type === "linux").id,
    flavorId: flavors.body.flavors.find((f: any) => f.name === "m1.small").id,
  };
}

describe("OpenStack front: Nova", () => {
  it("negotiates microversions: echoes them, refuses unknown ones with 406, shapes answers by them", async () => {
    const c = await client();
    const old = await c.call("GET", "/compute/v2.1/flavors/detail?limit=1");
    expect(old.headers.get("openstack-api-version")).toBe("compute 2.1");
    expect(old.body.flavors[0].extra_specs).toBeUndefined();
    const modern = await c.call("GET", "/compute/v2.1/flavors/detail?limit=1", undefined, {
      "openstack-api-version": "compute 2.79",
    });
    expect(modern.headers.get("x-openstack-nova-api-version")).toBe("2.79");
    expect(modern.body.flavors[0].extra_specs).toEqual({ "trait:HW_ARCH_X86_64": "required" });
    const tooNew = await c.call("GET", "/compute/v2.1/flavors", undefined, { "x-openstack-nova-api-version": "2.999" });
    expect(tooNew.status).toBe(406);
    // Nova names no fault for 406: an unsupported version is a computeFault.
    expect(tooNew.body).toEqual({
      computeFault: {
        code: 406,
        message: "Version 2.999 is not supported by the API. Minimum is 2.1 and maximum is 2.96.",
      },
    });
  });

  it("builds a server asynchronously (BUILD, then ACTIVE on the world's clock) and controls it", async () => {
    const { c, networkId, sgId, imageId, flavorId } = await withNetwork();
    const v = { "openstack-api-version": "compute 2.79" };
    const created = await c.call(
      "POST",
      "/compute/v2.1/servers",
      {
        server: {
          name: "vm1",
          imageRef: imageId,
          flavorRef: flavorId,
          networks: [{ uuid: networkId }],
          security_groups: [{ name: sgId }],
        },
      },
      v,
    );
    expect(created.status).toBe(202);
    expect(created.headers.get("location")).toBe(`${c.regionUrl}/compute/v2.1/servers/${created.body.server.id}`);
    const id = created.body.server.id;
    const show = async () => (await c.call("GET", `/compute/v2.1/servers/${id}`, undefined, v)).body.server;
    expect(await show()).toMatchObject({
      status: "BUILD",
      "OS-EXT-STS:task_state": "spawning",
      flavor: { original_name: "m1.small" },
    });
    c.clock.advance(c.world.timing.vmBootMs);
    const active = await show();
    expect(active).toMatchObject({
      status: "ACTIVE",
      "OS-EXT-STS:power_state": 1,
      "OS-EXT-AZ:availability_zone": "nova",
    });
    expect(active.addresses.n1[0]).toMatchObject({ addr: "10.0.1.4", "OS-EXT-IPS:type": "fixed", version: 4 });
    const start = await c.call("POST", `/compute/v2.1/servers/${id}/action`, { "os-start": null }, v);
    expect(start.status).toBe(409);
    expect(start.body).toEqual({
      conflictingRequest: { code: 409, message: `Cannot 'start' instance ${id} while it is in vm_state active` },
    });
    expect((await c.call("POST", `/compute/v2.1/servers/${id}/action`, { "os-stop": null }, v)).status).toBe(202);
    expect(await show()).toMatchObject({ status: "ACTIVE", "OS-EXT-STS:task_state": "powering-off" });
    c.clock.advance(c.world.timing.vmStopMs);
    expect((await show()).status).toBe("SHUTOFF");
    expect((await c.call("POST", `/compute/v2.1/servers/${id}/action`, { suspend: null }, v)).status).toBe(400);
    expect((await c.call("DELETE", `/compute/v2.1/servers/${id}`, undefined, v)).status).toBe(204);
    expect(await show()).toMatchObject({ "OS-EXT-STS:task_state": "deleting" });
    c.clock.advance(c.world.timing.vmTerminateMs);
    const gone = await c.call("GET", `/compute/v2.1/servers/${id}`, undefined, v);
    expect(gone.status).toBe(404);
    expect(gone.body.itemNotFound.code).toBe(404);
  });

  it("answers over-quota with 403 and rate limiting with 413 overLimit and Retry-After", async () => {
    const { c, networkId, imageId, flavorId } = await withNetwork();
    c.world.quotas.set({ provider: "OPENSTACK", account }, { vms: 0 });
    const quota = await c.call("POST", "/compute/v2.1/servers", {
      server: { name: "vm", imageRef: imageId, flavorRef: flavorId, networks: [{ uuid: networkId }] },
    });
    expect(quota.status).toBe(403);
    expect(quota.body.forbidden.message).toMatch(/^Quota exceeded/);
    c.world.faults.add({
      provider: "OPENSTACK",
      api: "nova:ListServersDetailed",
      kind: "throttle",
      retryAfterMs: 2_500,
      times: 1,
    });
    const limited = await c.call("GET", "/compute/v2.1/servers/detail");
    expect(limited.status).toBe(413);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(limited.body.overLimit).toMatchObject({ code: 413, retryAfter: "3" });
    expect((await c.call("GET", "/compute/v2.1/servers/detail")).status).toBe(200);
  });

  it("generates key pairs below 2.92, needs a public key from 2.92 on, and pages them by name", async () => {
    const c = await client({ pageSize: 2 });
    const v = { "openstack-api-version": "compute 2.79" };
    const made = await c.call("POST", "/compute/v2.1/os-keypairs", { keypair: { name: "k1" } }, v);
    expect(made.status).toBe(201);
    expect(made.body.keypair.private_key).toMatch(/PRIVATE KEY/);
    expect(made.body.keypair.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect((await c.call("POST", "/compute/v2.1/os-keypairs", { keypair: { name: "k1" } }, v)).status).toBe(409);
    const refused = await c.call(
      "POST",
      "/compute/v2.1/os-keypairs",
      { keypair: { name: "k2" } },
      { "openstack-api-version": "compute 2.92" },
    );
    expect(refused.status).toBe(400);
    await c.call(
      "POST",
      "/compute/v2.1/os-keypairs",
      { keypair: { name: "k2", public_key: made.body.keypair.public_key } },
      v,
    );
    await c.call("POST", "/compute/v2.1/os-keypairs", { keypair: { name: "k3" } }, v);
    const first = await c.call("GET", "/compute/v2.1/os-keypairs", undefined, v);
    expect(first.body.keypairs.map((k: any) => k.keypair.name)).toEqual(["k1", "k2"]);
    const next = first.body.keypairs_links.find((l: any) => l.rel === "next").href;
    expect(new URL(next).searchParams.get("marker")).toBe("k2");
    const second = await c.call("GET", next, undefined, v);
    expect(second.body.keypairs.map((k: any) => k.keypair.name)).toEqual(["k3"]);
    expect(second.body.keypairs_links).toBeUndefined();
  });
});
