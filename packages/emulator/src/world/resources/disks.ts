import { WorldError, incorrectState, invalidParameter, notFoundError } from "../errors.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { Disk } from "../types.js";
import { findPublicImage } from "./catalog-service.js";
import { currentState, startLifecycle } from "./lifecycle.js";
import { requireQuota } from "./quota-usage.js";
import type { DiskRecord } from "./records.js";
import type { NewResource, RegionState } from "./region-state.js";
import { vmStateOf } from "./vm-lifecycle.js";

export interface CreateDiskInput extends NewResource {
  /** The region's first available zone when absent. */
  zone?: string | undefined;
  /** The provider's default disk type when absent. */
  type?: string | undefined;
  /** The disk type's default size when absent. */
  sizeGB?: number | undefined;
  /** A public image or an available my-image to copy onto the disk, which is then bootable. */
  sourceImageId?: string | undefined;
}

/** Block storage volumes: creating -> available; attached volumes are in-use. */
export class DiskService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  create(input: CreateDiskInput): Disk {
    const s = this.#state;
    const zone = s.zone(input.zone);
    const type = input.type ?? s.catalog.defaultDiskType;
    const diskType = s.catalog.diskTypes.find((d) => d.name === type);
    if (!diskType) throw invalidParameter("type", `"${type}" is not a disk type of ${s.provider}`);
    const image = input.sourceImageId === undefined ? undefined : sourceImage(s, input.sourceImageId);
    const sizeGB = input.sizeGB ?? Math.max(diskType.defaultGB, image?.diskSizeGB ?? 0);
    if (!Number.isInteger(sizeGB) || sizeGB < diskType.minGB || sizeGB > diskType.maxGB) {
      throw invalidParameter("sizeGB", `${type} disks are ${diskType.minGB}..${diskType.maxGB} GB`);
    }
    if (image && sizeGB < image.diskSizeGB)
      throw invalidParameter("sizeGB", `image ${image.id} needs at least ${image.diskSizeGB} GB`);
    const base = s.newRecord("volume", input, () => s.disks.all().map((disk) => disk.name));
    requireQuota(s, "disks");
    requireQuota(s, "diskTotalGB", sizeGB);
    const lifecycle = startLifecycle("creating", s.now(), { state: "available", afterMs: s.duration("diskCreateMs") });
    const disk: DiskRecord = {
      ...base,
      lifecycle,
      zone: zone.name,
      type,
      sizeGB,
      ...(image ? { sourceImage: { id: image.id, name: image.name } } : {}),
    };
    s.disks.insert(disk);
    return diskView(s, disk);
  }

  get(id: string): Disk {
    return diskView(this.#state, this.#state.read(this.#state.disks, id));
  }

  list(options?: ListOptions<Disk>): ListPage<Disk> {
    return this.#state.page(this.#state.disks, (row) => diskView(this.#state, row), options);
  }

  /** Fails with IncorrectState while the disk is attached. */
  delete(id: string): void {
    const disk = this.#state.require(this.#state.disks, id);
    if (disk.attachment) throw incorrectState("volume", id, `is attached to VM ${disk.attachment.vm.id}`);
    this.#state.disks.remove(id);
  }

  /** Grows a disk; disks never shrink. */
  resize(id: string, sizeGB: number): Disk {
    const s = this.#state;
    const disk = s.require(s.disks, id);
    if (currentState(disk.lifecycle, s.now()).state === "creating")
      throw incorrectState("volume", id, "is still being created");
    const maxGB = s.catalog.diskTypes.find((d) => d.name === disk.type)?.maxGB ?? Number.POSITIVE_INFINITY;
    if (!Number.isInteger(sizeGB) || sizeGB <= disk.sizeGB || sizeGB > maxGB) {
      throw invalidParameter(
        "sizeGB",
        `must be an integer above the current ${disk.sizeGB} GB and at most ${maxGB} GB`,
      );
    }
    requireQuota(s, "diskTotalGB", sizeGB - disk.sizeGB);
    disk.sizeGB = sizeGB;
    return diskView(s, disk);
  }

  /** Attaches an available disk to a running or stopped VM in the same zone. */
  attach(id: string, vmId: string, device?: string): Disk {
    const s = this.#state;
    const disk = s.require(s.disks, id);
    const vm = s.require(s.vms, vmId);
    if (disk.attachment) throw incorrectState("volume", id, `is already attached to VM ${disk.attachment.vm.id}`);
    if (currentState(disk.lifecycle, s.now()).state !== "available")
      throw incorrectState("volume", id, "is still being created");
    const vmState = vmStateOf(s, vm).state;
    if (vmState !== "running" && vmState !== "stopped")
      throw incorrectState("instance", vmId, `is ${vmState}; attach needs running or stopped`);
    if (vm.zone !== disk.zone)
      throw invalidParameter("vmId", `VM ${vmId} is in zone ${vm.zone}, the disk in ${disk.zone}`);
    disk.attachment = { vm: { id: vm.id, name: vm.name }, device: device ?? nextDevice(s, vm.id) };
    return diskView(s, disk);
  }

  /** Detaches a disk; when `vmId` is given it must be the VM the disk is attached to. */
  detach(id: string, vmId?: string): Disk {
    const s = this.#state;
    const disk = s.require(s.disks, id);
    if (!disk.attachment || (vmId !== undefined && disk.attachment.vm.id !== vmId)) {
      throw new WorldError("NotFound", `disk ${id} is not attached${vmId === undefined ? "" : ` to VM ${vmId}`}`, {
        resourceType: "attachment",
        resourceId: id,
      });
    }
    delete disk.attachment;
    return diskView(s, disk);
  }
}

/** The image a disk is made from: public, or one of the account's available images. */
function sourceImage(state: RegionState, id: string): { id: string; name: string; diskSizeGB: number } {
  const image = findPublicImage(state, id);
  if (image) return image;
  const mine = state.myImages.find(id);
  if (!mine) throw notFoundError("image", id);
  if (currentState(mine.lifecycle, state.now()).state !== "available")
    throw incorrectState("image", id, "is not available yet");
  return mine;
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

export function diskView(state: RegionState, row: DiskRecord): Disk {
  return {
    id: row.id,
    name: row.name,
    kind: "volume",
    createdAt: row.createdAt,
    tags: { ...row.tags },
    state: row.attachment ? "in-use" : currentState(row.lifecycle, state.now()).state,
    zone: row.zone,
    type: row.type,
    sizeGB: row.sizeGB,
    ...(row.sourceImage ? { sourceImage: { ...row.sourceImage } } : {}),
    ...(row.attachment ? { attachment: { ...row.attachment, vm: { ...row.attachment.vm } } } : {}),
  };
}
