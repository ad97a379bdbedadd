import type { FrontResponse } from "../http-front.js";
import type { AccountRegion } from "../../world/account-region.js";
import { WorldError } from "../../world/errors.js";
import type { Disk, Vm } from "../../world/types.js";
import { bodyOf, cloudOf, gate, homeRegion, json, param, relative, requireZone } from "./context.js";
import type { GcpContext } from "./context.js";
import { resolveSourceImage } from "./disk-images.js";
import { diskTypeOf } from "./disk-types.js";
import { firewallGroupsFor } from "./firewalls.js";
import { GcpError, alreadyExists, badRequest, invalidField, notFound, required } from "./errors.js";
import { computeBook, newFingerprint } from "./instance-book.js";
import type { AttachedDiskEntry, InstanceEntry } from "./instance-book.js";
import { checkLabels, checkMetadataItems, checkNetworkTags, sshUserOf } from "./instance-metadata.js";
import { renderInstance } from "./instance-render.js";
import { instanceStatusOf } from "./instance-status.js";
import type { InstanceStatus } from "./instance-status.js";
import { checkName } from "./names.js";
import { operate } from "./operations.js";
import { aggregatedBody, listBody } from "./paging.js";
import { parseRef } from "./refs.js";
import type { GcpRoute } from "./router.js";

// Compute Engine instances over the world's VMs: each boot disk is a world disk the VM boots from
// (so it lists under disks, named after the instance unless the body names it), nic0 is the VM's
// own interface in a subnetwork of the region, an ONE_TO_ONE_NAT access config is the VM's public
// address. Suspend is the world's stop with the instance marked suspended.

export interface FoundInstance {
  vm: Vm;
  entry: InstanceEntry;
  status: InstanceStatus;
}

/** What a VM made outside the front (directly in the world) shows: its boot volume, no metadata. */
function defaultEntry(cloud: AccountRegion, vm: Vm): InstanceEntry {
  const network = `global/networks/${vm.vpc.name}`;
  const subnetwork = `regions/${cloud.region}/subnetworks/${vm.subnet.name}`;
  const fingerprint = newFingerprint();
  return {
    zone: vm.zone,
    description: "",
    metadata: [],
    metadataFingerprint: fingerprint,
    labelFingerprint: newFingerprint(),
    tags: [],
    tagsFingerprint: newFingerprint(),
    scheduling: {
      onHostMaintenance: "MIGRATE",
      automaticRestart: true,
      preemptible: false,
      provisioningModel: "STANDARD",
    },
    disks: [
      ...(vm.rootVolume
        ? [
            {
              diskId: vm.rootVolume.id,
              deviceName: "persistent-disk-0",
              autoDelete: true,
              boot: true,
              mode: "READ_WRITE" as const,
            },
          ]
        : []),
      ...vm.dataDisks.map((d, i) => ({
        diskId: d.id,
        deviceName: `persistent-disk-${i + 1}`,
        autoDelete: false,
        boot: false,
        mode: "READ_WRITE" as const,
      })),
    ],
    network,
    subnetwork,
    ...(vm.publicIp === undefined ? {} : { accessConfig: { name: "External NAT", networkTier: "PREMIUM" } }),
  };
}

/** A world VM as Compute Engine shows it, or undefined when the instance is gone. */
function foundOf(ctx: GcpContext, cloud: AccountRegion, vm: Vm): FoundInstance | undefined {
  const book = computeBook(ctx.world);
  const entry = book.instances.get(vm.id);
  const status = instanceStatusOf(vm, entry, ctx.world.timing, ctx.world.clock.now());
  if (status === undefined) return undefined;
  if (entry) return { vm, entry, status };
  const made = defaultEntry(cloud, vm);
  book.instances.set(vm.id, made);
  return { vm, entry: made, status };
}

/** The instance `name` (or numeric id, which Compute Engine takes in its place) of `zone`, unless it is gone. */
export function findInstance(
  ctx: GcpContext,
  cloud: AccountRegion,
  zone: string,
  name: string,
): FoundInstance | undefined {
  const byId = /^\d+$/.test(name);
  for (const vm of cloud.vms.list({ where: (v) => (byId ? v.id : v.name) === name && v.zone === zone }).items) {
    const found = foundOf(ctx, cloud, vm);
    if (found) return found;
  }
  return undefined;
}

/** Every instance of one zone (of `cloud`'s region). */
function instancesOf(ctx: GcpContext, cloud: AccountRegion, zone: string): FoundInstance[] {
  return cloud.vms.list({ where: (v) => v.zone === zone }).items.flatMap((vm) => foundOf(ctx, cloud, vm) ?? []);
}

