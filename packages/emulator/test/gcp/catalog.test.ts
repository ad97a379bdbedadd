import { describe, expect, it } from "vitest";
import { project, reasonOf, start } from "./support.js";

// Regions, zones, public images and machine types, from the world's GCP catalog.

type Item = Record<string, unknown>;
const items = (json: Item) => (json["items"] ?? []) as Item[];

describe("the GCP front's catalog", () => {
  it("lists regions with their zones and the project's quotas there", async () => {
    const { send, compute, world, front } = await start();
    const list = await send("GET", compute("regions"));
    expect(list.json["kind"]).toBe("compute#regionList");
    const names = items(list.json).map((r) => r["name"]);
    expect(names).toEqual(
      world
        .catalog("GCP")
        .regions.map((r) => r.name)
        .sort(),
    );
    world.quotas.set({ provider: "GCP", region: "us-central1" }, { vcpus: 24 });
    const region = await send("GET", compute("regions/us-central1"));
    expect(region.json).toMatchObject({
      kind: "compute#region",
      name: "us-central1",
      status: "UP",
      selfLink: `${front.url}/compute/v1/projects/${project}/regions/us-central1`,
    });
    expect(region.json["zones"]).toContain(`${front.url}/compute/v1/projects/${project}/zones/us-central1-f`);
    expect(region.json["quotas"]).toContainEqual({ metric: "CPUS", limit: 24, usage: 0 });
    expect(region.json["quotas"]).toContainEqual({ metric: "INSTANCES", limit: 1000, usage: 0 });
    const missing = await send("GET", compute("regions/mars-north1"));
    expect(missing.status).toBe(404);
    expect(reasonOf(missing)).toBe("notFound");
    expect(missing.json["error"]).toMatchObject({
      message: `The resource 'projects/${project}/regions/mars-north1' was not found`,
    });
  });

  it("pages zones over more than three pages with nextPageToken, and filters them", async () => {
    const { send, compute } = await start({ pageSize: 4 });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const answer = await send("GET", compute(`zones${token ? `?pageToken=${token}` : ""}`));
      expect(answer.status).toBe(200);
      seen.push(...items(answer.json).map((z) => String(z["name"])));
      token = answer.json["nextPageToken"] as string | undefined;
      pages += 1;
    } while (token);
    expect(pages).toBeGreaterThan(3);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain("asia-northeast3-a");
    const two = await send("GET", compute("zones?maxResults=2"));
    expect(items(two.json)).toHaveLength(2);
    const filtered = await send("GET", compute(`zones?filter=${encodeURIComponent('name = "us-east1-*"')}`));
    expect(items(filtered.json).map((z) => z["name"])).toEqual(["us-east1-b", "us-east1-c", "us-east1-d"]);
    expect((await send("GET", compute("zones?maxResults=501"))).status).toBe(400);
    expect((await send("GET", compute("zones?orderBy=status"))).status).toBe(400);
    expect((await send("GET", compute("zones?pageToken=bogus"))).status).toBe(400);
    expect((await send("GET", compute("zones/%E0%A4%A"))).status).toBe(400);
  });

  it("serves public images from their projects, by name and by family", async () => {
    const { send } = await start();
    const list = await send("GET", `/compute/v1/projects/debian-cloud/global/images`);
    expect(list.status).toBe(200);
    expect(items(list.json).map((i) => i["name"])).toEqual([
      "debian-12-bookworm-arm64-v20250113",
      "debian-12-bookworm-v20250113",
    ]);
    const family = await send("GET", `/compute/v1/projects/ubuntu-os-cloud/global/images/family/ubuntu-2204-lts-arm64`);
    expect(family.json).toMatchObject({
      kind: "compute#image",
      name: "ubuntu-2204-jammy-arm64-v20250112",
      family: "ubuntu-2204-lts-arm64",
      architecture: "ARM64",
      status: "READY",
      diskSizeGb: "10",
    });
    const rocky = await send("GET", `/compute/v1/projects/rocky-linux-cloud/global/images/rocky-linux-9-v20250114`);
    expect(rocky.json).toMatchObject({ family: "rocky-linux-9", architecture: "X86_64" });
    const windows = await send("GET", `/compute/v1/projects/windows-cloud/global/images/family/windows-2022`);
    expect(windows.json["name"]).toBe("windows-server-2022-dc-v20250115");
    expect((await send("GET", `/compute/v1/projects/cos-cloud/global/images`)).json["items"]).toBeUndefined();
    expect((await send("GET", `/compute/v1/projects/debian-cloud/global/images/family/debian-99`)).status).toBe(404);
    // Public projects serve their images only, and other people's projects are not readable.
    expect((await send("GET", `/compute/v1/projects/debian-cloud/zones`)).status).toBe(403);
    expect((await send("GET", `/compute/v1/projects/someone-else/zones`)).status).toBe(403);
  });

  it("lists machine types per zone with CPUs, memory, accelerators and architecture, and aggregated", async () => {
    const { send, compute } = await start({ pageSize: 7 });
    const t2a = await send("GET", compute("zones/us-central1-a/machineTypes/t2a-standard-2"));
    expect(t2a.json).toMatchObject({
      kind: "compute#machineType",
      name: "t2a-standard-2",
      guestCpus: 2,
      memoryMb: 8192,
      architecture: "ARM64",
      zone: "us-central1-a",
      isSharedCpu: false,
    });
    const g2 = await send("GET", compute("zones/us-central1-a/machineTypes/g2-standard-4"));
    expect(g2.json["accelerators"]).toEqual([{ guestAcceleratorType: "nvidia-l4", guestAcceleratorCount: 1 }]);
    // A2 is sold in a few regions only.
    expect((await send("GET", compute("zones/europe-west3-a/machineTypes/a2-highgpu-1g"))).status).toBe(404);
    const a2 = await send("GET", compute("zones/us-central1-b/machineTypes/a2-highgpu-8g"));
    expect(a2.json["accelerators"]).toEqual([{ guestAcceleratorType: "nvidia-tesla-a100", guestAcceleratorCount: 8 }]);
    const page = await send("GET", compute("aggregated/machineTypes?filter=name%20%3D%20a2-highgpu-1g"));
    const scopes = page.json["items"] as Record<string, { machineTypes?: Item[]; warning?: Item }>;
    expect(scopes["zones/us-central1-a"]?.machineTypes?.map((m) => m["name"])).toEqual(["a2-highgpu-1g"]);
    expect(scopes["zones/europe-west3-a"]?.warning).toMatchObject({ code: "NO_RESULTS_ON_PAGE" });
    expect((await send("GET", compute("zones/nowhere-1a/machineTypes"))).status).toBe(404);
    const accelerators = await send("GET", compute("zones/us-central1-a/acceleratorTypes"));
    expect(items(accelerators.json).map((a) => [a["name"], a["maximumCardsPerInstance"]])).toEqual([
      ["nvidia-l4", 1],
      ["nvidia-tesla-a100", 8],
    ]);
    const l4 = await send("GET", compute("zones/europe-west3-a/acceleratorTypes/nvidia-l4"));
    expect(l4.json).toMatchObject({ kind: "compute#acceleratorType", description: "NVIDIA L4" });
    expect((await send("GET", compute("zones/europe-west3-a/acceleratorTypes/nvidia-tesla-a100"))).status).toBe(404);
  });
});

describe("the GCP front's public image families", () => {
  it("deprecates the older images of a family in favour of the newest, which getFromFamily answers", async () => {
    const { gcpCatalog } = await import("../../src/world/catalog/gcp.js");
    const older = {
      ...gcpCatalog.images.find((i) => i.name === "debian-12-bookworm-v20250113")!,
      id: "projects/debian-cloud/global/images/debian-12-bookworm-v20241210",
      name: "debian-12-bookworm-v20241210",
    };
    const { send } = await start({}, { catalogs: [{ ...gcpCatalog, images: [...gcpCatalog.images, older] }] });
    const old = await send("GET", `/compute/v1/projects/debian-cloud/global/images/debian-12-bookworm-v20241210`);
    expect(old.json["deprecated"]).toEqual({
      state: "DEPRECATED",
      replacement: expect.stringMatching(
        /\/projects\/debian-cloud\/global\/images\/debian-12-bookworm-v20250113$/,
      ) as unknown,
    });
    const family = await send("GET", `/compute/v1/projects/debian-cloud/global/images/family/debian-12`);
    expect(family.json["name"]).toBe("debian-12-bookworm-v20250113");
    expect(family.json["deprecated"]).toBeUndefined();
  });
});
