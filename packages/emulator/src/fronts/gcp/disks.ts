import type { FrontResponse } from "../http-front.js";
import type { AccountRegion } from "../../world/account-region.js";
import type { Disk } from "../../world/types.js";
import { bodyOf, cloudOf, gate, homeRegion, json, link, param, relative, requireZone, timestamp } from "./context.js";
import type { GcpContext } from "./context.js";
import { resolveSourceImage } from "./disk-images.js";
import { diskTypeOf } from "./disk-types.js";
import { GcpError, alreadyExists, invalidField, notFound, required } from "./errors.js";
import { stableId } from "./ids.js";
import { computeBook, newFingerprint } from "./instance-book.js";
import type { DiskEntry } from "./instance-book.js";
import { checkLabels } from "./instance-metadata.js";
import { int64Of } from "./instances.js";
import { checkName } from "./names.js";
import { operate } from "./operations.js";
import { aggregatedBody, listBody } from "./paging.js";
import type { GcpRoute } from "./router.js";

// Zonal persistent disks over the world's disks: labels are the world disk's tags; `users` is the
// instance the disk is attached to. Boot disks made by instances.insert list here too.

const diskPath = (zone: string, name: string) => `zones/${zone}/disks/${name}`;
function statusOf(disk: Disk): string {
  switch (disk.state) {
    case "creating":
      return "CREATING";
    case "deleting":
      return "DELETING";
    case "error":
    case "error-extending":
      return "FAILED";
    default:
      return "READY";
  }
}

function entryOf(ctx: GcpContext, disk: Disk): DiskEntry {
  const book = computeBook(ctx.world);
  let entry = book.disks.get(disk.id);
  if (!entry) {
    entry = { description: disk.description ?? "", labelFingerprint: newFingerprint() };
    book.disks.set(disk.id, entry);
  }
  return entry;
}

/** The numeric id images.get shows: a public image's is derived from its catalog id, as images.ts does. */
function imageIdOf(worldId: string): string {
  return worldId.startsWith("projects/") ? stableId(`image/${worldId}`) : worldId;
}

/** A Disk resource as disks.get returns it. */
export function renderDisk(ctx: GcpContext, disk: Disk): Record<string, unknown> {
  const entry = entryOf(ctx, disk);
  const image = entry.sourceImage;
  return {
    kind: "compute#disk",
    id: disk.id,
    creationTimestamp: timestamp(disk.createdAt),
    name: disk.name,
    description: entry.description,
    sizeGb: String(disk.sizeGB),
    zone: link(ctx, `zones/${disk.zone}`),
    status: statusOf(disk),
    selfLink: link(ctx, diskPath(disk.zone, disk.name)),
    ...(image === undefined ? {} : { sourceImage: image, sourceImageId: imageIdOf(disk.sourceImageId ?? "") }),
    type: link(ctx, `zones/${disk.zone}/diskTypes/${disk.type}`),
    labels: { ...disk.tags },
    labelFingerprint: entry.labelFingerprint,
    ...(entry.lastAttachTimestamp === undefined ? {} : { lastAttachTimestamp: timestamp(entry.lastAttachTimestamp) }),
    ...(entry.lastDetachTimestamp === undefined ? {} : { lastDetachTimestamp: timestamp(entry.lastDetachTimestamp) }),
    ...(disk.attachment ? { users: [link(ctx, `zones/${disk.zone}/instances/${disk.attachment.vm.name}`)] } : {}),
    physicalBlockSizeBytes: "4096",
    ...(disk.type === "pd-balanced" || disk.type === "pd-ssd" || disk.type === "pd-standard"
      ? {}
      : { provisionedIops: String(disk.iops ?? 3000), provisionedThroughput: String(disk.throughputMiBps ?? 140) }),
  };
}

/** The disk `name` (or numeric id, which Compute Engine takes in its place) of `zone`, unless it is gone. */
export function findDisk(cloud: AccountRegion, zone: string, name: string): Disk | undefined {
  const byId = /^\d+$/.test(name);
  return cloud.disks.list({ where: (d) => (byId ? d.id : d.name) === name && d.zone === zone }).items[0];
}

