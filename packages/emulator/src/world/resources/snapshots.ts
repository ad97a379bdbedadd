import { incorrectState, notFoundError } from "../errors.js";
import type { Snapshot } from "../types.js";
import type { SnapshotRecord } from "./records.js";
import type { RegionState } from "./region-state.js";
import { tagRecord } from "./tag-rules.js";

/** Disk snapshots: made with images (MyImageService), kept or taken along when an image goes. */
export class SnapshotService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  get(id: string): Snapshot {
    const row = this.#state.snapshots.get(id);
    if (!row) throw notFoundError("snapshot", id);
    return snapshotView(this.#state, row);
  }

  /** Every snapshot, oldest first. */
  list(): Snapshot[] {
    return [...this.#state.snapshots.values()].map((row) => snapshotView(this.#state, row));
  }

  /** Refused (IncorrectState) while an image it backs exists: deregister the image first. */
  delete(id: string): void {
    const row = this.#state.snapshots.get(id);
    if (!row) throw notFoundError("snapshot", id);
    if (row.imageId !== undefined && this.#state.myImages.find(row.imageId))
      throw incorrectState("snapshot", id, `is in use by image ${row.imageId}`);
    this.#state.snapshots.delete(id);
  }
}

/** Stores the snapshot of a VM's root disk for a new image; done when the image is. */
export function snapshotForImage(
  state: RegionState,
  input: { vmId: string; sizeGB: number; imageId: string; completedAt: number },
): SnapshotRecord {
  const row: SnapshotRecord = {
    id: state.world.random.uuid(),
    createdAt: state.now(),
    tags: {},
    sizeGB: input.sizeGB,
    description: `Created by CreateImage(${input.vmId}) for ${input.imageId}`,
    sourceVmId: input.vmId,
    imageId: input.imageId,
    completedAt: input.completedAt,
  };
  state.snapshots.set(row.id, row);
  return row;
}

/** What becomes of an image's snapshot when the image goes: taken along, or left unattached. */
export function releaseImageSnapshot(state: RegionState, snapshotId: string | undefined, remove: boolean): void {
  const row = snapshotId === undefined ? undefined : state.snapshots.get(snapshotId);
  if (!row) return;
  if (remove) state.snapshots.delete(row.id);
  else delete row.imageId;
}

export function snapshotView(state: RegionState, row: SnapshotRecord): Snapshot {
  const { completedAt, ...fields } = row;
  return {
    ...fields,
    tags: tagRecord(row.tags),
    state: state.now() >= completedAt ? "completed" : "pending",
  };
}
