/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access -- raw JSON answers are inspected field by field */
import { describe, expect, it } from "vitest";
import { openStackDeployments } from "../../src/fronts/openstack/index.js";
import { closingClients, issueToken, passwordAuth } from "./support.js";
import type { RawClient } from "./support.js";

// Expected bodies and messages come from the Block Storage v3 API reference and Cinder's sources
// (cinder/api/openstack/wsgi.py, cinder/volume/api.py, cinder/api/contrib/volume_actions.py).

const client = closingClients();

const volumes = (c: RawClient): string => `/volume/v3/${c.projectId}/volumes`;

/** A volume of `size` GB, created and past its creation. */
async function availableVolume(c: RawClient, size = 5, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await c.call("POST", volumes(c), { volume: { name: "v", size, ...extra } });
  expect(created.status).toBe(202);
  c.clock.advance(c.world.timing.diskCreateMs);
  return created.body.volume.id;
}

/** A running server to attach volumes to. */
async function server(c: RawClient): Promise<string> {
  const net = (await c.call("POST", "/network/v2.0/networks", { network: { name: "n" } })).body.network;
  await c.call("POST", "/network/v2.0/subnets", {
    subnet: { network_id: net.id, cidr: "10.0.1.0/24", ip_version: 4 },
  });
  const image = (await c.call("GET", "/image/v2/images?visibility=public&limit=1")).body.images[0];
  const flavor = (await c.call("GET", "/compute/v2.1/flavors?limit=1")).body.flavors[0];
  const created = await c.call("POST", "/compute/v2.1/servers", {
    server: { name: "vm", imageRef: image.id, flavorRef: flavor.id, networks: [{ uuid: net.id }] },
  });
  c.clock.advance(c.world.timing.vmBootMs);
  return created.body.server.id;
}

const extend = (c: RawClient, id: string, newSize: unknown, version?: string) =>
  c.call(
    "POST",
    `${volumes(c)}/${id}/action`,
    { "os-extend": { new_size: newSize } },
    version ? { "openstack-api-version": `volume ${version}` } : {},
  );

/** The service types of the catalog a token of the client's front carries, with their first URLs. */
async function catalogOf(c: RawClient): Promise<Map<string, string>> {
  const body = (await (await issueToken(c.front, passwordAuth)).json()) as any;
  return new Map(body.token.catalog.map((s: any) => [s.type, s.endpoints[0].url]));
}

const show = async (c: RawClient, id: string) => (await c.call("GET", `${volumes(c)}/${id}`)).body.volume;

