import type { AccountRegion } from "../../world/account-region.js";
import { isWorldError } from "../../world/errors.js";
import { tagValue } from "../../world/resources/tag-rules.js";
import type { Disk } from "../../world/types.js";
import type { FrontResponse } from "../http-front.js";
import { volumeActionRoutes } from "./cinder-actions.js";
import { requireVolumeQuota } from "./cinder-quotas.js";
import { metadataOf, optionalText, requiredObject, volumeSize } from "./cinder-validation.js";
import { atLeast, cinderMaxMicroversionOf, volumeRootAnswer, volumeV3Document } from "./cinder-versions.js";
import { findVolume, volumeStatus } from "./cinder-volumes.js";
import { FrontError, badRequest, json, noContent, readJson } from "./http.js";
import { derivedHexId, derivedUuid, isoSeconds } from "./ids.js";
import { unlimited, projectQuotas } from "./quotas.js";
import type { Route, ServiceCall, ServiceDef } from "./service.js";
import { webobNotFound } from "./webob.js";

const volumePath = /^\/volumes\/([^/]+)$/;

/** Cinder's timestamps: microseconds, no zone. */
const cinderTime = (ms: number): string => isoSeconds(ms).replace("Z", ".000000");

/** self and bookmark links; the bookmark leaves out the API version, as Cinder's do. */
function volumeLinks(call: ServiceCall, id: string): { rel: string; href: string }[] {
  return [
    { rel: "self", href: `${call.endpoint}/volumes/${id}` },
    { rel: "bookmark", href: `${call.endpoint.replace(/\/v3(?=\/|$)/, "")}/volumes/${id}` },
  ];
}

/** A volume created without a name has none (null); the world keeps it as "". */
const nameOf = (disk: Disk): string | null => (disk.name === "" ? null : disk.name);

/** Fields later microversions add to a volume's detail. */
function microversionFields(call: ServiceCall, disk: Disk): Record<string, unknown> {
  const v = call.microversion;
  return {
    ...(atLeast(v, 3, 13) ? { group_id: null } : {}),
    ...(atLeast(v, 3, 48) ? { shared_targets: true, service_uuid: derivedUuid("cinder-volume", call.region) } : {}),
    ...(atLeast(v, 3, 63) ? { volume_type_id: derivedUuid("volume-type", disk.type) } : {}),
    ...(atLeast(v, 3, 65) ? { consumes_quota: true } : {}),
  };
}

/** Cinder lists attachments whose attach status is "attached": none while attaching or detaching. */
function attachmentsOf(disk: Disk): Record<string, unknown>[] {
  const attachment = disk.attachment;
  if (!attachment || disk.state === "attaching" || disk.state === "detaching") return [];
  return [
    {
      id: disk.id,
      attachment_id: derivedUuid("attachment", disk.id, attachment.vm.id),
      volume_id: disk.id,
      server_id: attachment.vm.id,
      host_name: null,
      device: attachment.device,
      attached_at: cinderTime(disk.createdAt),
    },
  ];
}

function volumeView(call: ServiceCall, disk: Disk): Record<string, unknown> {
  return {
    id: disk.id,
    status: volumeStatus(disk),
    size: disk.sizeGB,
    availability_zone: disk.zone,
    created_at: cinderTime(disk.createdAt),
    updated_at: null,
    name: nameOf(disk),
    description: disk.description ?? null,
    volume_type: disk.type,
    snapshot_id: null,
    source_volid: null,
    metadata: { ...disk.tags },
    links: volumeLinks(call, disk.id),
    user_id: derivedHexId("user", call.claims.userDomain, call.claims.userName),
    bootable: disk.sourceImageId === undefined ? "false" : "true",
    // What Cinder copied of the image a bootable volume was made from (Nova's boot volumes).
    ...(disk.sourceImageId === undefined
      ? {}
      : { volume_image_metadata: { image_id: disk.sourceImageId, container_format: "bare", disk_format: "qcow2" } }),
    encrypted: false,
    replication_status: "disabled",
    consistencygroup_id: null,
    multiattach: false,
    attachments: attachmentsOf(disk),
    "os-vol-tenant-attr:tenant_id": call.projectId,
    ...microversionFields(call, disk),
  };
}

/** A URL with the project (when it gave one) the token's, or Cinder's 400. */
export function requireOwnProject(endpointPath: string, projectId: string): void {
  if (endpointPath !== "/v3" && endpointPath !== `/v3/${projectId}`) throw badRequest("Malformed request url");
}

