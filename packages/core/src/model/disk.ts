import type { Extra, IID, Tags } from "./common.js";

export type DiskStatus = "Creating" | "Available" | "Attached" | "Deleting" | "Error";

export interface DiskRequest {
  name: string;
  /** Defaults to the connection's zone. */
  zone?: string;
  /** Cloud disk type, e.g. "gp3"; the driver's default when absent. */
  diskType?: string;
  /** The driver's default when absent. */
  diskSizeGB?: number;
  tags?: Tags;
}

export interface DiskInfo {
  iid: IID;
  zone?: string;
  diskType: string;
  diskSizeGB: number;
  status: DiskStatus;
  /** The VM the disk is attached to. */
  ownerVm?: IID;
  createdAt?: Date;
  tags?: Tags;
  extra?: Extra;
}
