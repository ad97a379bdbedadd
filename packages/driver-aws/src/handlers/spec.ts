import { BaristaError } from "@cloud-barista/core";
import type { Architecture, SpecHandler, VmSpecInfo } from "@cloud-barista/core";
import { DescribeInstanceTypesCommand } from "@aws-sdk/client-ec2";
import type { InstanceTypeInfo, _InstanceType } from "@aws-sdk/client-ec2";
import type { AwsSession } from "../session.js";
import { architectureOf } from "./image-map.js";

/** DescribeInstanceTypes pages hold at most 100 types. */
const maxTypesPerPage = 100;

function preferredArchitecture(values: readonly string[] | undefined): Architecture {
  const list = values ?? [];
  return architectureOf(list.find((a) => a === "x86_64" || a === "arm64") ?? list[0]);
}

function toSpec(type: InstanceTypeInfo, region: string): VmSpecInfo {
  const clock = type.ProcessorInfo?.SustainedClockSpeedInGhz;
  const disk = type.InstanceStorageInfo?.TotalSizeInGB;
  return {
    name: type.InstanceType ?? "",
    region,
    vcpu:
      clock === undefined
        ? { count: type.VCpuInfo?.DefaultVCpus ?? 0 }
        : { count: type.VCpuInfo?.DefaultVCpus ?? 0, clockGHz: clock },
    memorySizeMiB: type.MemoryInfo?.SizeInMiB ?? 0,
    ...(disk === undefined ? {} : { diskSizeGB: disk }),
    gpus: (type.GpuInfo?.Gpus ?? []).map((gpu) => {
      const memoryGB = (gpu.MemoryInfo?.SizeInMiB ?? 0) / 1024;
      const count = gpu.Count ?? 0;
      return {
        count,
        manufacturer: gpu.Manufacturer ?? "",
        model: gpu.Name ?? "",
        memorySizeGB: memoryGB,
        totalMemorySizeGB: memoryGB * count,
      };
    }),
    architecture: preferredArchitecture(type.ProcessorInfo?.SupportedArchitectures),
    extra: {
      currentGeneration: String(type.CurrentGeneration ?? false),
      hypervisor: type.Hypervisor ?? "",
      networkPerformance: type.NetworkInfo?.NetworkPerformance ?? "",
    },
  };
}

/** Instance types offered in the connection's region, with CPU, memory, GPU and local storage. */
export function createSpecHandler(session: AwsSession): SpecHandler {
  return {
    list: (ctx) =>
      session.pages(async (token) => {
        const page = await session.ec2(
          ctx,
          "DescribeInstanceTypes",
          (c, abortSignal) =>
            c.send(
              new DescribeInstanceTypesCommand({
                MaxResults: Math.min(session.settings.pageSize, maxTypesPerPage),
                NextToken: token,
              }),
              { abortSignal },
            ),
          { idempotent: true },
        );
        return { items: (page.InstanceTypes ?? []).map((t) => toSpec(t, session.region)), nextToken: page.NextToken };
      }),

    async get(name, ctx) {
      // An unknown type is EC2's InvalidInstanceType, which the error table reads as NotFound.
      const found = await session.ec2(
        ctx,
        "DescribeInstanceTypes",
        (c, abortSignal) =>
          c.send(new DescribeInstanceTypesCommand({ InstanceTypes: [name as _InstanceType] }), { abortSignal }),
        { idempotent: true },
      );
      const type = found.InstanceTypes?.[0];
      if (!type)
        throw new BaristaError("NotFound", `VM spec "${name}" not found in ${session.region}`, {
          provider: "AWS",
          resourceType: "spec",
          resourceName: name,
        });
      return toSpec(type, session.region);
    },
  };
}
