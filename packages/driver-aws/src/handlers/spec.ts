import { notFound } from "../errors.js";
import { architectureOf } from "@cloud-barista/core/driver";
import type { Architecture, SpecHandler, VmSpecInfo } from "@cloud-barista/core/driver";
import type { InstanceTypeInfo, _InstanceType } from "@aws-sdk/client-ec2";
import type { AwsSession } from "../session.js";

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
export function createSpecHandler(aws: AwsSession): SpecHandler {
  const pageSize = Math.min(aws.settings.pageSize, maxTypesPerPage);
  return {
    list: (ctx) =>
      aws.pages(
        (NextToken) => aws.ec2(ctx, "DescribeInstanceTypes", { MaxResults: pageSize, NextToken }),
        (page) => page.InstanceTypes?.map((t) => toSpec(t, aws.region)),
      ),

    async get(name, ctx) {
      // An unknown type is EC2's InvalidInstanceType, which the error table reads as NotFound.
      const type = (await aws.ec2(ctx, "DescribeInstanceTypes", { InstanceTypes: [name as _InstanceType] }))
        .InstanceTypes?.[0];
      if (!type) throw notFound("spec", name, aws.region);
      return toSpec(type, aws.region);
    },
  };
}