function disksById(cloud: AccountRegion): Map<string, Disk> {
  return new Map(cloud.disks.list().items.map((d) => [d.id, d]));
}

function render(
  ctx: GcpContext,
  cloud: AccountRegion,
  found: FoundInstance,
  disks: ReadonlyMap<string, Disk> = disksById(cloud),
): Record<string, unknown> {
  return renderInstance(ctx, found.vm, found.entry, found.status, disks);
}

const instancePath = (zone: string, name: string) => `zones/${zone}/instances/${name}`;

/** The instance of the route, or 404. */
function requireInstance(ctx: GcpContext, cloud: AccountRegion): FoundInstance {
  const zone = param(ctx, "zone");
  const name = param(ctx, "instance");
  const found = findInstance(ctx, cloud, zone, name);
  if (!found) throw notFound(relative(ctx, instancePath(zone, name)));
  return found;
}

interface InsertBody {
  deletionProtection: unknown;
  serviceAccounts: unknown;
  name: unknown;
  description: unknown;
  machineType: unknown;
  disks: unknown;
  networkInterfaces: unknown;
  metadata: { items?: unknown; fingerprint?: unknown } | null;
  labels: unknown;
  tags: { items?: unknown } | null;
  scheduling: Record<string, unknown> | null;
}

interface AttachedDiskBody {
  boot?: unknown;
  autoDelete?: unknown;
  deviceName?: unknown;
  source?: unknown;
  type?: unknown;
  mode?: unknown;
  initializeParams?: {
    diskName?: unknown;
    diskSizeGb?: unknown;
    diskType?: unknown;
    sourceImage?: unknown;
    labels?: unknown;
    description?: unknown;
  };
}

/** A body value as text, for references and messages. */
function textOf(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value ?? null);
}

/** An int64 as Google's JSON carries it: a number or a decimal string. */
export function int64Of(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n)) throw invalidField(field, value, "Must be an integer.");
  return n;
}

function boolOf(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "boolean") throw invalidField(field, value, "Must be a boolean.");
  return value;
}

function deviceNameOf(value: unknown, field: string, fallback: string): string {
  if (value === undefined || value === null || value === "") return fallback;
  if (typeof value !== "string" || !/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value)) {
    throw invalidField(field, value, "Must be a match of regex '[a-z]([-a-z0-9]{0,61}[a-z0-9])?'");
  }
  return value;
}

function requireOwnProject(ctx: GcpContext, project: string | undefined, value: string, field: string): void {
  if (project !== undefined && project !== ctx.project) {
    throw invalidField(field, value, `The referenced resource must be in project '${ctx.project}'.`);
  }
}

function schedulingOf(body: InsertBody, gpu: boolean): InstanceEntry["scheduling"] {
  const s = body.scheduling ?? {};
  const onHostMaintenance = s["onHostMaintenance"] ?? (gpu ? "TERMINATE" : "MIGRATE");
  if (onHostMaintenance !== "MIGRATE" && onHostMaintenance !== "TERMINATE") {
    throw invalidField("resource.scheduling.onHostMaintenance", onHostMaintenance, "Must be MIGRATE or TERMINATE.");
  }
  if (gpu && onHostMaintenance === "MIGRATE") {
    throw badRequest("Instances with guest accelerators do not support live migration.");
  }
  const provisioningModel = s["provisioningModel"] ?? (s["preemptible"] === true ? "SPOT" : "STANDARD");
  if (provisioningModel !== "STANDARD" && provisioningModel !== "SPOT") {
    throw invalidField("resource.scheduling.provisioningModel", provisioningModel, "Must be STANDARD or SPOT.");
  }
  const preemptible = boolOf(s["preemptible"], "resource.scheduling.preemptible", false);
  const automaticRestart = boolOf(s["automaticRestart"], "resource.scheduling.automaticRestart", !preemptible);
  if ((preemptible || provisioningModel === "SPOT") && (automaticRestart || onHostMaintenance === "MIGRATE")) {
    throw badRequest(
      "Scheduling must have preemptible be false when OnHostMaintenance isn't TERMINATE, and automatic restart must be false for preemptible or Spot instances.",
    );
  }
  return { onHostMaintenance, automaticRestart, preemptible, provisioningModel };
}

function serviceAccountsOf(value: unknown): InstanceEntry["serviceAccounts"] {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidField("resource.serviceAccounts", value, "Must be a list.");
  if (value.length > 1) throw badRequest("At most one service account can be attached to an instance.");
  return value.map((raw: unknown, i) => {
    const account = (raw ?? {}) as { email?: unknown; scopes?: unknown };
    const email = account.email ?? "default";
    if (typeof email !== "string")
      throw invalidField(`resource.serviceAccounts[${i}].email`, email, "Must be a string.");
    const scopes = account.scopes ?? [];
    if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== "string")) {
      throw invalidField(`resource.serviceAccounts[${i}].scopes`, scopes, "Must be a list of scope URLs.");
    }
    return { email, scopes: scopes as string[] };
  });
}