/** Arguments that page and sort a list rather than filter it. */
const pagingArguments = new Set(["limit", "marker", "offset", "sort", "sort_key", "sort_dir", "with_count"]);

/** Non-admin volume filters (etc/cinder/resource_filters.json), with how each matches. */
const volumeFilters: Readonly<Record<string, (disk: Disk, value: string) => boolean>> = {
  name: (d, v) => d.name === v,
  status: (d, v) => volumeStatus(d) === v,
  availability_zone: (d, v) => d.zone === v,
  size: (d, v) => String(d.sizeGB) === v,
  bootable: (d, v) =>
    (d.sourceImageId !== undefined) === ["true", "1", "yes", "y", "t", "on"].includes(v.toLowerCase()),
  metadata: (d, v) => Object.entries(metadataFilter(v)).every(([k, value]) => tagValue(d.tags, k) === value),
  consumes_quota: (_d, v) => ["true", "1", "yes", "y", "t", "on"].includes(v.toLowerCase()),
  // The emulator's volumes belong to no group, are never migrated and keep no update time (the
  // filter value is still checked).
  group_id: () => false,
  migration_status: () => false,
  updated_at: (_d, v) => !timeFilter(v),
  created_at: (d, v) => timeFilter(v)(d.createdAt),
};

/** `metadata={"k": "v"}` (JSON, or a Python literal as cinderclient sends it). */
function metadataFilter(value: string): Record<string, string> {
  try {
    return JSON.parse(value.replaceAll("'", '"')) as Record<string, string>;
  } catch {
    throw badRequest(`Invalid metadata filter: ${value}`);
  }
}

const comparisons: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  eq: (a, b) => a === b,
  neq: (a, b) => a !== b,
};

