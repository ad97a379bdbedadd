import type { AccountRegion } from "../../world/account-region.js";
import type { Disk, DiskState } from "../../world/types.js";
import { FrontError, badRequest, json, noContent, numberField, objectField, readJson, stringField } from "./http.js";
import { derivedHexId, derivedUuid, isoSeconds } from "./ids.js";
import { collectionLinks, pageOf, pageRequest } from "./paging.js";
import { projectQuotas, unlimited } from "./quotas.js";
import type { Route, ServiceCall, ServiceDef } from "./service.js";

const volumePath = /^\/volumes\/([^/]+)$/;

/** Cinder's volume statuses of the world's disk states. */
const volumeStatus: Readonly<Record<DiskState, string>> = {
  creating: "creating",
  available: "available",
  attaching: "attaching",
  "in-use": "in-use",
  detaching: "detaching",
  extending: "extending",
  error: "error",
  "error-extending": "error_extending",
};

function volumeView(call: ServiceCall, disk: Disk): Record<string, unknown> {
  const attachment = disk.attachment;
  return {
    id: disk.id,
    name: disk.name,
    status: volumeStatus[disk.state],
    size: disk.sizeGB,
    availability_zone: disk.zone,
    volume_type: disk.type,
    bootable: "false",
    encrypted: false,
    multiattach: false,
    description: null,
    metadata: { ...disk.tags },
    attachments: attachment
      ? [
          {
            id: disk.id,
            attachment_id: derivedUuid("attachment", disk.id, attachment.vm.id),
            volume_id: disk.id,
            server_id: attachment.vm.id,
            device: attachment.device,
            host_name: null,
            attached_at: isoSeconds(disk.createdAt),
          },
        ]
      : [],
    links: [{ rel: "self", href: `${call.endpoint}/volumes/${disk.id}` }],
    "os-vol-tenant-attr:tenant_id": call.projectId,
    user_id: derivedHexId("user", call.claims.userDomain, call.claims.userName),
    snapshot_id: null,
    source_volid: null,
    consistencygroup_id: null,
    replication_status: null,
    created_at: isoSeconds(disk.createdAt).replace("Z", ".000000"),
    updated_at: null,
  };
}

function list(call: ServiceCall, cloud: AccountRegion, detail: boolean): Record<string, unknown> {
  const request = pageRequest(call.url.searchParams, call.ctx.pageSize);
  const status = call.url.searchParams.get("status");
  const name = call.url.searchParams.get("name");
  const disks = cloud.disks.list().items.filter((d) => (!status || d.state === status) && (!name || d.name === name));
  const page = pageOf(disks, (d) => d.id, request);
  const links = collectionLinks(call.url, request, page);
  const volumes = page.items.map((d) =>
    detail ? volumeView(call, d) : { id: d.id, name: d.name, links: volumeView(call, d)["links"] },
  );
  return { volumes, ...(links.length > 0 ? { volumes_links: links } : {}) };
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

function metadataOf(body: Record<string, unknown>): Record<string, string> {
  const metadata = objectField(body, "metadata");
  for (const [k, v] of Object.entries(metadata))
    if (typeof v !== "string") throw badRequest(`Invalid metadata value for ${k}: must be a string`);
  return metadata as Record<string, string>;
}

export const cinderRoutes: readonly Route[] = [
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
      call.call((cloud) => json(200, { volume: volumeView(call, cloud.disks.get(call.params[0] ?? "")) })),
  },
  {
    method: "POST",
    path: /^\/volumes$/,
    api: "cinder:CreateVolume",
    handle: (call) => {
      const args = objectField(readJson(call.request), "volume");
      const size = numberField(args, "size", true);
      const metadata = args["metadata"] === undefined ? undefined : metadataOf(args);
      return call.call((cloud) => {
        const disk = cloud.disks.create({
          name: stringField(args, "name") ?? "",
          sizeGB: size,
          type: stringField(args, "volume_type"),
          zone: stringField(args, "availability_zone"),
          tags: metadata,
        });
        return json(202, { volume: volumeView(call, disk) });
      });
    },
  },
  {
    method: "DELETE",
    path: volumePath,
    api: "cinder:DeleteVolume",
    handle: (call) =>
      call.call((cloud) => {
        cloud.disks.delete(call.params[0] ?? "");
        return noContent(202);
      }),
  },
  {
    method: "POST",
    path: /^\/volumes\/([^/]+)\/action$/,
    api: "cinder:ExtendVolume",
    handle: (call) => {
      const body = readJson(call.request);
      if (!("os-extend" in body)) throw badRequest(`The emulator supports the os-extend volume action only.`);
      const newSize = numberField(objectField(body, "os-extend"), "new_size", true);
      return call.call((cloud) => {
        const disk = cloud.disks.get(call.params[0] ?? "");
        // Extending an attached volume needs microversion 3.42; the front speaks the base version.
        if (disk.state !== "available")
          throw new FrontError(
            400,
            `Invalid volume: Volume ${disk.id} status must be available to extend, but current status is: ${disk.state}.`,
          );
        cloud.disks.resize(disk.id, newSize);
        return noContent(202);
      });
    },
  },
  {
    method: "GET",
    path: /^\/volumes\/([^/]+)\/metadata$/,
    api: "cinder:ShowVolumeMetadata",
    handle: (call) =>
      call.call((cloud) => json(200, { metadata: cloud.tags.list(call.params[0] ?? "", { kind: "volume" }) })),
  },
  {
    method: "POST",
    path: /^\/volumes\/([^/]+)\/metadata$/,
    api: "cinder:CreateVolumeMetadata",
    handle: (call) => {
      const metadata = metadataOf(readJson(call.request));
      return call.call((cloud) =>
        json(200, { metadata: cloud.tags.add(call.params[0] ?? "", metadata, { kind: "volume" }) }),
      );
    },
  },
  {
    method: "DELETE",
    path: /^\/volumes\/([^/]+)\/metadata\/([^/]+)$/,
    api: "cinder:DeleteVolumeMetadataItem",
    handle: (call) =>
      call.call((cloud) => {
        cloud.tags.remove(call.params[0] ?? "", [call.params[1] ?? ""], { kind: "volume" });
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

/** Cinder (Block Storage v3), at "/<region>/volume/v3/<project id>". */
export const cinderService: ServiceDef = {
  name: "cinder",
  segment: "volume",
  split: (rest) => {
    const match = /^\/v3\/([^/]+)(\/.*)?$/.exec(rest);
    if (!match) return undefined;
    return { endpointPath: `/v3/${match[1] ?? ""}`, routePath: match[2] ?? "/" };
  },
  routes: cinderRoutes,
};