/** The subnetwork of nic0: the one named, or the network's subnetwork in the region. */
function placementOf(ctx: GcpContext, cloud: AccountRegion, body: InsertBody) {
  const nics = body.networkInterfaces;
  if (!Array.isArray(nics) || nics.length === 0) throw required("resource.networkInterfaces");
  if (nics.length > 1) throw badRequest("The emulator's instances have one network interface (nic0).");
  const nic = (nics[0] ?? {}) as {
    network?: unknown;
    subnetwork?: unknown;
    accessConfigs?: unknown;
    networkIP?: unknown;
  };
  if (nic.networkIP !== undefined) throw badRequest("The emulator assigns networkIP itself; leave it out.");
  let vpcName: string | undefined;
  if (nic.network !== undefined) {
    const ref = parseRef(textOf(nic.network), "networks", "resource.networkInterfaces[0].network");
    requireOwnProject(ctx, ref.project, textOf(nic.network), "resource.networkInterfaces[0].network");
    vpcName = ref.name;
  }
  let subnetName: string | undefined;
  if (nic.subnetwork !== undefined) {
    const field = "resource.networkInterfaces[0].subnetwork";
    const ref = parseRef(textOf(nic.subnetwork), "subnetworks", field);
    requireOwnProject(ctx, ref.project, textOf(nic.subnetwork), field);
    if (ref.scope !== cloud.region) {
      throw invalidField(field, nic.subnetwork, `Subnetwork must be in region '${cloud.region}'.`);
    }
    subnetName = ref.name;
  }
  if (vpcName === undefined && subnetName === undefined) vpcName = "default";
  const vpcs = cloud.vpcs.list().items;
  const vpc =
    vpcName === undefined
      ? vpcs.find((v) => v.subnets.some((s) => s.name === subnetName))
      : vpcs.find((v) => v.name === vpcName);
  if (!vpc) {
    throw notFound(
      vpcName === undefined
        ? relative(ctx, `regions/${cloud.region}/subnetworks/${subnetName ?? ""}`)
        : relative(ctx, `global/networks/${vpcName}`),
    );
  }
  const subnet = subnetName === undefined ? vpc.subnets[0] : vpc.subnets.find((s) => s.name === subnetName);
  if (!subnet) {
    if (subnetName !== undefined) throw notFound(relative(ctx, `regions/${cloud.region}/subnetworks/${subnetName}`));
    throw badRequest(
      `Invalid value for field 'resource.networkInterfaces[0].network': '${textOf(nic.network)}'. The network has no subnetwork in region '${cloud.region}'; specify a subnetwork.`,
    );
  }
  const configs = nic.accessConfigs ?? [];
  if (!Array.isArray(configs))
    throw invalidField("resource.networkInterfaces[0].accessConfigs", configs, "Must be a list.");
  if (configs.length > 1) throw badRequest("At most one access config currently supported.");
  const config = configs[0] as { type?: unknown; name?: unknown; natIP?: unknown; networkTier?: unknown } | undefined;
  let accessConfig: InstanceEntry["accessConfig"];
  if (config) {
    const type = config.type ?? "ONE_TO_ONE_NAT";
    if (type !== "ONE_TO_ONE_NAT") {
      throw invalidField("resource.networkInterfaces[0].accessConfigs[0].type", type, "Must be ONE_TO_ONE_NAT.");
    }
    if (config.natIP !== undefined)
      throw badRequest("The emulator gives ephemeral external addresses only; leave natIP out.");
    const tier = config.networkTier ?? "PREMIUM";
    if (tier !== "PREMIUM" && tier !== "STANDARD") {
      throw invalidField(
        "resource.networkInterfaces[0].accessConfigs[0].networkTier",
        tier,
        "Must be PREMIUM or STANDARD.",
      );
    }
    accessConfig = { name: typeof config.name === "string" ? config.name : "External NAT", networkTier: tier };
  }
  return {
    subnetId: subnet.id,
    networkName: vpc.name,
    network: `global/networks/${vpc.name}`,
    subnetwork: `regions/${cloud.region}/subnetworks/${subnet.name}`,
    accessConfig,
  };
}

