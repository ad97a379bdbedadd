import type { Architecture, Extra } from "./common.js";

/** The operating-system family of an image. */
export type OsPlatform = "Linux/UNIX" | "Windows" | "NA";
/** Whether an image can be used for new VMs. */
export type ImageStatus = "Available" | "Unavailable" | "NA";

/** A public image; `id` is what a VM request names. */
export interface ImageInfo {
  id: string;
  name: string;
  osArchitecture: Architecture;
  osPlatform: OsPlatform;
  /** e.g. "Ubuntu 24.04 LTS". */
  osDistribution: string;
  osDiskType?: string;
  osDiskSizeGB?: number;
  status: ImageStatus;
  extra?: Extra;
}
