import { WorldError, incorrectState, invalidParameter } from "../errors.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { Disk, DiskState } from "../types.js";
import { moveTo, startLifecycle } from "./lifecycle.js";
import type { BackgroundWork } from "./lifecycle.js";
import { requireQuota } from "./quota-usage.js";
import type { DiskRecord } from "./records.js";
import type { NewResource, RegionState } from "./region-state.js";
import { vmStateOf } from "./vm-lifecycle.js";
import { tagRecord } from "./tag-rules.js";

export interface CreateDiskInput extends NewResource {
  /** The region's first available zone when absent. */
  zone?: string | undefined;
  /** The provider's default disk type when absent. */
  type?: string | undefined;
  /** The disk type's default size when absent. */
  sizeGB?: number | undefined;
  /** The image the disk is made from (the caller checked it exists); kept as `sourceImageId`. */
  sourceImageId?: string | undefined;
  description?: string | undefined;
  /** Provisioned IOPS and throughput, kept as given (the front checks them by its cloud's rules). */
  iops?: number | undefined;
  throughputMiBps?: number | undefined;
}

/**
 * Block storage volumes: creating -> available (or error); attaching -> in-use; detaching ->
 * available; extending -> available or in-use (or error-extending); deleting -> gone. `resize` grows a disk at once
 * (EBS reports the new size while it optimizes), `extend` in the background (Cinder's os-extend).
 */
