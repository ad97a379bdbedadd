import type { Spec } from "../../../world/resources/catalog-service.js";
import { AwsFault } from "../fault.js";
import { pageSizeFor } from "../paging.js";
import type { XmlFields } from "../xml.js";
import type { Ec2Action } from "./context.js";
import { filterPredicate, readFilters } from "./filters.js";
import type { FilterFields } from "./filters.js";

const typeFields: FilterFields<Spec> = {
  "instance-type": (s) => s.name,
  "processor-info.supported-architecture": (s) => s.architecture,
  "current-generation": () => true,
  "vcpu-info.default-vcpus": (s) => s.vcpus,
  "memory-info.size-in-mib": (s) => s.memoryMiB,
  "instance-storage-supported": (s) => s.localDiskGB !== undefined,
  "burstable-performance-supported": (s) => /^t\d/.test(s.name),
  "bare-metal": () => false,
  hypervisor: () => "nitro",
};

function renderType(spec: Spec): XmlFields {
  const gpu = spec.gpu;
  return {
    instanceType: spec.name,
    currentGeneration: true,
    freeTierEligible: spec.name === "t3.micro" || spec.name === "t4g.micro",
    supportedUsageClasses: ["on-demand", "spot"],
    supportedRootDeviceTypes: ["ebs"],
    supportedVirtualizationTypes: ["hvm"],
    bareMetal: false,
    hypervisor: "nitro",
    processorInfo: {
      supportedArchitectures: [spec.architecture],
      sustainedClockSpeedInGhz: spec.clockGHz,
      manufacturer: spec.architecture === "arm64" ? "AWS" : "Intel",
    },
    vCpuInfo: { defaultVCpus: spec.vcpus },
    memoryInfo: { sizeInMiB: spec.memoryMiB },
    instanceStorageSupported: spec.localDiskGB !== undefined,
    instanceStorageInfo:
      spec.localDiskGB === undefined ? undefined : { totalSizeInGB: spec.localDiskGB, nvmeSupport: "required" },
    ebsInfo: { ebsOptimizedSupport: "default", encryptionSupport: "supported", nvmeSupport: "required" },
    networkInfo: {
      networkPerformance: spec.vcpus >= 16 ? "Up to 25 Gigabit" : "Up to 12.5 Gigabit",
      maximumNetworkInterfaces: 3,
      ipv4AddressesPerInterface: 15,
    },
    gpuInfo: gpu
      ? {
          gpus: [
            {
              name: gpu.model,
              manufacturer: gpu.manufacturer,
              count: gpu.count,
              memoryInfo: { sizeInMiB: gpu.memoryGB * 1024 },
            },
          ],
          totalGpuMemoryInMiB: gpu.memoryGB * 1024 * gpu.count,
        }
      : undefined,
    burstablePerformanceSupported: /^t\d/.test(spec.name),
    supportedBootModes: spec.architecture === "arm64" ? ["uefi"] : ["legacy-bios", "uefi"],
  };
}

/** DescribeInstanceTypes: the instance types offered in the region, with CPU, memory, GPU and storage. */
export const describeInstanceTypes: Ec2Action = async (ctx) => {
  const names = ctx.params.strings("InstanceType");
  const match = filterPredicate(readFilters(ctx.params), typeFields);
  const size = pageSizeFor(ctx.pages, ctx.params.int("MaxResults"), { min: 5, max: 100, param: "MaxResults" });
  const page = await ctx.call((cloud) => {
    const missing = names.filter((n) => cloud.catalog.listSpecs({ where: (s) => s.name === n }).items.length === 0);
    if (missing.length > 0)
      throw new AwsFault(
        "InvalidInstanceType",
        `The following supplied instance types do not exist: [${missing.join(", ")}]`,
      );
    return cloud.catalog.listSpecs({
      maxResults: size,
      nextToken: ctx.params.string("NextToken"),
      where: (s) => (names.length === 0 || names.includes(s.name)) && match(s),
    });
  });
  return { instanceTypeSet: page.items.map(renderType), nextToken: page.nextToken };
};
