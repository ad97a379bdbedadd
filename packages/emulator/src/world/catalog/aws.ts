import { arm, gpu, image, region, spec, windowsImage, zones } from "./build.js";
import type { ProviderCatalog } from "./types.js";

const p4dRegions = ["us-east-1", "us-west-2", "ap-northeast-1", "eu-central-1"];

/** Amazon EC2. AMI ids differ per region, so image `id`s here are keys the world turns into AMI ids. */
export const awsCatalog: ProviderCatalog = {
  provider: "AWS",
  displayName: "Amazon Web Services",
  regions: [
    // us-east-1e is the legacy zone that refuses most new capacity; it stands in for an unavailable zone.
    region("us-east-1", "US East (N. Virginia)", [38.95, -77.45], 1, zones("us-east-1", ["a", "b", "c", "d", "e", "f"], "US East 1", ["e"])),
    region("us-west-2", "US West (Oregon)", [45.84, -119.7], 1, zones("us-west-2", ["a", "b", "c", "d"], "US West 2")),
    region("ap-northeast-2", "Asia Pacific (Seoul)", [37.57, 126.98], 1.22, zones("ap-northeast-2", ["a", "b", "c", "d"], "Seoul")),
    region("ap-northeast-1", "Asia Pacific (Tokyo)", [35.68, 139.69], 1.28, zones("ap-northeast-1", ["a", "c", "d"], "Tokyo")),
    region("ap-southeast-1", "Asia Pacific (Singapore)", [1.29, 103.85], 1.25, zones("ap-southeast-1", ["a", "b", "c"], "Singapore")),
    region("eu-central-1", "Europe (Frankfurt)", [50.11, 8.68], 1.15, zones("eu-central-1", ["a", "b", "c"], "Frankfurt")),
    region("eu-west-1", "Europe (Ireland)", [53.35, -6.26], 1.1, zones("eu-west-1", ["a", "b", "c"], "Ireland")),
    region("sa-east-1", "South America (Sao Paulo)", [-23.55, -46.63], 1.55, zones("sa-east-1", ["a", "b", "c"], "Sao Paulo")),
  ],
  specs: [
    spec("t3.micro", 2, 1, 0.0104, { clockGHz: 2.5 }),
    spec("t3.small", 2, 2, 0.0208, { clockGHz: 2.5 }),
    spec("t3.medium", 2, 4, 0.0416, { clockGHz: 2.5 }),
    spec("t3.large", 2, 8, 0.0832, { clockGHz: 2.5 }),
    spec("m7i.large", 2, 8, 0.1008, { clockGHz: 3.2 }),
    spec("m7i.xlarge", 4, 16, 0.2016, { clockGHz: 3.2 }),
    spec("m7i.2xlarge", 8, 32, 0.4032, { clockGHz: 3.2 }),
    spec("c7i.large", 2, 4, 0.0893, { clockGHz: 3.2 }),
    spec("c7i.xlarge", 4, 8, 0.1785, { clockGHz: 3.2 }),
    spec("r7i.large", 2, 16, 0.1323, { clockGHz: 3.2 }),
    spec("t4g.micro", 2, 1, 0.0084, arm({ clockGHz: 2.5 })),
    spec("t4g.small", 2, 2, 0.0168, arm({ clockGHz: 2.5 })),
    spec("t4g.medium", 2, 4, 0.0336, arm({ clockGHz: 2.5 })),
    spec("m7g.medium", 1, 4, 0.0408, arm({ clockGHz: 2.6 })),
    spec("m7g.large", 2, 8, 0.0816, arm({ clockGHz: 2.6 })),
    spec("m7g.xlarge", 4, 16, 0.1632, arm({ clockGHz: 2.6 })),
    spec("c7g.large", 2, 4, 0.0725, arm({ clockGHz: 2.6 })),
    spec("c7g.xlarge", 4, 8, 0.145, arm({ clockGHz: 2.6 })),
    spec("g4dn.xlarge", 4, 16, 0.526, { clockGHz: 2.5, gpu: gpu(1, "T4", 16), localDiskGB: 125 }),
    spec("g5.xlarge", 4, 16, 1.006, { clockGHz: 3.3, gpu: gpu(1, "A10G", 24), localDiskGB: 250 }),
    spec("g5.2xlarge", 8, 32, 1.212, { clockGHz: 3.3, gpu: gpu(1, "A10G", 24), localDiskGB: 450 }),
    spec("g5.12xlarge", 48, 192, 5.672, { clockGHz: 3.3, gpu: gpu(4, "A10G", 24), localDiskGB: 3800 }),
    spec("p4d.24xlarge", 96, 1152, 32.7726, { clockGHz: 3, gpu: gpu(8, "A100", 40), localDiskGB: 8000, regions: p4dRegions }),
  ],
  images: [
    image("ubuntu-24.04-amd64", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250115", "Ubuntu 24.04 LTS", "x86_64", 8, "ubuntu"),
    image("ubuntu-24.04-arm64", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-20250115", "Ubuntu 24.04 LTS", "arm64", 8, "ubuntu"),
    image("ubuntu-22.04-amd64", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20250112", "Ubuntu 22.04 LTS", "x86_64", 8, "ubuntu"),
    image("ubuntu-22.04-arm64", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-arm64-server-20250112", "Ubuntu 22.04 LTS", "arm64", 8, "ubuntu"),
    image("debian-12-amd64", "debian-12-amd64-20250112-1993", "Debian 12 (bookworm)", "x86_64", 8, "admin"),
    image("debian-12-arm64", "debian-12-arm64-20250112-1993", "Debian 12 (bookworm)", "arm64", 8, "admin"),
    image("rocky-9-x86_64", "Rocky-9-EC2-Base-9.5-20241118.0.x86_64", "Rocky Linux 9.5", "x86_64", 10, "rocky"),
    image("rocky-9-aarch64", "Rocky-9-EC2-Base-9.5-20241118.0.aarch64", "Rocky Linux 9.5", "arm64", 10, "rocky"),
    windowsImage("windows-2022", "Windows_Server-2022-English-Full-Base-2025.01.15", "Windows Server 2022 Datacenter", 30),
  ],
  diskTypes: [
    { name: "gp3", minGB: 1, maxGB: 16384, defaultGB: 8 },
    { name: "gp2", minGB: 1, maxGB: 16384, defaultGB: 8 },
    { name: "io2", minGB: 4, maxGB: 65536, defaultGB: 100 },
    { name: "st1", minGB: 125, maxGB: 16384, defaultGB: 500 },
    { name: "sc1", minGB: 125, maxGB: 16384, defaultGB: 500 },
  ],
  defaultDiskType: "gp3",
  network: { vpcCidr: true, vpcPrefix: [16, 28], subnetPrefix: [16, 28] },
  naming: { maxLength: 255, unique: false },
  quotas: {
    vpcs: 5,
    subnetsPerVpc: 200,
    securityGroups: 2500,
    rulesPerSecurityGroup: 60,
    keyPairs: 5000,
    vms: 1000,
    vcpus: 256,
    disks: 5000,
    diskTotalGB: 51200,
    myImages: 50000,
    nlbs: 50,
  },
  // EC2 throttles per account, region and API: Describe* 100 tokens refilled at 20/s, mutating
  // actions 200 at 5/s; RunInstances also spends resource tokens (1000, refilled at 2/s).
  rateLimits: [
    // EC2's request rate limiting: one bucket per API, by kind of action.
    { name: "non-mutating", access: "read", bucket: "api", capacity: 100, refillPerSecond: 20 },
    { name: "mutating", bucket: "api", capacity: 200, refillPerSecond: 5 },
    // EC2's resource rate limiting: instances acted on, in addition to the request buckets.
    { name: "run-instances-resources", api: /^RunInstances$/, bucket: "api", counts: "resources", capacity: 1000, refillPerSecond: 2 },
    { name: "start-instances-resources", api: /^StartInstances$/, bucket: "api", counts: "resources", capacity: 1000, refillPerSecond: 2 },
    { name: "stop-instances-resources", api: /^StopInstances$/, bucket: "api", counts: "resources", capacity: 1000, refillPerSecond: 20 },
    { name: "terminate-instances-resources", api: /^TerminateInstances$/, bucket: "api", counts: "resources", capacity: 1000, refillPerSecond: 20 },
  ],
};
