import { moveTo } from "./lifecycle.js";
import type { DiskRecord } from "./records.js";

/**
 * Applies a disk transition that completed by `now`: a finished detach drops the attachment, a
 * finished extension takes its new size (a failed one keeps the old). The disk table calls it on
 * every read, so every service sees settled disks.
 */
export function settleDisk(row: DiskRecord, now: number): void {
  const next = row.lifecycle.next;
  if (!next || now < next.at) return;
  if (row.lifecycle.state === "detaching") delete row.attachment;
  if (row.lifecycle.state === "extending") {
    if (next.state === "available" && row.extendingTo !== undefined) row.sizeGB = row.extendingTo;
    delete row.extendingTo;
  }
  moveTo(row.lifecycle, next.state, next.at);
}
