import type { Architecture, Extra } from "./common.js";

export type OsPlatform = "Linux/UNIX" | "Windows" | "NA";
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