function requireDisk(ctx: GcpContext, cloud: AccountRegion): Disk {
  const zone = param(ctx, "zone");
  const name = param(ctx, "disk");
  const disk = findDisk(cloud, zone, name);
  if (!disk) throw notFound(relative(ctx, diskPath(zone, name)));
  return disk;
}

interface DiskBody {
  name: unknown;
  description: unknown;
  sizeGb: unknown;
  type: unknown;
  sourceImage: unknown;
  labels: unknown;
}

async function insert(ctx: GcpContext): Promise<FrontResponse> {
  const { zone, region } = requireZone(ctx, param(ctx, "zone"));
  const body = bodyOf<DiskBody>(ctx) as DiskBody;
  const name = checkName(body.name);
  // sourceImage is a query parameter of disks.insert; the Disk body may carry it too.
  const sourceImage = ctx.request.url.searchParams.get("sourceImage") ?? body.sourceImage ?? undefined;
  return operate(
    ctx,
    {
      scope: { kind: "zone", name: zone.name },
      operationType: "insert",
      target: diskPath(zone.name, name),
      durationMs: ctx.world.timing.diskCreateMs,
      region: region.name,
      zone: zone.name,
    },
    (cloud, g) => {
      if (findDisk(cloud, zone.name, name)) throw alreadyExists(relative(ctx, diskPath(zone.name, name)));
      const type = body.type === undefined ? "pd-standard" : diskTypeOf(ctx, body.type, zone.name, "resource.type");
      const image = sourceImage === undefined ? undefined : resolveSourceImage(ctx, cloud, sourceImage, "sourceImage");
      const asked = int64Of(body.sizeGb, "resource.sizeGb");
      const limits = ctx.world.catalog("GCP").diskTypes.find((d) => d.name === type);
      const sizeGB = asked ?? Math.max(image?.diskSizeGB ?? 0, limits?.defaultGB ?? 10);
      if (image && sizeGB < image.diskSizeGB) {
        throw invalidField(
          "resource.sizeGb",
          String(sizeGB),
          `Requested disk size cannot be smaller than the image size (${image.diskSizeGB} GB)`,
        );
      }
      if (limits && (sizeGB < limits.minGB || sizeGB > limits.maxGB)) {
        throw invalidField(
          "resource.sizeGb",
          String(sizeGB),
          `Disk size must be between ${limits.minGB} GB and ${limits.maxGB} GB for ${type} disks.`,
        );
      }
      const labels = checkLabels(body.labels, "resource.labels");
      const disk = cloud.disks.create(
        {
          name,
          zone: zone.name,
          type,
          sizeGB,
          tags: labels,
          ...(image ? { sourceImageId: image.id } : {}),
        },
        { failsLater: g.failsLater },
      );
      computeBook(ctx.world).disks.set(disk.id, {
        description: typeof body.description === "string" ? body.description : "",
        labelFingerprint: newFingerprint(),
        ...(image ? { sourceImage: image.link } : {}),
      });
      return { targetId: disk.id };
    },
  );
}

async function get(ctx: GcpContext): Promise<FrontResponse> {
  const place = requireZone(ctx, param(ctx, "zone"));
  return gate(ctx, place.region.name, (cloud) => json(200, renderDisk(ctx, requireDisk(ctx, cloud))));
}

function disksOf(ctx: GcpContext, cloud: AccountRegion, zone: string): Record<string, unknown>[] {
  return cloud.disks.list({ where: (d) => d.zone === zone }).items.map((d) => renderDisk(ctx, d));
}

async function list(ctx: GcpContext): Promise<FrontResponse> {
  const place = requireZone(ctx, param(ctx, "zone"));
  const zone = place.zone.name;
  return gate(ctx, place.region.name, (cloud) =>
    json(200, listBody(ctx, "compute#diskList", `zones/${zone}/disks`, disksOf(ctx, cloud, zone))),
  );
}

async function aggregatedList(ctx: GcpContext): Promise<FrontResponse> {
  return gate(ctx, homeRegion(ctx), () => {
    const scopes = ctx.world.catalog("GCP").regions.flatMap((region) => {
      const cloud = cloudOf(ctx, region.name);
      return region.zones.map((z) => ({ scope: `zones/${z.name}`, items: disksOf(ctx, cloud, z.name) }));
    });
    return json(200, aggregatedBody(ctx, "compute#diskAggregatedList", "disks", "disks", scopes));
  });
}