/** The boot disk (disks[0], boot true) and the data disks named by `source`. */
function disksOf(ctx: GcpContext, cloud: AccountRegion, zone: string, body: InsertBody, name: string) {
  if (!Array.isArray(body.disks) || body.disks.length === 0) throw required("resource.disks");
  const all = body.disks.map((d: unknown) => (d ?? {}) as AttachedDiskBody);
  const boots = all.filter((d) => d.boot === true);
  if (boots.length !== 1 || all[0]?.boot !== true) {
    throw badRequest(
      "Invalid value for field 'resource.disks': ''. Boot disk must be the first disk attached to the instance.",
    );
  }
  const byName = (diskName: string) =>
    cloud.disks.list({ where: (d) => d.name === diskName && d.zone === zone }).items[0];
  const devices = new Set<string>();
  const device = (d: AttachedDiskBody, i: number) => {
    const deviceName = deviceNameOf(d.deviceName, `resource.disks[${i}].deviceName`, `persistent-disk-${i}`);
    if (devices.has(deviceName))
      throw badRequest(
        `Invalid value for field 'resource.disks[${i}].deviceName': '${deviceName}'. Device names must be unique.`,
      );
    devices.add(deviceName);
    return deviceName;
  };
  const existing = (d: AttachedDiskBody, i: number): Disk => {
    const field = `resource.disks[${i}].source`;
    const ref = parseRef(textOf(d.source), "disks", field);
    requireOwnProject(ctx, ref.project, textOf(d.source), field);
    if (ref.scope !== zone) throw invalidField(field, d.source, `Disk must be in zone '${zone}'.`);
    const disk = byName(ref.name);
    if (!disk) throw notFound(relative(ctx, `zones/${zone}/disks/${ref.name}`));
    if (disk.attachment) {
      throw new GcpError(
        400,
        "resourceInUseByAnotherResource",
        `The disk resource '${relative(ctx, `zones/${zone}/disks/${disk.name}`)}' is already being used by '${relative(ctx, instancePath(zone, disk.attachment.vm.name))}'`,
      );
    }
    return disk;
  };
  const boot = all[0] ?? {};
  const bootDevice = device(boot, 0);
  const autoDelete = boolOf(boot.autoDelete, "resource.disks[0].autoDelete", false);
  let bootPlan:
    | { kind: "source"; disk: Disk }
    | {
        kind: "new";
        name: string;
        type: string | undefined;
        sizeGB: number | undefined;
        imageId: string;
        sourceImage: string;
        labels: Record<string, string>;
        description: string;
      };
  if (boot.source !== undefined) {
    if (boot.initializeParams !== undefined) throw badRequest("Disk cannot have both source and initializeParams.");
    const disk = existing(boot, 0);
    if (disk.sourceImageId === undefined) {
      throw badRequest(`The disk '${disk.name}' was not made from an image, so the emulator cannot boot it.`);
    }
    bootPlan = { kind: "source", disk };
  } else {
    const p = boot.initializeParams;
    if (!p) throw required("resource.disks[0].initializeParams.sourceImage");
    if (p.sourceImage === undefined) throw required("resource.disks[0].initializeParams.sourceImage");
    const image = resolveSourceImage(ctx, cloud, p.sourceImage, "resource.disks[0].initializeParams.sourceImage");
    const diskName =
      p.diskName === undefined ? name : checkName(p.diskName, "resource.disks[0].initializeParams.diskName");
    const type =
      p.diskType === undefined
        ? undefined
        : diskTypeOf(ctx, p.diskType, zone, "resource.disks[0].initializeParams.diskType");
    const sizeGB = int64Of(p.diskSizeGb, "resource.disks[0].initializeParams.diskSizeGb");
    if (sizeGB !== undefined && sizeGB < image.diskSizeGB) {
      throw invalidField(
        "resource.disks[0].initializeParams.diskSizeGb",
        String(sizeGB),
        `Requested disk size cannot be smaller than the image size (${image.diskSizeGB} GB)`,
      );
    }
    if (byName(diskName)) throw alreadyExists(relative(ctx, `zones/${zone}/disks/${diskName}`));
    bootPlan = {
      kind: "new",
      name: diskName,
      type,
      sizeGB: sizeGB ?? image.diskSizeGB,
      imageId: image.id,
      sourceImage: image.link,
      labels: checkLabels(p.labels, "resource.disks[0].initializeParams.labels"),
      description: typeof p.description === "string" ? p.description : "",
    };
  }
  const data = all.slice(1).map((d, j) => {
    const i = j + 1;
    if (d.source === undefined) {
      throw badRequest(
        `The emulator attaches existing disks only: give resource.disks[${i}].source (create the disk first).`,
      );
    }
    if (d.mode !== undefined && d.mode !== "READ_WRITE") {
      throw invalidField(`resource.disks[${i}].mode`, d.mode, "The emulator attaches disks READ_WRITE only.");
    }
    const disk = existing(d, i);
    return {
      disk,
      deviceName: device(d, i),
      autoDelete: boolOf(d.autoDelete, `resource.disks[${i}].autoDelete`, false),
    };
  });
  return { bootPlan, bootDevice, autoDelete, data };
}

