import type { FrontResponse } from "../http-front.js";
import type { AccountRegion } from "../../world/account-region.js";
import type { MyImage } from "../../world/types.js";
import { bodyOf, cloudOf, gate, json, link, param, relative, timestamp } from "./context.js";
import type { GcpContext } from "./context.js";
import { findDisk } from "./disks.js";
import { GcpError, alreadyExists, badRequest, notFound, required } from "./errors.js";
import { computeBook, newFingerprint } from "./instance-book.js";
import type { ImageEntry } from "./instance-book.js";
import { checkLabels } from "./instance-metadata.js";
import { checkName, namePattern } from "./names.js";
import { operate } from "./operations.js";
import { listed } from "./paging.js";
import { parseRef } from "./refs.js";
import type { GcpRoute } from "./router.js";

// The project's own images (global images made from a disk) over the world's my-images: the world
// snapshots a VM's root disk, so the source disk must be an instance's boot disk, and the image
// lives in that disk's region (disks and instances can be made from it there). Compute Engine
// refuses an image of a disk in use by a running instance unless `forceCreate` is set.

/** The fingerprint of an image made outside the front, until its labels change. */
const defaultLabelFingerprint = "42WmSpB8rSM=";

interface OwnImage {
  image: MyImage;
  region: string;
  entry: ImageEntry | undefined;
}

function ownImages(ctx: GcpContext): OwnImage[] {
  const book = computeBook(ctx.world);
  return ctx.world.catalog("GCP").regions.flatMap((r) =>
    cloudOf(ctx, r.name)
      .myImages.list()
      .items.map((image) => ({ image, region: r.name, entry: book.images.get(image.id) })),
  );
}

function render(ctx: GcpContext, { image, region, entry }: OwnImage): Record<string, unknown> {
  return {
    kind: "compute#image",
    id: image.id,
    creationTimestamp: timestamp(image.createdAt),
    name: image.name,
    description: entry?.description ?? "",
    ...(entry?.family === undefined ? {} : { family: entry.family }),
    sourceType: "RAW",
    status: image.state === "available" ? "READY" : "PENDING",
    diskSizeGb: String(image.diskSizeGB),
    archiveSizeBytes: String(image.diskSizeGB * 180_000_000),
    ...(entry && entry.sourceDisk !== ""
      ? { sourceDisk: link(ctx, entry.sourceDisk), sourceDiskId: entry.sourceDiskId }
      : {}),
    labels: { ...image.tags },
    labelFingerprint: entry?.labelFingerprint ?? defaultLabelFingerprint,
    architecture: image.architecture === "arm64" ? "ARM64" : "X86_64",
    storageLocations: [region.split("-")[0] ?? region],
    selfLink: link(ctx, `global/images/${image.name}`),
  };
}

function requireImage(ctx: GcpContext): OwnImage {
  const name = param(ctx, "image");
  const found = ownImages(ctx).find((o) => o.image.name === name);
  if (!found) throw notFound(relative(ctx, `global/images/${name}`));
  return found;
}

interface ImageBody {
  name: unknown;
  description: unknown;
  family: unknown;
  sourceDisk: unknown;
  labels: unknown;
  rawDisk: unknown;
  sourceImage: unknown;
  sourceSnapshot: unknown;
}

async function insert(ctx: GcpContext): Promise<FrontResponse> {
  const body = bodyOf<ImageBody>(ctx) as ImageBody;
  const name = checkName(body.name);
  const forceCreate = ctx.request.url.searchParams.get("forceCreate") === "true";
  if (body.rawDisk !== undefined || body.sourceImage !== undefined || body.sourceSnapshot !== undefined) {
    throw badRequest("The emulator makes images from a disk only (sourceDisk).");
  }
  if (body.sourceDisk === undefined) throw required("resource.sourceDisk");
  const sourceText = typeof body.sourceDisk === "string" ? body.sourceDisk : JSON.stringify(body.sourceDisk);
  const ref = parseRef(sourceText, "disks", "resource.sourceDisk");
  if (ref.project !== undefined && ref.project !== ctx.project) {
    throw badRequest(
      `Invalid value for field 'resource.sourceDisk': '${sourceText}'. Disk must be in project '${ctx.project}'.`,
    );
  }
  const zone = ref.scope ?? "";
  const region = ctx.world.catalog("GCP").regions.find((r) => r.zones.some((z) => z.name === zone));
  if (!region) throw notFound(relative(ctx, `zones/${zone}`));
  let family: string | undefined;
  if (body.family !== undefined) {
    if (typeof body.family !== "string" || !namePattern.test(body.family)) {
      throw badRequest(
        `Invalid value for field 'resource.family': '${typeof body.family === "string" ? body.family : JSON.stringify(body.family)}'. Must be a match of regex '[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?'`,
      );
    }
    family = body.family;
  }
  const labels = checkLabels(body.labels, "resource.labels");
  return operate(
    ctx,
    {
      scope: { kind: "global" },
      operationType: "insert",
      target: `global/images/${name}`,
      durationMs: ctx.world.timing.myImageCreateMs,
      region: region.name,
    },
    (cloud: AccountRegion) => {
      if (ownImages(ctx).some((o) => o.image.name === name))
        throw alreadyExists(relative(ctx, `global/images/${name}`));
      const disk = findDisk(cloud, zone, ref.name);
      if (!disk) throw notFound(relative(ctx, `zones/${zone}/disks/${ref.name}`));
      const vmRef = disk.attachment?.vm;
      const vm = vmRef === undefined ? undefined : cloud.vms.get(vmRef.id);
      if (!vm || vm.rootVolume?.id !== disk.id) {
        throw badRequest(
          `The emulator makes images from instances' boot disks only; disk '${disk.name}' is not the boot disk of an instance.`,
        );
      }
      if (vm.state !== "stopped" && !forceCreate) {
        throw new GcpError(
          400,
          "resourceInUseByAnotherResource",
          `The disk resource '${relative(ctx, `zones/${zone}/disks/${disk.name}`)}' is already being used by '${relative(ctx, `zones/${zone}/instances/${vm.name}`)}'`,
        );
      }
      const image = cloud.myImages.create({ name, vmId: vm.id, tags: labels });
      computeBook(ctx.world).images.set(image.id, {
        region: region.name,
        ...(family === undefined ? {} : { family }),
        description: typeof body.description === "string" ? body.description : "",
        labelFingerprint: newFingerprint(),
        sourceDisk: `zones/${zone}/disks/${disk.name}`,
        sourceDiskId: disk.id,
      });
      return { targetId: image.id };
    },
  );
}

