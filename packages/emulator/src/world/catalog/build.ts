import type { CpuArchitecture, GpuDef, ImageDef, OsPlatform, RegionDef, SpecDef, ZoneDef } from "./types.js";

// Small constructors that keep the hand-authored catalogs to one line per entry.

/** A region at (latitude, longitude), priced at `priceFactor` times the base price. */
export function region(
  name: string,
  displayName: string,
  [latitude, longitude]: readonly [number, number],
  priceFactor: number,
  zoneList: readonly ZoneDef[],
  idCode?: string,
): RegionDef {
  return {
    name,
    displayName,
    location: { latitude, longitude },
    priceFactor,
    zones: zoneList,
    ...(idCode ? { idCode } : {}),
  };
}

/** Zones named `${prefix}${suffix}`; those listed in `unavailable` are marked Unavailable. */
export function zones(
  prefix: string,
  suffixes: readonly string[],
  displayPrefix: string,
  unavailable: readonly string[] = [],
): ZoneDef[] {
  return suffixes.map((suffix) => ({
    name: `${prefix}${suffix}`,
    displayName: `${displayPrefix} ${suffix.replace(/^-/, "").toUpperCase()}`,
    status: unavailable.includes(suffix) ? "unavailable" : "available",
  }));
}

export interface SpecExtras {
  family?: string;
  architecture?: CpuArchitecture;
  clockGHz?: number;
  gpu?: GpuDef;
  localDiskGB?: number;
  regions?: readonly string[];
}

/** A VM spec: name, vCPUs, memory in GiB, base-region on-demand USD per hour. */
export function spec(
  name: string,
  vcpus: number,
  memoryGiB: number,
  usdPerHour: number,
  extras: SpecExtras = {},
): SpecDef {
  const { family = name.split(/[.-]/)[0] ?? name, architecture = "x86_64", ...rest } = extras;
  return { name, family, vcpus, memoryMiB: Math.round(memoryGiB * 1024), architecture, usdPerHour, ...rest };
}

export function arm(extras: SpecExtras = {}): SpecExtras {
  return { ...extras, architecture: "arm64" };
}

export function gpu(count: number, model: string, memoryGB: number, manufacturer = "NVIDIA"): GpuDef {
  return { count, manufacturer, model, memoryGB };
}

/** An image entry; Windows images log in as Administrator. */
export function image(
  id: string,
  name: string,
  osDistribution: string,
  architecture: CpuArchitecture,
  diskSizeGB: number,
  loginUser: string,
  osPlatform: OsPlatform = "linux",
): ImageDef {
  return { id, name, osDistribution, osPlatform, architecture, diskSizeGB, loginUser };
}

export function windowsImage(id: string, name: string, osDistribution: string, diskSizeGB: number): ImageDef {
  return image(id, name, osDistribution, "x86_64", diskSizeGB, "Administrator", "windows");
}
