import { describe, expect, it } from "vitest";
import { reasonOf, start } from "./support.js";

// Zonal persistent disks on the wire.

const zone = "asia-northeast3-b";

describe("GCP disks", () => {
  it("inserts blank and image disks (CREATING then READY), refusing bare types, small sizes and duplicates", async () => {
    const { send, compute, clock, world } = await start();
    const disks = compute(`zones/${zone}/disks`);
    const blank = await send("POST", disks, {
      body: { name: "data-1", sizeGb: "100", type: `zones/${zone}/diskTypes/pd-ssd`, labels: { env: "dev" } },
    });
    expect(blank.json).toMatchObject({ kind: "compute#operation", operationType: "insert", status: "PENDING" });
    const creating = await send("GET", `${disks}/data-1`);
    expect(creating.json).toMatchObject({
      kind: "compute#disk",
      name: "data-1",
      sizeGb: "100",
      status: "CREATING",
      labels: { env: "dev" },
      type: expect.stringMatching(new RegExp(`/zones/${zone}/diskTypes/pd-ssd$`)),
      zone: expect.stringMatching(new RegExp(`/zones/${zone}$`)),
    });
    expect(creating.json["id"]).toBe(blank.json["targetId"]);
    clock.advance(world.timing.diskCreateMs);
    expect((await send("GET", `${disks}/data-1`)).json["status"]).toBe("READY");

    const image = "projects/ubuntu-os-cloud/global/images/family/ubuntu-2204-lts";
    await send("POST", `${disks}?sourceImage=${encodeURIComponent(image)}`, { body: { name: "from-image" } });
    const fromImage = (await send("GET", `${disks}/from-image`)).json;
    const publicImage = await send("GET", `/compute/v1/projects/ubuntu-os-cloud/global/images/family/ubuntu-2204-lts`);
    expect(fromImage["sourceImageId"]).toBe(publicImage.json["id"]);
    expect(fromImage).toMatchObject({
      sizeGb: "10",
      sourceImage: expect.stringMatching(/\/projects\/ubuntu-os-cloud\/global\/images\/ubuntu-2204-jammy-v\d{8}$/),
      type: expect.stringMatching(/\/diskTypes\/pd-standard$/),
    });

    const bare = await send("POST", disks, { body: { name: "data-2", type: "pd-ssd" } });
    expect(bare.status).toBe(400);
    const otherZone = await send("POST", disks, {
      body: { name: "data-2", type: "zones/us-east1-b/diskTypes/pd-ssd" },
    });
    expect(otherZone.status).toBe(400);
    const small = await send("POST", `${disks}?sourceImage=${encodeURIComponent(image)}`, {
      body: { name: "data-2", sizeGb: "5" },
    });
    expect(small.status).toBe(400);
    const duplicate = await send("POST", disks, { body: { name: "data-1" } });
    expect(duplicate.status).toBe(409);
    expect(reasonOf(duplicate)).toBe("alreadyExists");
    const badName = await send("POST", disks, { body: { name: "-data" } });
    expect(reasonOf(badName)).toBe("invalid");
    const missing = await send("GET", `${disks}/nope`);
    expect(missing.status).toBe(404);
  });

  it("only grows on resize, sets labels with the current fingerprint and deletes through DELETING", async () => {
    const { send, compute, clock, world } = await start();
    const disk = compute(`zones/${zone}/disks/data-1`);
    await send("POST", compute(`zones/${zone}/disks`), { body: { name: "data-1", sizeGb: "20" } });
    clock.advance(world.timing.diskCreateMs);
    const grown = await send("POST", `${disk}/resize`, { body: { sizeGb: "40" } });
    expect(grown.json).toMatchObject({ operationType: "resize" });
    expect((await send("GET", disk)).json["sizeGb"]).toBe("40");
    const shrink = await send("POST", `${disk}/resize`, { body: { sizeGb: "30" } });
    expect(shrink.status).toBe(400);
    expect(JSON.stringify(shrink.json)).toMatch(/must be larger than existing size '40'/);

    const fingerprint = (await send("GET", disk)).json["labelFingerprint"];
    const labelled = await send("POST", `${disk}/setLabels`, {
      body: { labelFingerprint: fingerprint, labels: { owner: "ops" } },
    });
    expect(labelled.status).toBe(200);
    expect((await send("GET", disk)).json["labels"]).toEqual({ owner: "ops" });
    const stale = await send("POST", `${disk}/setLabels`, { body: { labelFingerprint: fingerprint, labels: {} } });
    expect(stale.status).toBe(412);
    expect(reasonOf(stale)).toBe("conditionNotMet");

    const deleted = await send("DELETE", disk);
    expect(deleted.json).toMatchObject({ operationType: "delete" });
    expect((await send("GET", disk)).json["status"]).toBe("DELETING");
    clock.advance(world.timing.diskDeleteMs);
    expect((await send("GET", disk)).status).toBe(404);
  });

  it("aggregates disks by zone", async () => {
    const { send, compute } = await start();
    await send("POST", compute(`zones/${zone}/disks`), { body: { name: "seoul" } });
    await send("POST", compute("zones/us-east1-c/disks"), { body: { name: "carolina" } });
    const answer = await send("GET", compute("aggregated/disks"));
    const items = answer.json["items"] as Record<string, { disks?: { name: string }[]; warning?: unknown }>;
    expect(items[`zones/${zone}`]?.disks?.map((d) => d.name)).toEqual(["seoul"]);
    expect(items["zones/us-east1-c"]?.disks?.map((d) => d.name)).toEqual(["carolina"]);
    expect(items["zones/us-east1-b"]?.warning).toMatchObject({ code: "NO_RESULTS_ON_PAGE" });
    const filtered = await send("GET", compute(`zones/${zone}/disks?filter=${encodeURIComponent('name = "nope"')}`));
    expect(filtered.json["items"]).toBeUndefined();
  });

  it("lists the zone's disk types", async () => {
    const { send, compute } = await start();
    const list = await send("GET", compute(`zones/${zone}/diskTypes`));
    expect((list.json["items"] as { name: string }[]).map((t) => t.name)).toEqual([
      "hyperdisk-balanced",
      "pd-balanced",
      "pd-ssd",
      "pd-standard",
    ]);
    const ssd = await send("GET", compute(`zones/${zone}/diskTypes/pd-ssd`));
    expect(ssd.json).toMatchObject({
      kind: "compute#diskType",
      validDiskSize: "10GB-65536GB",
      zone: expect.stringMatching(new RegExp(`/zones/${zone}$`)),
    });
    expect((await send("GET", compute(`zones/${zone}/diskTypes/pd-nope`))).status).toBe(404);
    expect((await send("GET", compute("zones/mars-1a/diskTypes"))).status).toBe(404);
  });
});