async function remove(ctx: GcpContext): Promise<FrontResponse> {
  const name = param(ctx, "image");
  const found = ownImages(ctx).find((o) => o.image.name === name);
  return operate(
    ctx,
    { scope: { kind: "global" }, operationType: "delete", target: `global/images/${name}`, region: found?.region },
    (cloud) => {
      const { image } = requireImage(ctx);
      cloud.myImages.delete(image.id, { deleteSnapshot: true });
      computeBook(ctx.world).images.delete(image.id);
      return { targetId: image.id };
    },
  );
}

/** POST setLabels with the image's current labelFingerprint (412 conditionNotMet otherwise). */
async function setLabels(ctx: GcpContext): Promise<FrontResponse> {
  const name = param(ctx, "image");
  const body = bodyOf<{ labelFingerprint: unknown; labels: unknown }>(ctx);
  const found = ownImages(ctx).find((o) => o.image.name === name);
  return operate(
    ctx,
    { scope: { kind: "global" }, operationType: "setLabels", target: `global/images/${name}`, region: found?.region },
    (cloud) => {
      const { image } = requireImage(ctx);
      const labels = checkLabels(body.labels, "labels");
      const book = computeBook(ctx.world);
      const entry = book.images.get(image.id);
      if (body.labelFingerprint !== (entry?.labelFingerprint ?? defaultLabelFingerprint)) {
        throw new GcpError(
          412,
          "conditionNotMet",
          "Labels fingerprint either invalid or resource labels have changed",
          {
            detail: { location: "If-Match", locationType: "header" },
          },
        );
      }
      const gone = Object.keys(image.tags).filter((k) => !Object.hasOwn(labels, k));
      if (gone.length > 0) cloud.tags.remove(image.id, gone);
      if (Object.keys(labels).length > 0) cloud.tags.add(image.id, labels);
      if (entry) entry.labelFingerprint = newFingerprint();
      else {
        book.images.set(image.id, {
          region: cloud.region,
          description: "",
          labelFingerprint: newFingerprint(),
          sourceDisk: "",
          sourceDiskId: "",
        });
      }
      return { targetId: image.id };
    },
  );
}

/** The project's own images: insert from a disk, get, getFromFamily, list, delete, setLabels. */
export const customImageRoutes: readonly GcpRoute[] = [
  { method: "POST", path: "global/images", api: "compute.images.insert", handle: insert },
  {
    method: "GET",
    path: "global/images",
    api: "compute.images.list",
    handle: (ctx) =>
      listed(ctx, undefined, "compute#imageList", "global/images", () => ownImages(ctx).map((o) => render(ctx, o))),
  },
  {
    method: "GET",
    path: "global/images/{image}",
    api: "compute.images.get",
    handle: (ctx) => gate(ctx, undefined, () => json(200, render(ctx, requireImage(ctx)))),
  },
  {
    method: "GET",
    path: "global/images/family/{family}",
    api: "compute.images.getFromFamily",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const family = param(ctx, "family");
        const newest = ownImages(ctx)
          .filter((o) => o.entry?.family === family)
          .sort((a, b) => b.image.createdAt - a.image.createdAt)[0];
        if (!newest) throw notFound(relative(ctx, `global/images/family/${family}`));
        return json(200, render(ctx, newest));
      }),
  },
  { method: "DELETE", path: "global/images/{image}", api: "compute.images.delete", handle: remove },
  { method: "POST", path: "global/images/{image}/setLabels", api: "compute.images.setLabels", handle: setLabels },
];
