import { architectureOf } from "@cloud-barista/core/driver";
import type { SpecHandler, VmSpecInfo } from "@cloud-barista/core/driver";
import type { protos } from "@google-cloud/compute";
import type { GcpSession } from "../session.js";

type MachineType = protos.google.cloud.compute.v1.IMachineType;

/** The GPU maker of an accelerator type ("nvidia-tesla-t4" → NVIDIA). */
const makerOf = (type: string) => (/^nvidia-/.test(type) ? "NVIDIA" : /^ct\d|tpu/.test(type) ? "Google" : "NA");

/** The GPU model of an accelerator type ("nvidia-tesla-t4" → "T4", "nvidia-h100-80gb" → "H100-80GB"). */
const modelOf = (type: string) => type.replace(/^nvidia-(tesla-)?/, "").toUpperCase();

function toSpec(type: MachineType, region: string, zone: string): VmSpecInfo {
  return {
    name: type.name ?? "",
    region,
    vcpu: { count: type.guestCpus ?? 0 },
    memorySizeMiB: type.memoryMb ?? 0,
    ...(type.bundledLocalSsds?.partitionCount
      ? { diskSizeGB: 375 * type.bundledLocalSsds.partitionCount } // local SSD partitions are 375 GB each
      : {}),
    gpus: (type.accelerators ?? [])
      .filter((a) => (a.guestAcceleratorCount ?? 0) > 0)
      .map((a) => ({
        count: a.guestAcceleratorCount ?? 0,
        manufacturer: makerOf(a.guestAcceleratorType ?? ""),
        model: modelOf(a.guestAcceleratorType ?? ""),
      })),
    // T2A and C4A are Arm (ARM64); Compute Engine leaves the field empty on older x86 types.
    architecture: architectureOf((type.architecture || "X86_64").toLowerCase()),
    extra: {
      zone,
      sharedCpu: String(type.isSharedCpu ?? false),
      ...(type.deprecated?.state ? { deprecated: type.deprecated.state } : {}),
    },
  };
}

/**
 * Specs are the machine types of the connection's zone (`machineTypes.list`, to the last page;
 * GPUs from each type's bundled accelerators, as A2/A3/G2 types carry them). Compute Engine
 * offers machine types per zone; the connection's zone stands for its region.
 */
export function createSpecHandler(session: GcpSession): SpecHandler {
  const { region, zone } = session.settings;
  return {
    list: (ctx) =>
      session.pages(
        ctx,
        "compute.machineTypes.list",
        (c, o, page) => c.machineTypes.list({ project: session.project, zone, ...page }, o),
        (t: MachineType) => (t.deprecated?.state === "DELETED" ? undefined : toSpec(t, region, zone)),
      ),
    async get(name, ctx) {
      const [type] = await session.call(ctx, "compute.machineTypes.get", (c, o) =>
        c.machineTypes.get({ project: session.project, zone, machineType: name }, o),
      );
      return toSpec(type, region, zone);
    },
  };
}