/** `created_at=gt:2024-01-01T00:00:00,lte:...` (times in UTC): every comparison must hold. */
function timeFilter(value: string): (ms: number) => boolean {
  const checks = value.split(",").map((unit) => {
    const [op = "", ...rest] = unit.split(":");
    const compare = comparisons[op];
    if (!compare) throw badRequest(`Invalid ${op} operator`);
    const text = rest.join(":");
    const time = Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`);
    if (Number.isNaN(time)) throw badRequest(`Invalid ${text} value`);
    return (ms: number) => compare(ms, time);
  });
  return (ms) => checks.every((check) => check(ms));
}

/**
 * The filters of a volume list. From 3.31 an unknown one is a 400, before it silently drops out;
 * "name~" style (LIKE) filters exist from 3.34. `all_tenants` is always ignored.
 */
function filtersOf(call: ServiceCall): ((disk: Disk) => boolean)[] {
  const strict = atLeast(call.microversion, 3, 31);
  const like = atLeast(call.microversion, 3, 34);
  const invalid: string[] = [];
  const filters: ((disk: Disk) => boolean)[] = [];
  for (const [key, value] of call.url.searchParams) {
    if (pagingArguments.has(key) && (key !== "with_count" || atLeast(call.microversion, 3, 45))) continue;
    if (key === "all_tenants") continue;
    if (like && key.endsWith("~") && key.slice(0, -1) in volumeFilters) {
      const field = key.slice(0, -1);
      filters.push((d) =>
        String({ name: d.name, status: volumeStatus(d), availability_zone: d.zone }[field] ?? "").includes(value),
      );
      continue;
    }
    const filter = volumeFilters[key];
    if (filter) filters.push((d) => filter(d, value));
    else invalid.push(key);
  }
  if (strict && invalid.length > 0)
    throw badRequest(`Invalid filters ${invalid.join(",")} are found in query options.`);
  return filters;
}

const sortValues: Readonly<Record<string, (disk: Disk) => string | number>> = {
  created_at: (d) => d.createdAt,
  id: (d) => d.id,
  name: (d) => d.name,
  size: (d) => d.sizeGB,
  status: (d) => volumeStatus(d),
  availability_zone: (d) => d.zone,
  volume_type: (d) => d.type,
};

/** `sort=key:dir,...` or `sort_key`/`sort_dir`; newest first by default, then by id. */
function sortOf(query: URLSearchParams): (a: Disk, b: Disk) => number {
  const sort = query.get("sort");
  const keys: { key: string; dir: string }[] = sort
    ? sort.split(",").map((part) => {
        const [key = "", dir = "desc"] = part.split(":");
        return { key: key.trim(), dir: dir.trim() };
      })
    : (query.get("sort_key") ?? "created_at").split(",").map((key, i) => ({
        key,
        dir: (query.get("sort_dir") ?? "desc").split(",")[i] ?? "desc",
      }));
  if (!keys.some((k) => k.key === "created_at")) keys.push({ key: "created_at", dir: "desc" });
  if (!keys.some((k) => k.key === "id")) keys.push({ key: "id", dir: "desc" });
  for (const { key, dir } of keys) {
    if (!(key in sortValues)) throw badRequest("Invalid input received: Invalid sort key");
    if (dir !== "asc" && dir !== "desc")
      throw badRequest("Invalid input received: Unknown sort direction, must be 'desc' or 'asc'");
  }
  return (a, b) => {
    for (const { key, dir } of keys) {
      const [x, y] = [sortValues[key]?.(a) ?? "", sortValues[key]?.(b) ?? ""];
      if (x !== y) return (x < y ? -1 : 1) * (dir === "asc" ? 1 : -1);
    }
    return 0;
  };
}

/** `limit` (capped at the front's page size, osapi_max_limit) and `offset`, as cinder.api.common reads them. */
function pageArguments(query: URLSearchParams, maxLimit: number): { limit: number; offset: number } {
  const rawLimit = query.get("limit");
  let limit = maxLimit;
  if (rawLimit !== null) {
    if (!/^-?\d+$/.test(rawLimit.trim())) throw badRequest("limit param must be an integer");
    limit = Number(rawLimit);
    if (limit < 0) throw badRequest("limit param must be positive");
    limit = Math.min(limit, maxLimit);
  }
  const rawOffset = query.get("offset") ?? "0";
  if (!/^-?\d+$/.test(rawOffset.trim())) throw badRequest("offset must be an integer.");
  const offset = Number(rawOffset);
  if (offset < 0) throw badRequest("offset must be >= 0");
  return { limit, offset };
}

function list(call: ServiceCall, cloud: AccountRegion, detail: boolean): Record<string, unknown> {
  const query = call.url.searchParams;
  const { limit, offset } = pageArguments(query, call.ctx.pageSize);
  const filters = filtersOf(call);
  const disks = cloud.disks
    .list()
    .items.filter((d) => filters.every((f) => f(d)))
    .sort(sortOf(query));
  const marker = query.get("marker");
  let start = offset;
  if (marker !== null) {
    const at = disks.findIndex((d) => d.id === marker);
    if (at < 0) throw new FrontError(404, `Volume ${marker} could not be found.`);
    start += at + 1;
  }
  const page = disks.slice(start, start + limit);
  const volumes = page.map((d) =>
    detail ? volumeView(call, d) : { id: d.id, name: nameOf(d), links: volumeLinks(call, d.id) },
  );
  const last = page[page.length - 1];
  const links = last && limit <= page.length ? [{ rel: "next", href: nextLink(call, detail, last.id) }] : undefined;
  const count = atLeast(call.microversion, 3, 45) && ["true", "1"].includes(query.get("with_count") ?? "");
  return { volumes, ...(links ? { volumes_links: links } : {}), ...(count ? { count: disks.length } : {}) };
}

/** The same request's parameters with the marker moved on (Cinder adds no limit of its own). */
function nextLink(call: ServiceCall, detail: boolean, marker: string): string {
  const params = new URLSearchParams(call.url.searchParams);
  params.set("marker", marker);
  return `${call.endpoint}/volumes${detail ? "/detail" : ""}?${params.toString()}`;
}

/** Cinder's absolute limits: the world's disk quotas; it has no snapshots or backups (-1, none used). */
function absoluteLimits(call: ServiceCall, cloud: AccountRegion): Record<string, number> {
  const { usage } = projectQuotas(call, cloud);
  return {
    maxTotalVolumes: usage.disks.limit,
    totalVolumesUsed: usage.disks.used,
    maxTotalVolumeGigabytes: usage.diskTotalGB.limit,
    totalGigabytesUsed: usage.diskTotalGB.used,
    maxTotalSnapshots: unlimited,
    totalSnapshotsUsed: 0,
    maxTotalBackups: unlimited,
    totalBackupsUsed: 0,
    maxTotalBackupGigabytes: unlimited,
    totalBackupGigabytesUsed: 0,
  };
}

/** The image a create names by id or name (Glance's view: public images and the project's snapshots). */
function sourceImage(cloud: AccountRegion, ref: string): { id: string; active: boolean; minDiskGB: number } {
  const id = ref.split("/").pop() ?? ref;
  const images = [
    ...cloud.catalog.listImages().items.map((i) => ({ id: i.id, name: i.name, active: true, minDiskGB: i.diskSizeGB })),
    ...cloud.myImages
      .list()
      .items.map((i) => ({ id: i.id, name: i.name, active: i.state === "available", minDiskGB: i.diskSizeGB })),
  ];
  const byId = images.find((i) => i.id === id);
  if (byId) return byId;
  const byName = images.filter((i) => i.name === ref);
  if (byName.length > 1)
    throw new FrontError(409, `Multiple matches found for '${ref}', use an ID to be more specific.`);
  if (byName[0]) return byName[0];
  throw badRequest("Invalid image identifier or unable to access requested image.");
}

/** A volume type by name or id (volume_types.get_by_name_or_id), or Cinder's 404. */
function volumeTypeOf(cloud: AccountRegion, ref: string): string {
  const types = cloud.catalog.diskTypes();
  const found = types.find((t) => t.name === ref || derivedUuid("volume-type", t.name) === ref);
  if (found) return found.name;
  const uuidLike = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(ref);
  throw new FrontError(
    404,
    uuidLike ? `Volume type ${ref} could not be found.` : `Volume type with name ${ref} could not be found.`,
  );
}

/** POST /volumes, with Cinder's checks in its order: body, type, image, size, zone, quota. */
function createVolume(call: ServiceCall): Promise<FrontResponse> {
  const args = requiredObject(readJson(call.request), "volume");
  const size = volumeSize("size", args["size"] ?? null, true);
  const name = optionalText("name", args["name"]);
  const description = optionalText("description", args["description"]);
  const metadata =
    args["metadata"] === undefined || args["metadata"] === null ? undefined : metadataOf(args["metadata"]);
  const imageRef = args["imageRef"] ?? args["image_id"];
  const typeRef = optionalText("volume_type", args["volume_type"]);
  const zone = optionalText("availability_zone", args["availability_zone"]);
  return call.call((cloud, gate) => {
    const type = typeRef === undefined ? undefined : volumeTypeOf(cloud, typeRef);
    const image = typeof imageRef === "string" ? sourceImage(cloud, imageRef) : undefined;
    if (size === null || size <= 0)
      throw badRequest(
        `Invalid input received: Invalid volume size provided for create request: ${size === null ? "None" : size} (size argument must be an integer (or string representation of an integer) and greater than zero).`,
      );
    if (image && !image.active) throw badRequest(`Invalid input received: Image ${image.id} is not active.`);
    if (image && size < image.minDiskGB)
      throw badRequest(
        `Invalid input received: Volume size ${size}GB cannot be smaller than the image minDisk size ${image.minDiskGB}GB.`,
      );
    if (zone !== undefined && !cloud.catalog.getRegion(call.region).zones.some((z) => z.name === zone))
      throw badRequest(`Availability zone '${zone}' is invalid.`);
    requireVolumeQuota(call, cloud, 1, size);
    const disk = cloud.disks.create(
      { name: name ?? "", description, sizeGB: size, type, zone, tags: metadata, sourceImageId: image?.id },
      gate,
    );
    return json(202, { volume: volumeView(call, disk) });
  });
}

const deletableStatuses = ["available", "error", "error_restoring", "error_extending", "error_managing"];

/** DELETE /volumes/{id}: "deleting" for a while, then gone; refused unless detached and settled. */
function deleteVolume(call: ServiceCall) {
  return call.call((cloud) => {
    const disk = findVolume(cloud, call.params[0] ?? "");
    if (!deletableStatuses.includes(volumeStatus(disk)) || disk.attachment)
      throw badRequest(
        `Invalid volume: Volume status must be ${deletableStatuses.join(" or ")} and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.`,
      );
    cloud.disks.beginDelete(disk.id);
    return noContent(202);
  });
}

/** Metadata of a volume, whose world tags they are; a missing volume is Cinder's 404. */
function volumeTags<T>(cloud: AccountRegion, id: string, fn: () => T): T {
  findVolume(cloud, id);
  try {
    return fn();
  } catch (error) {
    if (isWorldError(error, "NotFound") && error.resourceType === "tag")
      throw new FrontError(404, `Volume ${id} has no metadata with key ${error.resourceId ?? ""}.`);
    throw error;
  }
}

export const cinderRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/$/,
    api: "cinder:ShowAPIv3Details",
    // The v3 document lives at /v3/ only; below a project there is no such route.
    handle: (call) =>
      call.endpoint.endsWith("/v3")
        ? json(200, volumeV3Document(call.ctx.deployment, call.endpoint.slice(0, -"/v3".length)))
        : webobNotFound(call.request),
  },
  {
    method: "GET",
    path: /^\/volumes$/,
    api: "cinder:ListVolumes",
    handle: (call) => call.call((cloud) => json(200, list(call, cloud, false))),
  },
  {
    method: "GET",
    path: /^\/volumes\/detail$/,
    api: "cinder:ListVolumesDetailed",
    handle: (call) => call.call((cloud) => json(200, list(call, cloud, true))),
  },
  {
    method: "GET",
    path: volumePath,
    api: "cinder:ShowVolume",
    handle: (call) =>
      call.call((cloud) => json(200, { volume: volumeView(call, findVolume(cloud, call.params[0] ?? "")) })),
  },
  {
    method: "POST",
    path: /^\/volumes$/,
    api: "cinder:CreateVolume",
    handle: createVolume,
  },
  {
    method: "DELETE",
    path: volumePath,
    api: "cinder:DeleteVolume",
    handle: deleteVolume,
  },
  ...volumeActionRoutes,
  {
    method: "GET",
    path: /^\/volumes\/([^/]+)\/metadata$/,
    api: "cinder:ShowVolumeMetadata",
    handle: (call) =>
      call.call((cloud) => {
        const id = call.params[0] ?? "";
        return json(200, { metadata: volumeTags(cloud, id, () => cloud.tags.list(id, { kind: "volume" })) });
      }),
  },
  {
    method: "POST",
    path: /^\/volumes\/([^/]+)\/metadata$/,
    api: "cinder:CreateVolumeMetadata",
    handle: (call) => {
      const metadata = metadataOf(requiredObject(readJson(call.request), "metadata"));
      return call.call((cloud) => {
        const id = call.params[0] ?? "";
        return json(200, { metadata: volumeTags(cloud, id, () => cloud.tags.add(id, metadata, { kind: "volume" })) });
      });
    },
  },
  {
    method: "DELETE",
    path: /^\/volumes\/([^/]+)\/metadata\/([^/]+)$/,
    api: "cinder:DeleteVolumeMetadataItem",
    handle: (call) =>
      call.call((cloud) => {
        const id = call.params[0] ?? "";
        volumeTags(cloud, id, () => cloud.tags.remove(id, [call.params[1] ?? ""], { kind: "volume" }));
        return noContent(200);
      }),
  },
  {
    method: "GET",
    path: /^\/limits$/,
    api: "cinder:ShowLimits",
    handle: (call) => call.call((cloud) => json(200, { limits: { absolute: absoluteLimits(call, cloud), rate: [] } })),
  },
  {
    method: "GET",
    path: /^\/types$/,
    api: "cinder:ListVolumeTypes",
    handle: (call) =>
      call.call((cloud) =>
        json(200, {
          volume_types: cloud.catalog.diskTypes().map((t) => ({
            id: derivedUuid("volume-type", t.name),
            name: t.name,
            is_public: true,
            description: null,
            extra_specs: {},
          })),
        }),
      ),
  },
];

/**
 * Cinder (Block Storage v3), at "/<region>/volume/v3/<project id>", and from microversion 3.67's
 * release on also at "/<region>/volume/v3" without the project (Cinder's project id pattern is hex).
 */
export const cinderService: ServiceDef = {
  name: "cinder",
  segment: "volume",
  split: (rest, deployment) => {
    const match = /^\/v3(?:\/([0-9a-f-]+))?(\/.*)?$/.exec(rest);
    if (!match) return undefined;
    const project = match[1];
    const routePath = match[2] ?? "/";
    const projectless = atLeast(cinderMaxMicroversionOf(deployment), 3, 67);
    // Without project-less routes, only the version document lives outside a project.
    if (project === undefined && !projectless && routePath !== "/") return undefined;
    return { endpointPath: project === undefined ? "/v3" : `/v3/${project}`, routePath };
  },
  routes: cinderRoutes,
  unauthenticated: (request, rest, ctx, serviceUrl) => volumeRootAnswer(request, rest, ctx.deployment, serviceUrl),
};
