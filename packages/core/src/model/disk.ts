import type { Extra, IID, Tags } from "./common.js";

/** "Unknown": a state the driver does not know (a newer cloud release, an operator's own). */
export type DiskStatus = "Creating" | "Available" | "Attached" | "Deleting" | "Error" | "Unknown";

/** What `connection.disk.create` takes. */
export interface DiskRequest {
  name: string;
  /** Defaults to the connection's zone. */
  zone?: string;
  /** Cloud disk type, e.g. "gp3"; the driver's default when absent. */
  diskType?: string;
  /** The driver's default when absent. */
  diskSizeGB?: number;
  /**
   * Provisioned IOPS, for disk types that take them (AWS io1, io2, gp3); the driver's default when
   * absent (see the driver's docs). Drivers whose clouds provision no IOPS ignore it.
   */
  diskIops?: number;
  /** Provisioned throughput in MiB/s, for disk types that take it (AWS gp3); as `diskIops`. */
  diskThroughputMiBps?: number;
  tags?: Tags;
}

/** A block-storage disk as the SDK reports it. */
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
