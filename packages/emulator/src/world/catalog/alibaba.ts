import { arm, gpu, image, region, spec, windowsImage, zones } from "./build.js";
import type { SpecExtras } from "./build.js";
import type { ProviderCatalog, SpecDef } from "./types.js";

// Alibaba instance types read "ecs.<family>.<size>"; the family is the first two parts.
const ecs = (name: string, vcpus: number, memoryGiB: number, usd: number, extras: SpecExtras = {}): SpecDef =>
  spec(name, vcpus, memoryGiB, usd, { family: name.split(".").slice(0, 2).join("."), ...extras });
const a100Regions = ["cn-hangzhou", "cn-beijing", "cn-shanghai"];

/** Alibaba Cloud ECS. Region `idCode`s are the prefixes its resource ids carry ("vpc-bp1..."). */
export const alibabaCatalog: ProviderCatalog = {
  provider: "ALIBABA",
  displayName: "Alibaba Cloud",
  regions: [
    region("cn-hangzhou", "China (Hangzhou)", [30.27, 120.15], 1, zones("cn-hangzhou-", ["b", "g", "h", "i", "j", "k"], "Hangzhou Zone"), "bp1"),
    region("cn-beijing", "China (Beijing)", [39.9, 116.4], 1, zones("cn-beijing-", ["a", "c", "g", "h", "i"], "Beijing Zone"), "2ze"),
    region("cn-shanghai", "China (Shanghai)", [31.23, 121.47], 1, zones("cn-shanghai-", ["b", "e", "f", "g", "l"], "Shanghai Zone"), "uf6"),
    region("ap-southeast-1", "Singapore", [1.35, 103.82], 1.15, zones("ap-southeast-1", ["a", "b", "c"], "Singapore Zone"), "t4n"),
    region("ap-northeast-2", "South Korea (Seoul)", [37.57, 126.98], 1.2, zones("ap-northeast-2", ["a"], "Seoul Zone"), "mj7"),
    region("ap-northeast-1", "Japan (Tokyo)", [35.68, 139.77], 1.25, zones("ap-northeast-1", ["a", "b", "c"], "Tokyo Zone"), "6we"),
    region("eu-central-1", "Germany (Frankfurt)", [50.11, 8.68], 1.2, zones("eu-central-1", ["a", "b"], "Frankfurt Zone"), "gw8"),
    region("us-east-1", "US (Virginia)", [38.95, -77.45], 1.1, zones("us-east-1", ["a", "b"], "Virginia Zone"), "0xi"),
  ],
  specs: [
    ecs("ecs.t6-c1m1.large", 2, 2, 0.0195),
    ecs("ecs.g7.large", 2, 8, 0.0985, { clockGHz: 2.7 }),
    ecs("ecs.g7.xlarge", 4, 16, 0.197, { clockGHz: 2.7 }),
    ecs("ecs.c7.large", 2, 4, 0.0785, { clockGHz: 2.7 }),
    ecs("ecs.r7.large", 2, 16, 0.1262, { clockGHz: 2.7 }),
    ecs("ecs.g8i.large", 2, 8, 0.1035, { clockGHz: 2.7 }),
    ecs("ecs.g8y.large", 2, 8, 0.0743, arm({ clockGHz: 2.75 })),
    ecs("ecs.g8y.xlarge", 4, 16, 0.1486, arm({ clockGHz: 2.75 })),
    ecs("ecs.c8y.large", 2, 4, 0.0611, arm({ clockGHz: 2.75 })),
    ecs("ecs.gn6i-c4g1.xlarge", 4, 15, 0.966, { gpu: gpu(1, "T4", 16) }),
    ecs("ecs.gn7i-c8g1.2xlarge", 8, 30, 1.498, { gpu: gpu(1, "A10", 24) }),
    ecs("ecs.gn7-c12g1.3xlarge", 12, 94, 3.24, { gpu: gpu(1, "A100", 40), regions: a100Regions }),
  ],
  images: [
    image("ubuntu_24_04_x64_20G_alibase_20250113.vhd", "ubuntu_24_04_x64_20G_alibase_20250113.vhd", "Ubuntu 24.04 64 bit", "x86_64", 20, "root"),
    image("ubuntu_24_04_arm64_20G_alibase_20250113.vhd", "ubuntu_24_04_arm64_20G_alibase_20250113.vhd", "Ubuntu 24.04 64 bit ARM", "arm64", 20, "root"),
    image("ubuntu_22_04_x64_20G_alibase_20250113.vhd", "ubuntu_22_04_x64_20G_alibase_20250113.vhd", "Ubuntu 22.04 64 bit", "x86_64", 20, "root"),
    image("ubuntu_22_04_arm64_20G_alibase_20250113.vhd", "ubuntu_22_04_arm64_20G_alibase_20250113.vhd", "Ubuntu 22.04 64 bit ARM", "arm64", 20, "root"),
    image("debian_12_8_x64_20G_alibase_20250117.vhd", "debian_12_8_x64_20G_alibase_20250117.vhd", "Debian 12.8 64 bit", "x86_64", 20, "root"),
    image("debian_12_8_arm64_20G_alibase_20250117.vhd", "debian_12_8_arm64_20G_alibase_20250117.vhd", "Debian 12.8 64 bit ARM", "arm64", 20, "root"),
    image("rockylinux_9_5_x64_20G_alibase_20250101.vhd", "rockylinux_9_5_x64_20G_alibase_20250101.vhd", "Rocky Linux 9.5 64 bit", "x86_64", 20, "root"),
    image("rockylinux_9_5_arm64_20G_alibase_20250101.vhd", "rockylinux_9_5_arm64_20G_alibase_20250101.vhd", "Rocky Linux 9.5 64 bit ARM", "arm64", 20, "root"),
    windowsImage("win2022_21H2_x64_dtc_en-us_40G_alibase_20250115.vhd", "win2022_21H2_x64_dtc_en-us_40G_alibase_20250115.vhd", "Windows Server 2022 Datacenter 64 bit", 40),
  ],
  diskTypes: [
    { name: "cloud_essd", minGB: 20, maxGB: 32768, defaultGB: 40 },
    { name: "cloud_auto", minGB: 1, maxGB: 65536, defaultGB: 40 },
    { name: "cloud_ssd", minGB: 20, maxGB: 32768, defaultGB: 40 },
    { name: "cloud_efficiency", minGB: 20, maxGB: 32768, defaultGB: 40 },
  ],
  defaultDiskType: "cloud_essd",
  network: { vpcCidr: true, vpcPrefix: [8, 28], subnetPrefix: [16, 29] },
  naming: { maxLength: 128, unique: false },
  quotas: {
    vpcs: 10,
    subnetsPerVpc: 150,
    securityGroups: 100,
    rulesPerSecurityGroup: 200,
    keyPairs: 500,
    vms: 1000,
    vcpus: 500,
    disks: 1000,
    diskTotalGB: 100_000,
    myImages: 100,
    nlbs: 60,
  },
  // Alibaba Cloud applies flow control per API and account; these figures are approximate.
  rateLimits: [
    { name: "read-api", access: "read", bucket: "api", capacity: 100, refillPerSecond: 50 },
    { name: "write-api", bucket: "api", capacity: 50, refillPerSecond: 20 },
  ],
};