async function insert(ctx: GcpContext): Promise<FrontResponse> {
  const zone = requireZone(ctx, param(ctx, "zone"));
  const zoneName = zone.zone.name;
  const region = zone.region.name;
  const body = bodyOf<InsertBody>(ctx) as InsertBody;
  const name = checkName(body.name);
  return operate(
    ctx,
    {
      scope: { kind: "zone", name: zoneName },
      operationType: "insert",
      target: instancePath(zoneName, name),
      durationMs: ctx.world.timing.vmBootMs,
      region,
      zone: zoneName,
    },
    (cloud, g) => {
      if (findInstance(ctx, cloud, zoneName, name)) throw alreadyExists(relative(ctx, instancePath(zoneName, name)));
      if (body.machineType === undefined) throw required("resource.machineType");
      const typeRef = parseRef(textOf(body.machineType), "machineTypes", "resource.machineType");
      requireOwnProject(ctx, typeRef.project, textOf(body.machineType), "resource.machineType");
      const spec = cloud.catalog.listSpecs().items.find((s) => s.name === typeRef.name);
      if (typeRef.scope !== zoneName || !spec) {
        throw invalidField(
          "resource.machineType",
          body.machineType,
          `Machine type with name '${typeRef.name}' does not exist in zone '${zoneName}'.`,
        );
      }
      const place = placementOf(ctx, cloud, body);
      const metadata = checkMetadataItems(body.metadata?.items, "resource.metadata.items");
      const labels = checkLabels(body.labels, "resource.labels");
      const tags = checkNetworkTags(body.tags?.items, "resource.tags.items");
      const scheduling = schedulingOf(body, spec.gpu !== undefined);
      const disks = disksOf(ctx, cloud, zoneName, body, name);
      const deletionProtection = boolOf(body.deletionProtection, "resource.deletionProtection", false);
      const serviceAccounts = serviceAccountsOf(body.serviceAccounts);
      // A build the gate says fails in the background ends the Operation as Compute Engine ends a
      // zone out of capacity, with nothing made.
      if (g.failsLater) {
        throw new WorldError("InsufficientCapacity", `no capacity for ${spec.name} in ${zoneName}`, {
          resourceType: "spec",
          resourceId: spec.name,
        });
      }
      const plan = disks.bootPlan;
      const bootDisk =
        plan.kind === "source"
          ? plan.disk
          : cloud.disks.create({
              name: plan.name,
              zone: zoneName,
              type: plan.type,
              sizeGB: plan.sizeGB,
              sourceImageId: plan.imageId,
              tags: plan.labels,
            });
      let vm: Vm;
      try {
        vm = cloud.vms.run({
          name,
          tags: labels,
          imageId: bootDisk.sourceImageId ?? "",
          specName: spec.name,
          subnetId: place.subnetId,
          securityGroupIds: firewallGroupsFor(ctx, region, place.networkName, tags),
          zone: zoneName,
          bootVolume: { id: bootDisk.id, deleteOnTermination: disks.autoDelete },
          dataDiskIds: disks.data.map((d) => d.disk.id),
          loginUser: sshUserOf(metadata),
          assignPublicIp: place.accessConfig !== undefined,
        });
      } catch (error) {
        if (plan.kind === "new") cloud.disks.delete(bootDisk.id);
        throw error;
      }
      const book = computeBook(ctx.world);
      if (plan.kind === "new") {
        book.disks.set(bootDisk.id, {
          description: plan.description,
          labelFingerprint: newFingerprint(),
          sourceImage: plan.sourceImage,
          lastAttachTimestamp: ctx.world.clock.now(),
        });
      }
      const now = ctx.world.clock.now();
      const attached: AttachedDiskEntry[] = [
        {
          diskId: bootDisk.id,
          deviceName: disks.bootDevice,
          autoDelete: disks.autoDelete,
          boot: true,
          mode: "READ_WRITE",
        },
        ...disks.data.map((d) => ({
          diskId: d.disk.id,
          deviceName: d.deviceName,
          autoDelete: d.autoDelete,
          boot: false,
          mode: "READ_WRITE" as const,
        })),
      ];
      book.instances.set(vm.id, {
        zone: zoneName,
        description: typeof body.description === "string" ? body.description : "",
        metadata,
        metadataFingerprint: newFingerprint(),
        labelFingerprint: newFingerprint(),
        tags,
        tagsFingerprint: newFingerprint(),
        scheduling,
        disks: attached,
        network: place.network,
        subnetwork: place.subnetwork,
        ...(place.accessConfig ? { accessConfig: place.accessConfig } : {}),
        ...(deletionProtection ? { deletionProtection } : {}),
        ...(serviceAccounts ? { serviceAccounts } : {}),
        lastStartTimestamp: now,
      });
      return { targetId: vm.id };
    },
  );
}

