import type { ProviderCatalog, SpecDef } from "../../world/catalog/types.js";

// How the Billing Catalog's per-resource prices are made from the world's per-machine-type ones.
// Compute Engine bills a VM as vCPU-hours plus GiB-hours of memory (plus GPU-hours), each its own
// SKU per machine family and region. The world prices whole machine types, so the front splits
// each family's price into unit prices that combine back to it:
//   - memory costs `ramPerCpu` (0.134) of a vCPU per GiB-hour, close to Google's list prices
//     (N2: $0.031611 per vCPU, $0.004237 per GiB);
//   - a family without GPUs takes its vCPU price from its largest type:
//     price / (vCPUs + 0.134 × GiB); shared-core E2 types count the fraction of a vCPU they
//     are billed for (e2-micro 0.25, e2-small 0.5, e2-medium 1), as Google bills them;
//   - a family with GPUs takes its vCPU and memory prices from two of its types with the same
//     GPU count (their difference), or else from the N2 family, and the GPU price per GPU is what
//     remains of its largest type's price;
//   - a region's prices are the base prices times the region's price factor.
// So vCPUs × core price + GiB × RAM price (+ GPUs × GPU price) gives a type's world price, within
// the rounding of the world's four-decimal prices.

export const ramPerCpu = 0.134;

/** The vCPUs a shared-core type is billed for. */
export const billedCpus: Readonly<Record<string, number>> = { "e2-micro": 0.25, "e2-small": 0.5, "e2-medium": 1 };

export interface FamilyPrices {
  family: string;
  /** USD per vCPU-hour, per GiB-hour, and per GPU-hour in the base region. */
  cpu: number;
  ram: number;
  gpu?: { model: string; memoryGB: number; price: number };
}

const cpusOf = (spec: SpecDef) => billedCpus[spec.name] ?? spec.vcpus;
const gibOf = (spec: SpecDef) => spec.memoryMiB / 1024;
const weight = (spec: SpecDef) => cpusOf(spec) + ramPerCpu * gibOf(spec);

function largest(specs: readonly SpecDef[]): SpecDef | undefined {
  return [...specs].sort((a, b) => b.vcpus - a.vcpus || b.usdPerHour - a.usdPerHour)[0];
}

/** Unit prices of every machine family of the catalog. */
export function familyPrices(catalog: ProviderCatalog): FamilyPrices[] {
  const families = [...new Set(catalog.specs.map((s) => s.family))];
  const plain = (family: string): number | undefined => {
    const top = largest(catalog.specs.filter((s) => s.family === family && !s.gpu));
    return top ? top.usdPerHour / weight(top) : undefined;
  };
  const reference = plain("n2") ?? 0;
  return families.map((family): FamilyPrices => {
    const specs = catalog.specs.filter((s) => s.family === family);
    const withGpu = specs.filter((s) => s.gpu);
    if (withGpu.length === 0) {
      const cpu = plain(family) ?? 0;
      return { family, cpu, ram: cpu * ramPerCpu };
    }
    // Two sizes with the same GPUs differ only by vCPUs and memory.
    let cpu = reference;
    for (const a of withGpu) {
      const b = withGpu.find((s) => s !== a && s.gpu?.count === a.gpu?.count && weight(s) !== weight(a));
      if (b) cpu = (b.usdPerHour - a.usdPerHour) / (weight(b) - weight(a));
    }
    const top = largest(withGpu);
    const gpu = top?.gpu;
    const gpuPrice = top && gpu ? (top.usdPerHour - cpu * weight(top)) / gpu.count : 0;
    return {
      family,
      cpu,
      ram: cpu * ramPerCpu,
      ...(gpu ? { gpu: { model: gpu.model, memoryGB: gpu.memoryGB, price: gpuPrice } } : {}),
    };
  });
}