describe("OpenStack front: Cinder volume extend", () => {
  it("extends in the background: 202 without a body, extending at the old size, then available at the new", async () => {
    const c = await client();
    const id = await availableVolume(c, 5);
    const accepted = await extend(c, id, 8);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toBeUndefined();
    expect(await show(c, id)).toMatchObject({ status: "extending", size: 5 });
    c.clock.advance(c.world.timing.diskExtendMs - 1);
    expect((await show(c, id)).status).toBe("extending");
    c.clock.advance(1);
    expect(await show(c, id)).toMatchObject({ status: "available", size: 8 });
  });

  it("refuses a size that does not grow, a malformed size, other states and unknown actions, in Cinder's words", async () => {
    const c = await client();
    const id = await availableVolume(c, 5);
    const smaller = await extend(c, id, 3);
    expect(smaller.status).toBe(400);
    expect(smaller.body).toEqual({
      badRequest: {
        code: 400,
        message:
          "Invalid input received: New size for extend must be greater than current size. (current: 5, extended: 3).",
      },
    });
    const malformed = await extend(c, id, "abc");
    expect(malformed.body.badRequest.message).toBe(
      "Invalid input for field/attribute new_size. Value: abc. 'abc' does not match '^[0-9]+$'",
    );
    expect((await extend(c, id, 0)).body.badRequest.message).toBe(
      "Invalid input for field/attribute new_size. Value: 0. 0 is less than the minimum of 1",
    );
    expect(await extend(c, id, "6")).toMatchObject({ status: 202 });
    const again = await extend(c, id, 7);
    expect(again.status).toBe(400);
    expect(again.body.badRequest.message).toBe(
      `Invalid volume: Volume ${id} status must be '{'status': 'available'}' to extend, currently extending.`,
    );
    const unknown = await c.call("POST", `${volumes(c)}/${id}/action`, { "os-frobnicate": {} });
    expect(unknown.body.badRequest.message).toBe(
      "There is no such action: os-frobnicate. Verify the request body and Content-Type header and try again.",
    );
    const missing = await extend(c, "00000000-0000-0000-0000-000000000000", 9);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      itemNotFound: { code: 404, message: "Volume 00000000-0000-0000-0000-000000000000 could not be found." },
    });
  });

  it("extends an in-use volume from microversion 3.42 only", async () => {
    const c = await client();
    const serverId = await server(c);
    const id = await availableVolume(c, 5);
    const attach = await c.call("POST", `/compute/v2.1/servers/${serverId}/os-volume_attachments`, {
      volumeAttachment: { volumeId: id },
    });
    expect(attach.status).toBe(200);
    expect(await show(c, id)).toMatchObject({ status: "attaching", attachments: [] });
    c.clock.advance(c.world.timing.diskAttachMs);
    expect(await show(c, id)).toMatchObject({
      status: "in-use",
      attachments: [{ server_id: serverId, volume_id: id, device: "/dev/sdf" }],
    });

    const base = await extend(c, id, 10);
    expect(base.status).toBe(400);
    expect(base.body.badRequest.message).toBe(
      `Invalid volume: Volume ${id} status must be '{'status': 'available'}' to extend, currently in-use.`,
    );
    expect(base.headers.get("openstack-api-version")).toBe("volume 3.0");
    expect((await extend(c, id, 10, "3.41")).status).toBe(400);
    const attached = await extend(c, id, 10, "3.42");
    expect(attached.status).toBe(202);
    expect(attached.headers.get("openstack-api-version")).toBe("volume 3.42");
    expect(attached.headers.get("vary")).toBe("OpenStack-API-Version");
    expect(await show(c, id)).toMatchObject({ status: "extending", size: 5, attachments: [{ server_id: serverId }] });
    c.clock.advance(c.world.timing.diskExtendMs);
    expect(await show(c, id)).toMatchObject({ status: "in-use", size: 10 });

    expect((await c.call("DELETE", `/compute/v2.1/servers/${serverId}/os-volume_attachments/${id}`)).status).toBe(202);
    expect(await show(c, id)).toMatchObject({ status: "detaching", attachments: [] });
    c.clock.advance(c.world.timing.diskDetachMs);
    expect(await show(c, id)).toMatchObject({ status: "available", attachments: [] });
  });

  it("refuses an extend beyond the gigabytes quota with 413 overLimit", async () => {
    const c = await client();
    c.world.quotas.set({ provider: "OPENSTACK" }, { diskTotalGB: 20 });
    const id = await availableVolume(c, 5);
    await availableVolume(c, 3);
    const over = await extend(c, id, 18);
    expect(over.status).toBe(413);
    expect(over.body).toEqual({
      overLimit: {
        code: 413,
        message:
          "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 13G, quota is 20G and 8G has been consumed.",
        retryAfter: "0",
      },
    });
    expect(over.headers.get("retry-after")).toBe("0");
    expect((await show(c, id)).status).toBe("available");
    expect((await extend(c, id, 17)).status).toBe(202);
  });

  it("ends a failed extend in error_extending at the old size; such a volume can be deleted", async () => {
    const c = await client();
    const id = await availableVolume(c, 5);
    c.world.faults.add({ api: "cinder:ExtendVolume", kind: "internal", phase: "background", times: 1 });
    expect((await extend(c, id, 8)).status).toBe(202);
    c.clock.advance(c.world.timing.diskExtendMs);
    expect(await show(c, id)).toMatchObject({ status: "error_extending", size: 5 });
    expect((await extend(c, id, 9)).body.badRequest.message).toMatch(/currently error_extending\.$/);
    expect((await c.call("DELETE", `${volumes(c)}/${id}`)).status).toBe(202);
    expect((await show(c, id)).status).toBe("deleting");
    c.clock.advance(c.world.timing.diskDeleteMs);
    expect((await c.call("GET", `${volumes(c)}/${id}`)).status).toBe(404);
  });
});