async function get(ctx: GcpContext): Promise<FrontResponse> {
  const place = requireZone(ctx, param(ctx, "zone"));
  return gate(ctx, place.region.name, (cloud) => json(200, render(ctx, cloud, requireInstance(ctx, cloud))));
}

async function list(ctx: GcpContext): Promise<FrontResponse> {
  const place = requireZone(ctx, param(ctx, "zone"));
  const zone = place.zone.name;
  return gate(ctx, place.region.name, (cloud) => {
    const disks = disksById(cloud);
    const items = instancesOf(ctx, cloud, zone).map((found) => render(ctx, cloud, found, disks));
    return json(200, listBody(ctx, "compute#instanceList", `zones/${zone}/instances`, items));
  });
}

async function aggregatedList(ctx: GcpContext): Promise<FrontResponse> {
  return gate(ctx, homeRegion(ctx), () => {
    const scopes = ctx.world.catalog("GCP").regions.flatMap((region) => {
      const cloud = cloudOf(ctx, region.name);
      const disks = disksById(cloud);
      return region.zones.map((z) => ({
        scope: `zones/${z.name}`,
        items: instancesOf(ctx, cloud, z.name).map((found) => render(ctx, cloud, found, disks)),
      }));
    });
    return json(200, aggregatedBody(ctx, "compute#instanceAggregatedList", "instances", "instances", scopes));
  });
}

/**
 * A change to one instance: `fn` runs on the instance inside the gate; the Operation runs for the
 * duration `fn` returns (the world's time for the transition, or the front's default).
 */
function change(
  operationType: string,
  fn: (cloud: AccountRegion, found: FoundInstance, ctx: GcpContext) => number | undefined,
): (ctx: GcpContext) => Promise<FrontResponse> {
  return async (ctx) => {
    const zone = requireZone(ctx, param(ctx, "zone"));
    const name = param(ctx, "instance");
    let durationMs: number | undefined;
    const spec = {
      scope: { kind: "zone" as const, name: zone.zone.name },
      operationType,
      target: instancePath(zone.zone.name, name),
      region: zone.region.name,
      zone: zone.zone.name,
      // Read when the Operation is recorded, after `fn` said how long the change takes.
      get durationMs() {
        return durationMs;
      },
    };
    return operate(ctx, spec, (cloud) => {
      const found = requireInstance(ctx, cloud);
      durationMs = fn(cloud, found, ctx);
      return { targetId: found.vm.id };
    });
  };
}

const notReady = (ctx: GcpContext, found: FoundInstance, action: string) =>
  new GcpError(
    400,
    "resourceNotReady",
    `The resource '${relative(ctx, instancePath(found.entry.zone, found.vm.name))}' is not ready: ${action} needs it ${
      action === "resume" ? "SUSPENDED" : action === "start" ? "TERMINATED" : "RUNNING"
    }, it is ${found.status}.`,
  );

const stop = change("stop", (cloud, { vm, entry, status }, ctx) => {
  if (status === "TERMINATED") return 0;
  if (status === "SUSPENDED") {
    delete entry.suspended;
    return 0;
  }
  cloud.vms.stop(vm.id);
  entry.lastStopTimestamp = ctx.world.clock.now();
  return ctx.world.timing.vmStopMs;
});

const delete_ = change("delete", (cloud, { vm, entry }, ctx) => {
  if (entry.deletionProtection) {
    throw new GcpError(
      400,
      "invalidResourceUsage",
      `Invalid resource usage: 'Resource cannot be deleted if it's protected against deletion.'.`,
    );
  }
  cloud.vms.terminate(vm.id);
  // The world detached the data disks; those marked autoDelete go with the instance.
  for (const d of entry.disks) if (!d.boot && d.autoDelete) cloud.disks.delete(d.diskId);
  return ctx.world.timing.vmTerminateMs;
});