export class DiskService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  /**
   * Creates an empty disk: "creating" for `diskCreateMs`, then available, or "error" when `work`
   * fails later (InvalidParameter on a size outside the type's range; QuotaExceeded on `disks` or
   * `diskTotalGB`).
   */
  create(input: CreateDiskInput, work: BackgroundWork = {}): Disk {
    const s = this.#state;
    const zone = s.zone(input.zone);
    const type = input.type ?? s.catalog.defaultDiskType;
    const diskType = s.catalog.diskTypes.find((d) => d.name === type);
    if (!diskType) throw invalidParameter("type", `"${type}" is not a disk type of ${s.provider}`);
    const sizeGB = input.sizeGB ?? diskType.defaultGB;
    if (!Number.isInteger(sizeGB) || sizeGB < diskType.minGB || sizeGB > diskType.maxGB) {
      throw invalidParameter("sizeGB", `${type} disks are ${diskType.minGB}..${diskType.maxGB} GB`);
    }
    const base = s.newRecord("volume", input, () => s.disks.all().map((disk) => disk.name));
    requireQuota(s, "disks");
    requireQuota(s, "diskTotalGB", sizeGB);
    const lifecycle = startLifecycle<DiskRecord["lifecycle"]["state"]>("creating", s.now(), {
      state: work.failsLater ? "error" : "available",
      afterMs: s.duration("diskCreateMs"),
    });
    const disk: DiskRecord = {
      ...base,
      lifecycle,
      zone: zone.name,
      type,
      sizeGB,
      ...(input.sourceImageId === undefined ? {} : { sourceImageId: input.sourceImageId }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.iops === undefined ? {} : { iops: input.iops }),
      ...(input.throughputMiBps === undefined ? {} : { throughputMiBps: input.throughputMiBps }),
    };
    s.disks.insert(disk);
    return diskView(disk);
  }

  /** One disk; NotFound when there is none, it was created within the consistency window, or it is deleted. */
  get(id: string): Disk {
    return diskView(this.#state.read(this.#state.disks, id));
  }

  /** One page of the region's disks, oldest first. */
  list(options?: ListOptions<Disk>): ListPage<Disk> {
    return this.#state.page(this.#state.disks, diskView, options);
  }

  /** Removes a disk at once; IncorrectState while it is attached (or attaching, detaching) or extending. */
  delete(id: string): void {
    requireDeletable(this.#state.require(this.#state.disks, id));
    this.#state.disks.remove(id);
  }

  /**
   * Starts deleting a disk (Cinder): "deleting" for `diskDeleteMs`, still counting against quota,
   * then gone. The same refusals as `delete`; a disk already deleting is left as it is.
   */
  beginDelete(id: string): Disk {
    const s = this.#state;
    const disk = s.require(s.disks, id);
    if (disk.deleteAt === undefined) {
      requireDeletable(disk);
      disk.lifecycle = startLifecycle<DiskRecord["lifecycle"]["state"]>("deleting", s.now());
      disk.deleteAt = s.now() + s.duration("diskDeleteMs");
    }
    return diskView(disk);
  }

  /** Grows a disk at once; disks never shrink. */
  resize(id: string, sizeGB: number): Disk {
    const s = this.#state;
    const disk = s.require(s.disks, id);
    requireSettled(disk, "resize");
    checkGrowth(s, disk, sizeGB);
    requireQuota(s, "diskTotalGB", sizeGB - disk.sizeGB);
    disk.sizeGB = sizeGB;
    return diskView(disk);
  }

  /**
   * Grows an available or in-use disk in the background: it is "extending" (at its old size) for
   * `diskExtendMs`, then back to available or in-use at the new size, or "error-extending" at the
   * old size when the work fails. The quota counts the new size from the start.
   */
  extend(id: string, sizeGB: number, work: BackgroundWork = {}): Disk {
    const s = this.#state;
    const disk = s.require(s.disks, id);
    requireSettled(disk, "extend");
    checkGrowth(s, disk, sizeGB);
    requireQuota(s, "diskTotalGB", sizeGB - disk.sizeGB);
    disk.extendingTo = sizeGB;
    moveTo(disk.lifecycle, "extending", s.now(), {
      state: work.failsLater ? "error-extending" : "available",
      afterMs: s.duration("diskExtendMs"),
    });
    return diskView(disk);
  }

  /**
   * Attaches an available disk to a running or stopped VM in the same zone: "attaching" for
   * `diskAttachMs`, then "in-use".
   */
  attach(id: string, vmId: string, device?: string): Disk {
    const s = this.#state;
    const disk = s.require(s.disks, id);
    const vm = s.require(s.vms, vmId);
    if (disk.attachment) throw incorrectState("volume", id, `is already attached to VM ${disk.attachment.vm.id}`);
    const state = disk.lifecycle.state;
    if (state === "creating") throw incorrectState("volume", id, "is still being created");
    if (state !== "available") throw incorrectState("volume", id, `is ${state}`);
    const vmState = vmStateOf(s, vm).state;
    if (vmState !== "running" && vmState !== "stopped")
      throw incorrectState("instance", vmId, `is ${vmState}; attach needs running or stopped`);
    if (vm.zone !== disk.zone)
      throw invalidParameter("vmId", `VM ${vmId} is in zone ${vm.zone}, the disk in ${disk.zone}`);
    disk.attachment = { vm: { id: vm.id, name: vm.name }, device: device ?? nextDevice(s, vm.id) };
    moveTo(disk.lifecycle, "attaching", s.now(), { state: "available", afterMs: s.duration("diskAttachMs") });
    return diskView(disk);
  }

  /**
   * Detaches an in-use disk ("detaching" for `diskDetachMs`, then available, the attachment gone);
   * when `vmId` is given it must be the VM the disk is attached to.
   */
  detach(id: string, vmId?: string): Disk {
    const s = this.#state;
    const disk = s.require(s.disks, id);
    if (!disk.attachment || (vmId !== undefined && disk.attachment.vm.id !== vmId)) {
      throw new WorldError("NotFound", `disk ${id} is not attached${vmId === undefined ? "" : ` to VM ${vmId}`}`, {
        resourceType: "attachment",
        resourceId: id,
      });
    }
    const state = diskStateOf(disk);
    if (state !== "in-use") throw incorrectState("volume", id, `is ${state}`);
    moveTo(disk.lifecycle, "detaching", s.now(), { state: "available", afterMs: s.duration("diskDetachMs") });
    return diskView(disk);
  }
}

function requireDeletable(disk: DiskRecord): void {
  if (disk.attachment) throw incorrectState("volume", disk.id, `is attached to VM ${disk.attachment.vm.id}`);
  const state = disk.lifecycle.state;
  if (state === "extending" || state === "deleting") throw incorrectState("volume", disk.id, `is ${state}`);
}

function requireSettled(disk: DiskRecord, action: string): void {
  const state = disk.lifecycle.state;
  if (state === "creating") throw incorrectState("volume", disk.id, "is still being created");
  if (state !== "available")
    throw incorrectState("volume", disk.id, `is ${state}; ${action} needs available or in-use`);
}

function checkGrowth(state: RegionState, disk: DiskRecord, sizeGB: number): void {
  const maxGB = state.catalog.diskTypes.find((d) => d.name === disk.type)?.maxGB ?? Number.POSITIVE_INFINITY;
  if (!Number.isInteger(sizeGB) || sizeGB <= disk.sizeGB || sizeGB > maxGB) {
    throw invalidParameter("sizeGB", `must be an integer above the current ${disk.sizeGB} GB and at most ${maxGB} GB`);
  }
}

/** The first free data-disk device name of a VM ("/dev/sdf" onwards, as AWS suggests). */
export function nextDevice(state: RegionState, vmId: string): string {
  const taken = new Set(
    state.disks
      .all()
      .filter((disk) => disk.attachment?.vm.id === vmId)
      .map((disk) => disk.attachment?.device),
  );
  for (const letter of "fghijklmnopqrstuvwxyz") {
    const device = `/dev/sd${letter}`;
    if (!taken.has(device)) return device;
  }
  throw invalidParameter("device", `VM ${vmId} has no free device names`);
}

/** A settled record's state: available with an attachment is in-use. */
function diskStateOf(row: DiskRecord): DiskState {
  const state = row.lifecycle.state;
  return state === "available" && row.attachment ? "in-use" : state;
}

export function diskView(row: DiskRecord): Disk {
  return {
    id: row.id,
    name: row.name,
    kind: "volume",
    createdAt: row.createdAt,
    tags: tagRecord(row.tags),
    state: diskStateOf(row),
    zone: row.zone,
    type: row.type,
    sizeGB: row.sizeGB,
    ...(row.attachment ? { attachment: { ...row.attachment, vm: { ...row.attachment.vm } } } : {}),
    ...(row.sourceImageId === undefined ? {} : { sourceImageId: row.sourceImageId }),
    ...(row.description === undefined ? {} : { description: row.description }),
    ...(row.iops === undefined ? {} : { iops: row.iops }),
    ...(row.throughputMiBps === undefined ? {} : { throughputMiBps: row.throughputMiBps }),
  };
}
