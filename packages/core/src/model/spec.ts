import type { Architecture, Extra } from "./common.js";

/** The GPUs of a VM spec. */
export interface GpuInfo {
  count: number;
  manufacturer: string;
  model: string;
  /** Memory of one GPU. */
  memorySizeGB?: number;
  totalMemorySizeGB?: number;
}

/** A VM size (instance type, flavor, machine type). */
export interface VmSpecInfo {
  name: string;
  region: string;
  vcpu: { count: number; clockGHz?: number };
  memorySizeMiB: number;
  /** Local (instance-store) disk; absent when the spec has none. */
  diskSizeGB?: number;
  gpus: GpuInfo[];
  architecture: Architecture;
  extra?: Extra;
}