function stateChange(
  operationType: "start" | "suspend" | "resume" | "reset",
): (ctx: GcpContext) => Promise<FrontResponse> {
  return async (ctx) => {
    const timing = ctx.world.timing;
    return change(operationType, (cloud, found) => {
      const { vm, entry, status } = found;
      const now = ctx.world.clock.now();
      switch (operationType) {
        case "start":
          if (status === "RUNNING" || status === "STAGING" || status === "PROVISIONING") return 0;
          if (status !== "TERMINATED") throw notReady(ctx, found, "start");
          cloud.vms.start(vm.id);
          entry.lastStartTimestamp = now;
          return timing.vmStartMs;
        case "suspend":
          if (status === "SUSPENDED") return 0;
          if (status !== "RUNNING") throw notReady(ctx, found, "suspend");
          cloud.vms.stop(vm.id);
          entry.suspended = true;
          entry.lastSuspendedTimestamp = now;
          return timing.vmStopMs;
        case "resume":
          if (status !== "SUSPENDED") throw notReady(ctx, found, "resume");
          cloud.vms.start(vm.id);
          delete entry.suspended;
          entry.lastStartTimestamp = now;
          return timing.vmStartMs;
        case "reset":
          // A reset wipes memory and boots again while the instance stays RUNNING, so disks can
          // be attached and images made at once; the world's reboot (which refuses both) is not used.
          if (status !== "RUNNING") throw notReady(ctx, found, "reset");
          return undefined;
      }
    })(ctx);
  };
}

function requireFingerprint(given: unknown, current: string, what: string): void {
  if (given !== current) {
    throw new GcpError(412, "conditionNotMet", `Supplied fingerprint does not match current ${what} fingerprint.`, {
      detail: { location: "If-Match", locationType: "header" },
    });
  }
}

const setMetadata = (ctx: GcpContext) => {
  const body = bodyOf<{ fingerprint: unknown; items: unknown }>(ctx);
  return change("setMetadata", (_cloud, { entry }) => {
    const items = checkMetadataItems(body.items, "metadata.items");
    requireFingerprint(body.fingerprint, entry.metadataFingerprint, "metadata");
    entry.metadata = items;
    entry.metadataFingerprint = newFingerprint();
    return undefined;
  })(ctx);
};

const setLabels = (ctx: GcpContext) => {
  const body = bodyOf<{ labelFingerprint: unknown; labels: unknown }>(ctx);
  return change("setLabels", (cloud, { vm, entry }) => {
    const labels = checkLabels(body.labels, "labels");
    if (body.labelFingerprint !== entry.labelFingerprint) {
      throw new GcpError(412, "conditionNotMet", "Labels fingerprint either invalid or resource labels have changed", {
        detail: { location: "If-Match", locationType: "header" },
      });
    }
    const gone = Object.keys(vm.tags).filter((k) => !Object.hasOwn(labels, k));
    if (gone.length > 0) cloud.tags.remove(vm.id, gone);
    if (Object.keys(labels).length > 0) cloud.tags.add(vm.id, labels);
    entry.labelFingerprint = newFingerprint();
    return undefined;
  })(ctx);
};

/**
 * Gives nic0 the world security groups of the firewall rules that now apply to the instance (its
 * network's rules without target tags, and those targeting one of its tags).
 */
export function applyFirewalls(ctx: GcpContext, cloud: AccountRegion, found: FoundInstance): void {
  const network = found.entry.network.split("/").at(-1) ?? "";
  const groups = firewallGroupsFor(ctx, cloud.region, network, found.entry.tags);
  const nic = cloud.networkInterfaces.list({ where: (n) => n.attachment?.vm.id === found.vm.id }).items[0];
  if (nic) cloud.networkInterfaces.update(nic.id, { securityGroupIds: groups });
}

const setTags = (ctx: GcpContext) => {
  const body = bodyOf<{ fingerprint: unknown; items: unknown }>(ctx);
  return change("setTags", (cloud, found) => {
    const { entry } = found;
    const tags = checkNetworkTags(body.items, "tags.items");
    requireFingerprint(body.fingerprint, entry.tagsFingerprint, "tags");
    entry.tags = tags;
    entry.tagsFingerprint = newFingerprint();
    applyFirewalls(ctx, cloud, found);
    return undefined;
  })(ctx);
};