/** A change to one disk; `fn` returns how long its Operation runs (the front's default when undefined). */
function change(
  operationType: string,
  fn: (cloud: AccountRegion, disk: Disk, ctx: GcpContext) => number | undefined,
): (ctx: GcpContext) => Promise<FrontResponse> {
  return async (ctx) => {
    const { zone, region } = requireZone(ctx, param(ctx, "zone"));
    let durationMs: number | undefined;
    const spec = {
      scope: { kind: "zone" as const, name: zone.name },
      operationType,
      target: diskPath(zone.name, param(ctx, "disk")),
      region: region.name,
      zone: zone.name,
      // Read when the Operation is recorded, after `fn` said how long the change takes.
      get durationMs() {
        return durationMs;
      },
    };
    return operate(ctx, spec, (cloud) => {
      const disk = requireDisk(ctx, cloud);
      durationMs = fn(cloud, disk, ctx);
      return { targetId: disk.id };
    });
  };
}

const delete_ = change("delete", (cloud, disk, ctx) => {
  if (disk.attachment) {
    throw new GcpError(
      400,
      "resourceInUseByAnotherResource",
      `The disk resource '${relative(ctx, diskPath(disk.zone, disk.name))}' is already being used by '${relative(ctx, `zones/${disk.zone}/instances/${disk.attachment.vm.name}`)}'`,
    );
  }
  if (disk.state === "deleting") return 0;
  cloud.disks.beginDelete(disk.id);
  return ctx.world.timing.diskDeleteMs;
});

const resize = (ctx: GcpContext) => {
  const body = bodyOf<{ sizeGb: unknown }>(ctx);
  return change("resize", (cloud, disk) => {
    const sizeGB = int64Of(body.sizeGb, "sizeGb");
    if (sizeGB === undefined) throw required("sizeGb");
    if (sizeGB <= disk.sizeGB) {
      throw invalidField(
        "sizeGb",
        String(sizeGB),
        `New disk size '${sizeGB}' GiB must be larger than existing size '${disk.sizeGB}' GiB.`,
      );
    }
    cloud.disks.resize(disk.id, sizeGB);
    return undefined;
  })(ctx);
};

const setLabels = (ctx: GcpContext) => {
  const body = bodyOf<{ labelFingerprint: unknown; labels: unknown }>(ctx);
  return change("setLabels", (cloud, disk, c) => {
    const labels = checkLabels(body.labels, "labels");
    const entry = entryOf(c, disk);
    if (body.labelFingerprint !== entry.labelFingerprint) {
      throw new GcpError(412, "conditionNotMet", "Labels fingerprint either invalid or resource labels have changed", {
        detail: { location: "If-Match", locationType: "header" },
      });
    }
    const gone = Object.keys(disk.tags).filter((k) => !Object.hasOwn(labels, k));
    if (gone.length > 0) cloud.tags.remove(disk.id, gone);
    if (Object.keys(labels).length > 0) cloud.tags.add(disk.id, labels);
    entry.labelFingerprint = newFingerprint();
    return undefined;
  })(ctx);
};

const base = "zones/{zone}/disks";
const one = `${base}/{disk}`;

/** disks (zonal persistent disks): insert, get, list, aggregatedList, delete, resize, setLabels. */
export const diskRoutes: readonly GcpRoute[] = [
  { method: "POST", path: base, api: "compute.disks.insert", handle: insert },
  { method: "GET", path: base, api: "compute.disks.list", handle: list },
  { method: "GET", path: "aggregated/disks", api: "compute.disks.aggregatedList", handle: aggregatedList },
  { method: "GET", path: one, api: "compute.disks.get", handle: get },
  { method: "DELETE", path: one, api: "compute.disks.delete", handle: delete_ },
  { method: "POST", path: `${one}/resize`, api: "compute.disks.resize", handle: resize },
  { method: "POST", path: `${one}/setLabels`, api: "compute.disks.setLabels", handle: setLabels },
];
