import type { Extra, IID, Tags } from "./common.js";

/** The lifecycle state of a machine image made from a VM. */
export type MyImageStatus = "Creating" | "Available" | "Deleting" | "Error";

/** A snapshot image of a VM, owned by the user. */
export interface MyImageRequest {
  name: string;
  sourceVmName: string;
  tags?: Tags;
}

/** A machine image made from a VM (CB-Spider's MyImage). */
export interface MyImageInfo {
  iid: IID;
  sourceVmIID: IID;
  status: MyImageStatus;
  createdAt?: Date;
  tags?: Tags;
  extra?: Extra;
}