const attachDisk = (ctx: GcpContext) => {
  const body = bodyOf<AttachedDiskBody>(ctx) as AttachedDiskBody;
  return change("attachDisk", (cloud, { vm, entry }) => {
    if (body.source === undefined) throw required("source");
    if (body.boot === true) throw badRequest("A boot disk cannot be attached to an existing instance.");
    if (body.mode !== undefined && body.mode !== "READ_WRITE") {
      throw invalidField("mode", body.mode, "The emulator attaches disks READ_WRITE only.");
    }
    const ref = parseRef(textOf(body.source), "disks", "source");
    requireOwnProject(ctx, ref.project, textOf(body.source), "source");
    const disk = cloud.disks.list({ where: (d) => d.name === ref.name && d.zone === ref.scope }).items[0];
    if (!disk) throw notFound(relative(ctx, `zones/${ref.scope ?? ""}/disks/${ref.name}`));
    if (disk.zone !== entry.zone) throw invalidField("source", body.source, `Disk must be in zone '${entry.zone}'.`);
    if (disk.attachment) {
      throw new GcpError(
        400,
        "resourceInUseByAnotherResource",
        `The disk resource '${relative(ctx, `zones/${disk.zone}/disks/${disk.name}`)}' is already being used by '${relative(ctx, instancePath(entry.zone, disk.attachment.vm.name))}'`,
      );
    }
    const taken = new Set(entry.disks.map((d) => d.deviceName));
    let n = entry.disks.length;
    while (taken.has(`persistent-disk-${n}`)) n += 1;
    const deviceName = deviceNameOf(body.deviceName, "deviceName", `persistent-disk-${n}`);
    if (taken.has(deviceName))
      throw badRequest(`Invalid value for field 'deviceName': '${deviceName}'. Device name is already in use.`);
    cloud.disks.attach(disk.id, vm.id);
    entry.disks.push({
      diskId: disk.id,
      deviceName,
      autoDelete: boolOf(body.autoDelete, "autoDelete", false),
      boot: false,
      mode: "READ_WRITE",
    });
    const diskEntry = computeBook(ctx.world).disks.get(disk.id);
    if (diskEntry) diskEntry.lastAttachTimestamp = ctx.world.clock.now();
    return ctx.world.timing.diskAttachMs;
  })(ctx);
};

const detachDisk = (ctx: GcpContext) => {
  const deviceName = ctx.request.url.searchParams.get("deviceName");
  return change("detachDisk", (cloud, { vm, entry }) => {
    if (deviceName === null || deviceName === "") throw required("deviceName");
    const attached = entry.disks.find((d) => d.deviceName === deviceName);
    if (!attached) {
      throw invalidField("deviceName", deviceName, `No attached disk found with device name '${deviceName}'`);
    }
    if (attached.boot) throw badRequest("The boot disk cannot be detached from a running or stopped instance.");
    cloud.disks.detach(attached.diskId, vm.id);
    entry.disks = entry.disks.filter((d) => d !== attached);
    const diskEntry = computeBook(ctx.world).disks.get(attached.diskId);
    if (diskEntry) diskEntry.lastDetachTimestamp = ctx.world.clock.now();
    return ctx.world.timing.diskDetachMs;
  })(ctx);
};

/** POST setDeletionProtection?deletionProtection=true|false (default true, as Google's). */
const setDeletionProtection = (ctx: GcpContext) => {
  const raw = ctx.request.url.searchParams.get("deletionProtection") ?? "true";
  return change("setDeletionProtection", (_cloud, { entry }) => {
    if (raw !== "true" && raw !== "false") throw invalidField("deletionProtection", raw, "Must be true or false.");
    if (raw === "true") entry.deletionProtection = true;
    else delete entry.deletionProtection;
    return undefined;
  })(ctx);
};

const base = "zones/{zone}/instances";
const one = `${base}/{instance}`;

/** instances: insert, get, list, aggregatedList, delete, power changes, metadata, labels, tags, disks. */
export const instanceRoutes: readonly GcpRoute[] = [
  { method: "POST", path: base, api: "compute.instances.insert", handle: insert },
  { method: "GET", path: base, api: "compute.instances.list", handle: list },
  { method: "GET", path: "aggregated/instances", api: "compute.instances.aggregatedList", handle: aggregatedList },
  { method: "GET", path: one, api: "compute.instances.get", handle: get },
  { method: "DELETE", path: one, api: "compute.instances.delete", handle: delete_ },
  { method: "POST", path: `${one}/stop`, api: "compute.instances.stop", handle: stop },
  { method: "POST", path: `${one}/start`, api: "compute.instances.start", handle: stateChange("start") },
  { method: "POST", path: `${one}/suspend`, api: "compute.instances.suspend", handle: stateChange("suspend") },
  { method: "POST", path: `${one}/resume`, api: "compute.instances.resume", handle: stateChange("resume") },
  { method: "POST", path: `${one}/reset`, api: "compute.instances.reset", handle: stateChange("reset") },
  { method: "POST", path: `${one}/setMetadata`, api: "compute.instances.setMetadata", handle: setMetadata },
  { method: "POST", path: `${one}/setLabels`, api: "compute.instances.setLabels", handle: setLabels },
  { method: "POST", path: `${one}/setTags`, api: "compute.instances.setTags", handle: setTags },
  { method: "POST", path: `${one}/attachDisk`, api: "compute.instances.attachDisk", handle: attachDisk },
  { method: "POST", path: `${one}/detachDisk`, api: "compute.instances.detachDisk", handle: detachDisk },
  {
    method: "POST",
    path: `${one}/setDeletionProtection`,
    api: "compute.instances.setDeletionProtection",
    handle: setDeletionProtection,
  },
];
