import type { Architecture, GpuInfo, SpecHandler, VmSpecInfo } from "@cloud-barista/core/driver";
import type { IbmSession } from "../session.js";
import type { IbmProfile } from "./native-types.js";

type Value = { value?: number | string; values?: (number | string)[]; default?: number; min?: number } | undefined;

/** A profile property's figure: a fixed `value`, else a range's default or minimum, else the first of an enum. */
const figure = (v: Value): number | undefined => {
  const n = Number(v?.value ?? v?.default ?? v?.min ?? v?.values?.[0]);
  return Number.isFinite(n) ? n : undefined;
};

const word = (v: Value): string | undefined => {
  const w = v?.value ?? v?.values?.[0];
  return typeof w === "string" ? w : undefined;
};

const architectureOf = (arch: string | undefined): Architecture =>
  arch === "amd64" ? "x86_64" : arch === "arm64" ? "arm64" : "NA";

/** An instance profile in the portable model; memory is in GiB at IBM. */
export function toSpecInfo(p: IbmProfile, region: string): VmSpecInfo {
  const gpuCount = figure(p.gpu_count) ?? 0;
  const gpuMemory = figure(p.gpu_memory);
  const gpus: GpuInfo[] =
    gpuCount > 0
      ? [
          {
            count: gpuCount,
            manufacturer: (word(p.gpu_manufacturer) ?? "NA").toUpperCase(),
            model: word(p.gpu_model) ?? "NA",
            ...(gpuMemory === undefined ? {} : { memorySizeGB: gpuMemory, totalMemorySizeGB: gpuMemory * gpuCount }),
          },
        ]
      : [];
  const disk = (p.disks ?? []).reduce((sum, d) => sum + (figure(d.size) ?? 0) * (figure(d.quantity) ?? 1), 0);
  return {
    name: p.name ?? "",
    region,
    vcpu: { count: figure(p.vcpu_count) ?? 0 },
    memorySizeMiB: Math.round((figure(p.memory) ?? 0) * 1024),
    ...(disk > 0 ? { diskSizeGB: disk } : {}),
    gpus,
    architecture: architectureOf(word(p.vcpu_architecture)),
    ...(p.family ? { extra: { family: p.family } } : {}),
  };
}

/** Instance profiles of the region (`list_instance_profiles`), GPU and arm64 families among them. */
export function createSpecHandler(session: IbmSession): SpecHandler {
  return {
    // The profile collection is not paged.
    async *list(ctx) {
      const { profiles = [] } = await session.call<{ profiles?: IbmProfile[] }>(ctx, "list_instance_profiles");
      for (const p of profiles) if (p.name) yield toSpecInfo(p, session.region);
    },
    get: async (name, ctx) =>
      toSpecInfo(await session.call<IbmProfile>(ctx, "get_instance_profile", { name }), session.region),
  };
}
