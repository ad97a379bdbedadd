import type { GpuDef, SpecDef } from "../../world/catalog/types.js";
import { gate, json, link, param, requireZone } from "./context.js";
import type { GcpContext } from "./context.js";
import { notFound } from "./errors.js";
import { catalogCreation, stableId } from "./ids.js";
import { aggregatedBody, listBody } from "./paging.js";
import type { GcpRoute } from "./router.js";

// Machine types per zone, from the world catalog's GCP specs (those limited to some regions are
// listed only in their zones). Accelerator-optimized types carry their GPUs as `accelerators`.

/** Google's accelerator type name for a catalog GPU. */
export function acceleratorType(gpu: GpuDef): string {
  const model = gpu.model.toLowerCase();
  if (model === "a100") return gpu.memoryGB >= 80 ? "nvidia-a100-80gb" : "nvidia-tesla-a100";
  if (model === "t4" || model === "v100" || model === "p100" || model === "p4") return `nvidia-tesla-${model}`;
  if (model === "h100") return "nvidia-h100-80gb";
  return `nvidia-${model}`;
}

const sharedCore = new Set(["e2-micro", "e2-small", "e2-medium"]);

function description(spec: SpecDef): string {
  const memory = spec.memoryMiB / 1024;
  if (sharedCore.has(spec.name)) return `Efficient Instance, ${spec.vcpus} vCPU(s), ${memory} GB RAM (shared core)`;
  return `${spec.vcpus} vCPU${spec.vcpus === 1 ? "" : "s"}, ${memory} GB RAM`;
}

function machineTypeView(ctx: GcpContext, spec: SpecDef, zone: string): Record<string, unknown> {
  return {
    kind: "compute#machineType",
    id: stableId(`machineType/${spec.name}`),
    creationTimestamp: catalogCreation,
    name: spec.name,
    description: description(spec),
    guestCpus: spec.vcpus,
    memoryMb: spec.memoryMiB,
    imageSpaceGb: 0,
    maximumPersistentDisks: sharedCore.has(spec.name) ? 16 : 128,
    maximumPersistentDisksSizeGb: sharedCore.has(spec.name) ? "3072" : "263168",
    zone,
    selfLink: link(ctx, `zones/${zone}/machineTypes/${spec.name}`),
    isSharedCpu: sharedCore.has(spec.name),
    ...(spec.gpu
      ? { accelerators: [{ guestAcceleratorType: acceleratorType(spec.gpu), guestAcceleratorCount: spec.gpu.count }] }
      : {}),
    architecture: spec.architecture === "arm64" ? "ARM64" : "X86_64",
  };
}

/** The machine types sold in a zone's region. */
export function specsInZone(ctx: GcpContext, zone: string): SpecDef[] {
  const { region } = requireZone(ctx, zone);
  return ctx.world.catalog("GCP").specs.filter((spec) => !spec.regions || spec.regions.includes(region.name));
}

export const machineTypeRoutes: readonly GcpRoute[] = [
  {
    method: "GET",
    path: "zones/{zone}/machineTypes",
    api: "compute.machineTypes.list",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const zone = param(ctx, "zone");
        const items = specsInZone(ctx, zone).map((spec) => machineTypeView(ctx, spec, zone));
        return json(200, listBody(ctx, "compute#machineTypeList", `zones/${zone}/machineTypes`, items));
      }),
  },
  {
    method: "GET",
    path: "zones/{zone}/machineTypes/{machineType}",
    api: "compute.machineTypes.get",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const zone = param(ctx, "zone");
        const name = param(ctx, "machineType");
        const spec = specsInZone(ctx, zone).find((s) => s.name === name);
        if (!spec) throw notFound(`projects/${ctx.project}/zones/${zone}/machineTypes/${name}`);
        return json(200, machineTypeView(ctx, spec, zone));
      }),
  },
  {
    method: "GET",
    path: "aggregated/machineTypes",
    api: "compute.machineTypes.aggregatedList",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const scopes = ctx.world.catalog("GCP").regions.flatMap((region) =>
          region.zones.map((z) => ({
            scope: `zones/${z.name}`,
            items: specsInZone(ctx, z.name).map((spec) => machineTypeView(ctx, spec, z.name)),
          })),
        );
        return json(
          200,
          aggregatedBody(ctx, "compute#machineTypeAggregatedList", "machineTypes", "machineTypes", scopes),
        );
      }),
  },
];
