import { incorrectState } from "../errors.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { MyImage } from "../types.js";
import { currentState, startLifecycle } from "./lifecycle.js";
import { requireQuota } from "./quota-usage.js";
import type { MyImageRecord } from "./records.js";
import type { NewResource, RegionState } from "./region-state.js";
import { vmStateOf } from "./vm-lifecycle.js";
import { releaseImageSnapshot, snapshotForImage } from "./snapshots.js";
import { tagRecord } from "./tag-rules.js";

export interface CreateMyImageInput extends NewResource {
  /** A running or stopped VM. */
  vmId: string;
}

/** Images snapshotted from VMs: pending -> available. Names are unique per account and region. */
export class MyImageService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  /**
   * Images a running or stopped VM (IncorrectState otherwise): "pending" for `myImageCreateMs`,
   * then available, backed by a snapshot of its root disk; QuotaExceeded on `myImages`.
   */
  create(input: CreateMyImageInput): MyImage {
    const s = this.#state;
    const vm = s.require(s.vms, input.vmId);
    const vmState = vmStateOf(s, vm).state;
    if (vmState !== "running" && vmState !== "stopped") {
      throw incorrectState("instance", vm.id, `is ${vmState}; a snapshot needs running or stopped`);
    }
    const base = s.newRecord("image", input, () => s.myImages.all().map((image) => image.name), true);
    requireQuota(s, "myImages");
    const createMs = s.duration("myImageCreateMs");
    const lifecycle = startLifecycle("pending", s.now(), { state: "available", afterMs: createMs });
    const snapshot = snapshotForImage(s, {
      vmId: vm.id,
      sizeGB: vm.rootDisk.sizeGB,
      imageId: base.id,
      completedAt: s.now() + createMs,
    });
    const image: MyImageRecord = {
      ...base,
      lifecycle,
      sourceVm: { id: vm.id, name: vm.name },
      architecture: vm.architecture,
      platform: vm.platform,
      osDistribution: vm.osDistribution,
      diskSizeGB: vm.rootDisk.sizeGB,
      loginUser: vm.loginUser,
      snapshotId: snapshot.id,
    };
    s.myImages.insert(image);
    return myImageView(s, image);
  }

  /** One image; NotFound when there is none, or it was created within the consistency window. */
  get(id: string): MyImage {
    return myImageView(this.#state, this.#state.read(this.#state.myImages, id));
  }

  /** One page of the account's images in the region, oldest first. */
  list(options?: ListOptions<MyImage>): ListPage<MyImage> {
    return this.#state.page(this.#state.myImages, (row) => myImageView(this.#state, row), options);
  }

  /**
   * VMs booted from the image keep running. Its snapshot stays (unattached) unless
   * `deleteSnapshot` takes it along (EC2's DeregisterImage with DeleteAssociatedSnapshots).
   */
  delete(id: string, options: { deleteSnapshot?: boolean } = {}): void {
    const image = this.#state.require(this.#state.myImages, id);
    this.#state.myImages.remove(id);
    releaseImageSnapshot(this.#state, image.snapshotId, options.deleteSnapshot === true);
  }
}

export function myImageView(state: RegionState, row: MyImageRecord): MyImage {
  const { lifecycle, seq: _seq, ...fields } = structuredClone(row);
  return { ...fields, tags: tagRecord(row.tags), kind: "image", state: currentState(lifecycle, state.now()).state };
}