describe("OpenStack front: Cinder microversions and versions", () => {
  it("negotiates volume microversions within the deployment's range and echoes them", async () => {
    const c = await client();
    const latest = await c.call("GET", volumes(c), undefined, { "openstack-api-version": "volume latest" });
    expect(latest.headers.get("openstack-api-version")).toBe("volume 3.71");
    const beyond = await c.call("GET", volumes(c), undefined, { "openstack-api-version": "volume 3.72" });
    expect(beyond.status).toBe(406);
    expect(beyond.body).toEqual({
      computeFault: {
        code: 406,
        message: "Version 3.72 is not supported by the API. Minimum is 3.0 and maximum is 3.71.",
      },
    });
    expect(beyond.headers.get("openstack-api-version")).toBe("volume 3.72");
    const malformed = await c.call("GET", volumes(c), undefined, { "openstack-api-version": "volume 3.x" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.badRequest.message).toBe(
      "API Version String 3.x is of invalid format. Must be of format MajorNum.MinorNum.",
    );
    expect(malformed.headers.get("openstack-api-version")).toBeNull();
    const zed = await client({ deployment: "zed" });
    const zedLatest = await zed.call("GET", volumes(zed), undefined, { "openstack-api-version": "volume latest" });
    expect(zedLatest.headers.get("openstack-api-version")).toBe("volume 3.70");
    const queens = await client({ deployment: "queens" });
    const old = await queens.call("GET", volumes(queens), undefined, { "openstack-api-version": "volume 3.51" });
    expect(old.body.computeFault.message).toBe(
      "Version 3.51 is not supported by the API. Minimum is 3.0 and maximum is 3.50.",
    );
  });

  it("adds detail fields by microversion", async () => {
    const c = await client();
    const id = await availableVolume(c);
    const base = (await c.call("GET", `${volumes(c)}/${id}`)).body.volume;
    expect(base).not.toHaveProperty("volume_type_id");
    expect(base).not.toHaveProperty("group_id");
    const later = (await c.call("GET", `${volumes(c)}/${id}`, undefined, { "openstack-api-version": "volume 3.65" }))
      .body.volume;
    expect(later).toMatchObject({ group_id: null, consumes_quota: true });
    expect(later.volume_type_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("lists its version at the root without a token (300) and at /v3/ with one", async () => {
    const c = await client();
    const root = await fetch(`${c.regionUrl}/volume/`);
    expect(root.status).toBe(300);
    const doc = (await root.json()) as any;
    expect(doc).toEqual({
      versions: [
        {
          id: "v3.0",
          status: "CURRENT",
          version: "3.71",
          min_version: "3.0",
          updated: "2023-08-31T00:00:00Z",
          links: [
            { rel: "describedby", type: "text/html", href: "https://docs.openstack.org/" },
            { rel: "self", href: `${c.regionUrl}/volume/v3/` },
          ],
          "media-types": [{ base: "application/json", type: "application/vnd.openstack.volume+json;version=3" }],
        },
      ],
    });
    expect((await fetch(`${c.regionUrl}/volume/v3/`)).status).toBe(401);
    const v3 = await c.call("GET", "/volume/v3/");
    expect(v3.status).toBe(200);
    expect(v3.body.versions[0]).toMatchObject({ id: "v3.0", version: "3.71" });
    const zed = await client({ deployment: "zed" });
    expect(((await (await fetch(`${zed.regionUrl}/volume/`)).json()) as any).versions[0].version).toBe("3.70");
  });

  it("answers paths of the removed v1 and v2 APIs with the root app's 404, without a token", async () => {
    const c = await client({ deployment: "queens" });
    const catalog = await catalogOf(c);
    const types = [...catalog.keys()];
    expect(types).toEqual(expect.arrayContaining(["volume", "volumev2"]));
    expect(types).not.toContain("volumev3");
    const v2 = catalog.get("volumev2");
    expect(v2).toBe(`${c.regionUrl}/volume/v2/${c.projectId}`);
    const plain = await fetch(`${v2}/volumes`, { headers: { accept: "text/plain" } });
    expect(plain.status).toBe(404);
    expect(await plain.text()).toBe("404 Not Found\n\nThe resource could not be found.\n\n   ");
    const asJson = await fetch(`${c.regionUrl}/volume/v1/${c.projectId}/volumes`, {
      headers: { accept: "application/json" },
    });
    expect(await asJson.json()).toEqual({
      code: "404 Not Found",
      title: "Not Found",
      message: "The resource could not be found.<br /><br />\n\n\n",
    });
    // v3 is served all the same, as by a real Cinder whose catalog still names the old types.
    expect((await c.call("GET", volumes(c))).status).toBe(200);
  });

  it("serves project-less URLs from 3.67's release on and refuses another project's URL", async () => {
    const c = await client();
    const id = await availableVolume(c);
    const projectless = await c.call("GET", "/volume/v3/volumes");
    expect(projectless.status).toBe(200);
    expect(projectless.body.volumes[0].links[0].href).toBe(`${c.regionUrl}/volume/v3/volumes/${id}`);
    const queens = await client({ deployment: "queens" });
    expect((await queens.call("GET", "/volume/v3/volumes")).status).toBe(404);
    const other = await c.call("GET", "/volume/v3/0123456789abcdef0123456789abcdef/volumes");
    expect(other.status).toBe(400);
    expect(other.body).toEqual({ badRequest: { code: 400, message: "Malformed request url" } });
  });

  it("is absent from a deployment without Block Storage: no catalog entry, 404 on its path", async () => {
    const c = await client({ deployment: { ...openStackDeployments.current, blockStorage: [] } });
    const types = [...(await catalogOf(c)).keys()];
    expect(types.filter((t) => t.includes("volume") || t === "block-storage")).toEqual([]);
    expect(types).toContain("compute");
    expect((await c.call("GET", volumes(c))).status).toBe(404);
    expect((await fetch(`${c.regionUrl}/volume/`)).status).toBe(404);
  });
});

describe("OpenStack front: Cinder volumes", () => {
  it("renders volumes as the reference shows them, with self and bookmark links", async () => {
    const c = await client();
    const created = await c.call("POST", volumes(c), {
      volume: { name: "data", size: 5, description: "scratch", metadata: { team: "a" } },
    });
    expect(created.status).toBe(202);
    const volume = created.body.volume;
    expect(volume).toMatchObject({
      status: "creating",
      size: 5,
      name: "data",
      description: "scratch",
      metadata: { team: "a" },
      bootable: "false",
      encrypted: false,
      multiattach: false,
      attachments: [],
      snapshot_id: null,
      source_volid: null,
      availability_zone: "nova",
      "os-vol-tenant-attr:tenant_id": c.projectId,
    });
    expect(volume.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(volume.links).toEqual([
      { rel: "self", href: `${c.regionUrl}/volume/v3/${c.projectId}/volumes/${volume.id}` },
      { rel: "bookmark", href: `${c.regionUrl}/volume/${c.projectId}/volumes/${volume.id}` },
    ]);
    const nameless = await c.call("POST", volumes(c), { volume: { size: 1 } });
    expect(nameless.body.volume.name).toBeNull();
  });

  it("creates from an image: bootable, the image kept for volume_image_metadata; checks the image's minimum disk", async () => {
    const c = await client();
    const image = (await c.call("GET", "/image/v2/images?visibility=public&limit=1")).body.images[0];
    const small = await c.call("POST", volumes(c), { volume: { size: image.min_disk - 1, imageRef: image.id } });
    expect(small.status).toBe(400);
    expect(small.body.badRequest.message).toBe(
      `Invalid input received: Volume size ${image.min_disk - 1}GB cannot be smaller than the image minDisk size ${image.min_disk}GB.`,
    );
    const unknown = await c.call("POST", volumes(c), { volume: { size: 10, imageRef: "no-such-image" } });
    expect(unknown.body.badRequest.message).toBe("Invalid image identifier or unable to access requested image.");
    const created = await c.call("POST", volumes(c), { volume: { size: image.min_disk, imageRef: image.id } });
    expect(created.status).toBe(202);
    expect(created.body.volume.bootable).toBe("true");
    const disk = c.world
      .accountRegion({ provider: "OPENSTACK", account: "acme", region: "RegionOne" })
      .disks.get(created.body.volume.id);
    expect(disk.sourceImageId).toBe(image.id);
  });

  it("refuses creates Cinder refuses: no size, unknown type and zone, over the volume count", async () => {
    const c = await client();
    expect((await c.call("POST", volumes(c), {})).body.badRequest.message).toBe("'volume' is a required property");
    expect((await c.call("POST", volumes(c), { volume: { name: "x" } })).body.badRequest.message).toBe(
      "Invalid input received: Invalid volume size provided for create request: None (size argument must be an integer (or string representation of an integer) and greater than zero).",
    );
    const type = await c.call("POST", volumes(c), { volume: { size: 1, volume_type: "gold" } });
    expect(type.status).toBe(404);
    expect(type.body.itemNotFound.message).toBe("Volume type with name gold could not be found.");
    const zone = await c.call("POST", volumes(c), { volume: { size: 1, availability_zone: "mars" } });
    expect(zone.body.badRequest.message).toBe("Availability zone 'mars' is invalid.");
    c.world.quotas.set({ provider: "OPENSTACK" }, { disks: 1 });
    expect((await c.call("POST", volumes(c), { volume: { size: 1 } })).status).toBe(202);
    const over = await c.call("POST", volumes(c), { volume: { size: 1 } });
    expect(over.status).toBe(413);
    expect(over.body.overLimit).toEqual({
      code: 413,
      message: "VolumeLimitExceeded: Maximum number of volumes allowed (1) exceeded for quota 'volumes'.",
      retryAfter: "0",
    });
  });

  it("deletes in the background and refuses attached or busy volumes", async () => {
    const c = await client();
    const serverId = await server(c);
    const id = await availableVolume(c);
    await c.call("POST", `/compute/v2.1/servers/${serverId}/os-volume_attachments`, {
      volumeAttachment: { volumeId: id },
    });
    const refused = await c.call("DELETE", `${volumes(c)}/${id}`);
    expect(refused.status).toBe(400);
    expect(refused.body.badRequest.message).toBe(
      "Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.",
    );
    c.clock.advance(c.world.timing.diskAttachMs);
    await c.call("DELETE", `/compute/v2.1/servers/${serverId}/os-volume_attachments/${id}`);
    c.clock.advance(c.world.timing.diskDetachMs);
    expect((await c.call("DELETE", `${volumes(c)}/${id}`)).status).toBe(202);
    expect((await c.call("GET", `${volumes(c)}/detail`)).body.volumes.map((v: any) => v.status)).toEqual(["deleting"]);
    expect((await c.call("DELETE", `${volumes(c)}/${id}`)).status).toBe(400);
    c.clock.advance(c.world.timing.diskDeleteMs);
    expect((await c.call("GET", `${volumes(c)}/detail`)).body.volumes).toEqual([]);
  });

  it("pages newest first with volumes_links that keep the request's parameters", async () => {
    const c = await client({ pageSize: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await availableVolume(c, 1));
      c.clock.advance(1000);
    }
    const first = await c.call("GET", `${volumes(c)}/detail?status=available`);
    expect(first.body.volumes.map((v: any) => v.id)).toEqual([ids[2], ids[1]]);
    const next = new URL(first.body.volumes_links[0].href);
    expect(first.body.volumes_links[0].rel).toBe("next");
    expect(next.pathname).toBe(`/RegionOne/volume/v3/${c.projectId}/volumes/detail`);
    expect([...next.searchParams]).toEqual([
      ["status", "available"],
      ["marker", ids[1]],
    ]);
    const second = await c.call("GET", next.href);
    expect(second.body.volumes.map((v: any) => v.id)).toEqual([ids[0]]);
    expect(second.body).not.toHaveProperty("volumes_links");
    const limited = await c.call("GET", `${volumes(c)}?limit=1&sort=name:asc,created_at:asc`);
    expect(limited.body.volumes).toEqual([{ id: ids[0], name: "v", links: expect.any(Array) }]);
    expect(new URL(limited.body.volumes_links[0].href).searchParams.get("limit")).toBe("1");
    const lost = await c.call("GET", `${volumes(c)}?marker=00000000-0000-0000-0000-000000000000`);
    expect(lost.body.itemNotFound.message).toBe("Volume 00000000-0000-0000-0000-000000000000 could not be found.");
    expect((await c.call("GET", `${volumes(c)}?limit=x`)).body.badRequest.message).toBe(
      "limit param must be an integer",
    );
  });

  it("ignores unknown filters before 3.31 and refuses them after", async () => {
    const c = await client();
    await availableVolume(c);
    expect((await c.call("GET", `${volumes(c)}?colour=red`)).body.volumes).toHaveLength(1);
    const strict = await c.call("GET", `${volumes(c)}?colour=red`, undefined, {
      "openstack-api-version": "volume 3.31",
    });
    expect(strict.status).toBe(400);
    expect(strict.body.badRequest.message).toBe("Invalid filters colour are found in query options.");
    const byMetadata = await c.call("GET", `${volumes(c)}?metadata=${encodeURIComponent('{"team": "b"}')}`);
    expect(byMetadata.body.volumes).toEqual([]);
  });
});
