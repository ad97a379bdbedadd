import { arm, gpu, image, region, spec, windowsImage, zones } from "./build.js";
import type { ProviderCatalog } from "./types.js";

/** Tencent Cloud CVM. Zones are numbered per region ("ap-guangzhou-3"). */
export const tencentCatalog: ProviderCatalog = {
  provider: "TENCENT",
  displayName: "Tencent Cloud",
  regions: [
    region("ap-seoul", "South Korea (Seoul)", [37.57, 126.98], 1.15, zones("ap-seoul-", ["1", "2"], "Seoul Zone")),
    region(
      "ap-guangzhou",
      "South China (Guangzhou)",
      [23.13, 113.26],
      1,
      zones("ap-guangzhou-", ["3", "4", "6", "7"], "Guangzhou Zone"),
    ),
    region(
      "ap-shanghai",
      "East China (Shanghai)",
      [31.23, 121.47],
      1,
      zones("ap-shanghai-", ["2", "3", "4", "5", "8"], "Shanghai Zone"),
    ),
    region(
      "ap-beijing",
      "North China (Beijing)",
      [39.9, 116.4],
      1,
      zones("ap-beijing-", ["3", "5", "6", "7"], "Beijing Zone"),
    ),
    region(
      "ap-singapore",
      "Southeast Asia (Singapore)",
      [1.35, 103.82],
      1.1,
      zones("ap-singapore-", ["1", "2", "3", "4"], "Singapore Zone"),
    ),
    region("ap-tokyo", "Northeast Asia (Tokyo)", [35.68, 139.77], 1.2, zones("ap-tokyo-", ["1", "2"], "Tokyo Zone")),
    region(
      "na-siliconvalley",
      "West US (Silicon Valley)",
      [37.37, -121.92],
      1.05,
      zones("na-siliconvalley-", ["1", "2"], "Silicon Valley Zone"),
    ),
    region(
      "eu-frankfurt",
      "Europe (Frankfurt)",
      [50.11, 8.68],
      1.15,
      zones("eu-frankfurt-", ["1", "2"], "Frankfurt Zone"),
    ),
  ],
  specs: [
    spec("S5.SMALL2", 1, 2, 0.0219, { clockGHz: 2.5 }),
    spec("S5.MEDIUM4", 2, 4, 0.0438, { clockGHz: 2.5 }),
    spec("S5.LARGE8", 4, 8, 0.0876, { clockGHz: 2.5 }),
    spec("S6.MEDIUM4", 2, 4, 0.0456, { clockGHz: 2.7 }),
    spec("SA5.MEDIUM4", 2, 4, 0.0392, { clockGHz: 2.6 }),
    spec("C5.LARGE8", 4, 8, 0.106, { clockGHz: 3.4 }),
    spec("SR1.MEDIUM4", 2, 4, 0.0355, arm({ clockGHz: 2.8 })),
    spec("SR1.LARGE8", 4, 8, 0.071, arm({ clockGHz: 2.8 })),
    spec("SR1.2XLARGE16", 8, 16, 0.142, arm({ clockGHz: 2.8 })),
    spec("GN7.2XLARGE32", 8, 32, 0.9, { gpu: gpu(1, "T4", 16) }),
    spec("GN10Xp.2XLARGE40", 10, 40, 1.98, { gpu: gpu(1, "V100", 32) }),
    spec("GT4.4XLARGE96", 16, 96, 3.4, {
      gpu: gpu(1, "A100", 40),
      regions: ["ap-guangzhou", "ap-shanghai", "ap-beijing"],
    }),
  ],
  images: [
    image("img-mmytdhbn", "Ubuntu Server 24.04 LTS 64bit", "Ubuntu 24.04 LTS", "x86_64", 20, "ubuntu"),
    image("img-1u6l2i9l", "Ubuntu Server 24.04 LTS 64bit ARM", "Ubuntu 24.04 LTS", "arm64", 20, "ubuntu"),
    image("img-487zeit5", "Ubuntu Server 22.04 LTS 64bit", "Ubuntu 22.04 LTS", "x86_64", 20, "ubuntu"),
    image("img-9ohl5x8y", "Ubuntu Server 22.04 LTS 64bit ARM", "Ubuntu 22.04 LTS", "arm64", 20, "ubuntu"),
    image("img-eb30mz89", "Debian 12.8 64bit", "Debian 12 (bookworm)", "x86_64", 20, "root"),
    image("img-k4h0rw6q", "Debian 12.8 64bit ARM", "Debian 12 (bookworm)", "arm64", 20, "root"),
    image("img-2lzcucu5", "Rocky Linux 9.5 64bit", "Rocky Linux 9.5", "x86_64", 20, "root"),
    image("img-7rj3v1ej", "Rocky Linux 9.5 64bit ARM", "Rocky Linux 9.5", "arm64", 20, "root"),
    windowsImage("img-3la7wgnt", "Windows Server 2022 Datacenter 64bit English", "Windows Server 2022 Datacenter", 50),
  ],
  diskTypes: [
    { name: "CLOUD_PREMIUM", minGB: 10, maxGB: 32000, defaultGB: 50 },
    { name: "CLOUD_BSSD", minGB: 20, maxGB: 32000, defaultGB: 50 },
    { name: "CLOUD_SSD", minGB: 20, maxGB: 32000, defaultGB: 50 },
    { name: "CLOUD_HSSD", minGB: 20, maxGB: 32000, defaultGB: 50 },
  ],
  defaultDiskType: "CLOUD_PREMIUM",
  network: { vpcCidr: true, vpcPrefix: [12, 28], subnetPrefix: [16, 29], accountSecurityGroups: true },
  naming: { maxLength: 60, unique: false },
  quotas: {
    vpcs: 20,
    subnetsPerVpc: 100,
    securityGroups: 50,
    rulesPerSecurityGroup: 100,
    keyPairs: 500,
    vms: 1000,
    vcpus: 300,
    disks: 1000,
    diskTotalGB: 100_000,
    myImages: 20,
    nlbs: 50,
    // TKE: 20 clusters per region, raised on request.
    clusters: 20,
  },
  // Tencent Cloud API 3.0 limits every API separately, 20 requests per second by default; the API
  // reference gives some more (the VPC service's security group changes: 100 per second) and CVM's
  // API overview some less (instance creates, power actions and price queries: 10 per second) or
  // more (DescribeInstances: 40).
  rateLimits: [
    { name: "describe-instances", api: /^DescribeInstances$/, bucket: "api", capacity: 40, refillPerSecond: 40 },
    {
      name: "cvm-instance-actions",
      api: /^(RunInstances|InquiryPriceRunInstances|StartInstances|StopInstances|RebootInstances|TerminateInstances|DeleteKeyPairs)$/,
      bucket: "api",
      capacity: 10,
      refillPerSecond: 10,
    },
    {
      name: "security-group-changes",
      api: /^(DeleteSecurityGroup|CreateSecurityGroupPolicies|DeleteSecurityGroupPolicies)$/,
      bucket: "api",
      capacity: 100,
      refillPerSecond: 100,
    },
    { name: "per-api", bucket: "api", capacity: 20, refillPerSecond: 20 },
  ],
};
