import type { AccountRegion } from "../../world/account-region.js";
import { isWorldError } from "../../world/errors.js";
import type { Disk, DiskState } from "../../world/types.js";
import { FrontError } from "./http.js";

/** Cinder's volume statuses of the world's disk states. */
const volumeStatuses: Readonly<Record<DiskState, string>> = {
  creating: "creating",
  available: "available",
  attaching: "attaching",
  "in-use": "in-use",
  detaching: "detaching",
  extending: "extending",
  deleting: "deleting",
  error: "error",
  "error-extending": "error_extending",
};

export function volumeStatus(disk: Disk): string {
  return volumeStatuses[disk.state];
}

/** A volume by id, or Cinder's 404 (VolumeNotFound). */
export function findVolume(cloud: AccountRegion, id: string): Disk {
  try {
    return cloud.disks.get(id);
  } catch (error) {
    if (isWorldError(error, "NotFound")) throw new FrontError(404, `Volume ${id} could not be found.`);
    throw error;
  }
}
