import { describe, expect, it } from "vitest";
import { project, reasonOf, start } from "./support.js";

// The project's own images, made from an instance's boot disk, on the wire.

const zone = "us-central1-a";

async function withInstance() {
  const started = await start();
  const { world, send, compute, clock } = started;
  world
    .accountRegion({ provider: "GCP", account: project, region: "us-central1" })
    .vpcs.create({ name: "default", subnets: [{ name: "default", cidr: "10.128.0.0/20" }] });
  await send("POST", compute(`zones/${zone}/instances`), {
    body: {
      name: "golden",
      machineType: `zones/${zone}/machineTypes/e2-small`,
      disks: [
        {
          boot: true,
          autoDelete: true,
          initializeParams: { sourceImage: "projects/debian-cloud/global/images/family/debian-12", diskSizeGb: "15" },
        },
      ],
      networkInterfaces: [{ subnetwork: "regions/us-central1/subnetworks/default" }],
    },
  });
  clock.advance(world.timing.vmBootMs);
  return started;
}

describe("GCP images from disks", () => {
  it("refuses the boot disk of a running instance unless forceCreate, then goes PENDING to READY", async () => {
    const { send, compute, clock, world } = await withInstance();
    const body = {
      name: "golden-v1",
      sourceDisk: `zones/${zone}/disks/golden`,
      family: "golden",
      labels: { os: "debian" },
    };
    const inUse = await send("POST", compute("global/images"), { body });
    expect(inUse.status).toBe(400);
    expect(reasonOf(inUse)).toBe("resourceInUseByAnotherResource");
    const forced = await send("POST", compute("global/images?forceCreate=true"), { body });
    expect(forced.status).toBe(200);
    expect(forced.json).toMatchObject({ kind: "compute#operation", operationType: "insert" });
    expect(forced.json["zone"]).toBeUndefined();
    expect(String(forced.json["selfLink"])).toMatch(/\/global\/operations\/operation-/);
    const pending = await send("GET", compute("global/images/golden-v1"));
    expect(pending.json).toMatchObject({
      kind: "compute#image",
      name: "golden-v1",
      status: "PENDING",
      family: "golden",
      diskSizeGb: "15",
      labels: { os: "debian" },
      sourceDisk: expect.stringMatching(new RegExp(`/projects/${project}/zones/${zone}/disks/golden$`)),
    });
    clock.advance(world.timing.myImageCreateMs);
    expect((await send("GET", compute("global/images/golden-v1"))).json["status"]).toBe("READY");
    const fromFamily = await send("GET", compute("global/images/family/golden"));
    expect(fromFamily.json["name"]).toBe("golden-v1");
    const list = await send("GET", compute("global/images"));
    expect((list.json["items"] as { name: string }[]).map((i) => i.name)).toEqual(["golden-v1"]);
    const again = await send("POST", compute("global/images?forceCreate=true"), { body });
    expect(again.status).toBe(409);
    const labelFingerprint = (await send("GET", compute("global/images/golden-v1"))).json["labelFingerprint"];
    const labelled = await send("POST", compute("global/images/golden-v1/setLabels"), {
      body: { labelFingerprint, labels: { os: "debian", tier: "gold" } },
    });
    expect(labelled.json).toMatchObject({ operationType: "setLabels" });
    expect((await send("GET", compute("global/images/golden-v1"))).json["labels"]).toEqual({
      os: "debian",
      tier: "gold",
    });
    const stale = await send("POST", compute("global/images/golden-v1/setLabels"), {
      body: { labelFingerprint, labels: {} },
    });
    expect(stale.status).toBe(412);
    expect(reasonOf(stale)).toBe("conditionNotMet");
  });

  it("makes an image of a stopped instance's disk, boots a new instance from it, and deletes it", async () => {
    const { send, compute, clock, world } = await withInstance();
    await send("POST", compute(`zones/${zone}/instances/golden/stop`));
    clock.advance(world.timing.vmStopMs);
    const made = await send("POST", compute("global/images"), {
      body: { name: "golden-v2", sourceDisk: `projects/${project}/zones/${zone}/disks/golden` },
    });
    expect(made.status).toBe(200);
    clock.advance(world.timing.myImageCreateMs);
    const booted = await send("POST", compute(`zones/us-central1-b/instances`), {
      body: {
        name: "clone",
        machineType: "zones/us-central1-b/machineTypes/e2-small",
        disks: [{ boot: true, initializeParams: { sourceImage: "global/images/golden-v2" } }],
        networkInterfaces: [{ network: "global/networks/default" }],
      },
    });
    expect(booted.status).toBe(200);
    const clone = await send("GET", compute("zones/us-central1-b/disks/clone"));
    expect(clone.json).toMatchObject({
      sizeGb: "15",
      sourceImage: expect.stringMatching(/\/global\/images\/golden-v2$/),
    });
    const notADisk = await send("POST", compute("global/images"), {
      body: { name: "nope", sourceDisk: `zones/${zone}/disks/missing` },
    });
    expect(notADisk.status).toBe(404);
    const deleted = await send("DELETE", compute("global/images/golden-v2"));
    expect(deleted.json).toMatchObject({ operationType: "delete" });
    expect((await send("GET", compute("global/images/golden-v2"))).status).toBe(404);
    // Public image projects still answer for their own images.
    const debian = await send("GET", "/compute/v1/projects/debian-cloud/global/images/family/debian-12");
    expect(debian.json["family"]).toBe("debian-12");
  });
});
