/* eslint-disable @typescript-eslint/no-unsafe-member-access -- raw JSON answers are inspected field by field */
import { describe, expect, it } from "vitest";
import { closingClients } from "./support.js";
import type { RawClient } from "./support.js";

const client = closingClients();

async function running(
  c: RawClient,
): Promise<{ networkId: string; subnetId: string; serverId: string; address: string }> {
  const net = (await c.call("POST", "/network/v2.0/networks", { network: { name: "n" } })).body.network;
  const subnet = (
    await c.call("POST", "/network/v2.0/subnets", {
      subnet: { network_id: net.id, name: "s", cidr: "10.0.1.0/24", ip_version: 4 },
    })
  ).body.subnet;
  const image = (await c.call("GET", "/image/v2/images?visibility=public&limit=1")).body.images[0];
  const flavor = (await c.call("GET", "/compute/v2.1/flavors?limit=1")).body.flavors[0];
  const server = (
    await c.call("POST", "/compute/v2.1/servers", {
      server: { name: "vm", imageRef: image.id, flavorRef: flavor.id, networks: [{ uuid: net.id }] },
    })
  ).body.server;
  c.clock.advance(c.world.timing.vmBootMs);
  return { networkId: net.id, subnetId: subnet.id, serverId: server.id, address: "10.0.1.4" };
}

describe("OpenStack front: Cinder and Glance", () => {
  it("creates volumes asynchronously, refuses to delete or extend attached ones with 400 Invalid volume", async () => {
    const c = await client();
    const { serverId } = await running(c);
    const created = await c.call("POST", `/volume/v3/${c.projectId}/volumes`, {
      volume: { name: "v1", size: 5, metadata: { team: "a" } },
    });
    expect(created.status).toBe(202);
    expect(created.body.volume).toMatchObject({ status: "creating", size: 5, metadata: { team: "a" } });
    c.clock.advance(c.world.timing.diskCreateMs);
    const id = created.body.volume.id;
    expect(
      (
        await c.call("POST", `/compute/v2.1/servers/${serverId}/os-volume_attachments`, {
          volumeAttachment: { volumeId: id },
        })
      ).status,
    ).toBe(200);
    c.clock.advance(c.world.timing.diskAttachMs);
    const attached = (await c.call("GET", `/volume/v3/${c.projectId}/volumes/${id}`)).body.volume;
    expect(attached).toMatchObject({
      status: "in-use",
      attachments: [expect.objectContaining({ server_id: serverId })],
    });
    const del = await c.call("DELETE", `/volume/v3/${c.projectId}/volumes/${id}`);
    expect(del.status).toBe(400);
    expect(del.body.badRequest.message).toMatch(/^Invalid volume/);
    expect(
      (await c.call("POST", `/volume/v3/${c.projectId}/volumes/${id}/action`, { "os-extend": { new_size: 8 } })).status,
    ).toBe(400);
    expect((await c.call("DELETE", `/compute/v2.1/servers/${serverId}/os-volume_attachments/${id}`)).status).toBe(202);
    c.clock.advance(c.world.timing.diskDetachMs);
    expect(
      (await c.call("POST", `/volume/v3/${c.projectId}/volumes/${id}/action`, { "os-extend": { new_size: 8 } })).status,
    ).toBe(202);
    c.clock.advance(c.world.timing.diskExtendMs);
    expect((await c.call("GET", `/volume/v3/${c.projectId}/volumes/${id}`)).body.volume.size).toBe(8);
    // Cinder's project ids are hex: this path matches no route.
    expect((await c.call("GET", `/volume/v3/not-my-project/volumes`)).status).toBe(404);
  });

  it("pages Glance images with a relative next link and lists snapshots as private images", async () => {
    const c = await client({ pageSize: 4 });
    const { serverId } = await running(c);
    const first = await c.call("GET", "/image/v2/images?visibility=public");
    expect(first.body.images).toHaveLength(4);
    expect(first.body.next).toMatch(/^\/v2\/images\?/);
    const second = await c.call("GET", `/image${first.body.next}`);
    expect(second.body.images[0].id).not.toBe(first.body.images[0].id);
    const snap = await c.call(
      "POST",
      `/compute/v2.1/servers/${serverId}/action`,
      { createImage: { name: "snap" } },
      { "openstack-api-version": "compute 2.45" },
    );
    expect(snap.status).toBe(202);
    const image = (await c.call("GET", `/image/v2/images/${snap.body.image_id}`)).body;
    expect(image).toMatchObject({
      visibility: "private",
      image_type: "snapshot",
      instance_uuid: serverId,
      status: "queued",
    });
    const missing = await c.call("GET", "/image/v2/images/00000000-0000-0000-0000-000000000000");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatch(/^404 Not Found/);
  });
});
