import { arm, gpu, image, region, spec, windowsImage, zones } from "./build.js";
import type { ProviderCatalog } from "./types.js";

/**
 * The provider behind driver-mock: real city coordinates, neutral names, strict lower-case names
 * (so runtime naming bugs show up) and generous limits. mock-seoul-c is unavailable on purpose.
 */
export const mockCatalog: ProviderCatalog = {
  provider: "MOCK",
  displayName: "Mock Cloud",
  regions: [
    region("mock-seoul", "Mock Seoul", [37.5665, 126.978], 1.1, zones("mock-seoul-", ["a", "b", "c"], "Mock Seoul", ["c"])),
    region("mock-virginia", "Mock Virginia", [39.04, -77.49], 1, zones("mock-virginia-", ["a", "b", "c"], "Mock Virginia")),
    region("mock-frankfurt", "Mock Frankfurt", [50.11, 8.68], 1.15, zones("mock-frankfurt-", ["a", "b"], "Mock Frankfurt")),
    region("mock-tokyo", "Mock Tokyo", [35.68, 139.77], 1.2, zones("mock-tokyo-", ["a", "b"], "Mock Tokyo")),
    region("mock-saopaulo", "Mock Sao Paulo", [-23.55, -46.63], 1.5, zones("mock-saopaulo-", ["a"], "Mock Sao Paulo")),
    // More regions, enough for 20-region MCIS benchmarks and placement over many sites.
    region("mock-oregon", "Mock Oregon", [45.84, -119.7], 1, zones("mock-oregon-", ["a", "b"], "Mock Oregon")),
    region("mock-ohio", "Mock Ohio", [40.0, -83.0], 1, zones("mock-ohio-", ["a", "b"], "Mock Ohio")),
    region("mock-california", "Mock California", [37.35, -121.96], 1.1, zones("mock-california-", ["a", "b"], "Mock California")),
    region("mock-montreal", "Mock Montreal", [45.5, -73.57], 1.05, zones("mock-montreal-", ["a", "b"], "Mock Montreal")),
    region("mock-london", "Mock London", [51.51, -0.13], 1.15, zones("mock-london-", ["a", "b"], "Mock London")),
    region("mock-paris", "Mock Paris", [48.86, 2.35], 1.15, zones("mock-paris-", ["a", "b"], "Mock Paris")),
    region("mock-stockholm", "Mock Stockholm", [59.33, 18.07], 1.1, zones("mock-stockholm-", ["a", "b"], "Mock Stockholm")),
    region("mock-milan", "Mock Milan", [45.46, 9.19], 1.2, zones("mock-milan-", ["a", "b"], "Mock Milan")),
    region("mock-mumbai", "Mock Mumbai", [19.08, 72.88], 1.05, zones("mock-mumbai-", ["a", "b"], "Mock Mumbai")),
    region("mock-singapore", "Mock Singapore", [1.35, 103.82], 1.15, zones("mock-singapore-", ["a", "b"], "Mock Singapore")),
    region("mock-sydney", "Mock Sydney", [-33.87, 151.21], 1.2, zones("mock-sydney-", ["a", "b"], "Mock Sydney")),
    region("mock-osaka", "Mock Osaka", [34.69, 135.5], 1.2, zones("mock-osaka-", ["a"], "Mock Osaka")),
    region("mock-hongkong", "Mock Hong Kong", [22.32, 114.17], 1.25, zones("mock-hongkong-", ["a", "b"], "Mock Hong Kong")),
    region("mock-jakarta", "Mock Jakarta", [-6.21, 106.85], 1.15, zones("mock-jakarta-", ["a"], "Mock Jakarta")),
    region("mock-capetown", "Mock Cape Town", [-33.92, 18.42], 1.3, zones("mock-capetown-", ["a"], "Mock Cape Town")),
    region("mock-bahrain", "Mock Bahrain", [26.07, 50.56], 1.25, zones("mock-bahrain-", ["a"], "Mock Bahrain")),
  ],
  specs: [
    spec("mock-micro", 1, 1, 0.01, { family: "mock-std" }),
    spec("mock-small", 2, 4, 0.04, { family: "mock-std" }),
    spec("mock-medium", 4, 8, 0.08, { family: "mock-std" }),
    spec("mock-large", 8, 16, 0.16, { family: "mock-std" }),
    spec("mock-arm-small", 2, 4, 0.032, arm({ family: "mock-arm" })),
    spec("mock-arm-medium", 4, 8, 0.064, arm({ family: "mock-arm" })),
    spec("mock-gpu-t4", 8, 32, 0.6, { family: "mock-gpu", gpu: gpu(1, "T4", 16) }),
    spec("mock-gpu-a100x8", 96, 1152, 30, { family: "mock-gpu", gpu: gpu(8, "A100", 80), regions: ["mock-virginia"] }),
  ],
  images: [
    image("mock-ubuntu-2404-amd64", "Mock Ubuntu 24.04 (amd64)", "Ubuntu 24.04 LTS", "x86_64", 10, "cb-user"),
    image("mock-ubuntu-2404-arm64", "Mock Ubuntu 24.04 (arm64)", "Ubuntu 24.04 LTS", "arm64", 10, "cb-user"),
    image("mock-ubuntu-2204-amd64", "Mock Ubuntu 22.04 (amd64)", "Ubuntu 22.04 LTS", "x86_64", 10, "cb-user"),
    image("mock-ubuntu-2204-arm64", "Mock Ubuntu 22.04 (arm64)", "Ubuntu 22.04 LTS", "arm64", 10, "cb-user"),
    image("mock-debian-12-amd64", "Mock Debian 12 (amd64)", "Debian 12 (bookworm)", "x86_64", 10, "cb-user"),
    image("mock-debian-12-arm64", "Mock Debian 12 (arm64)", "Debian 12 (bookworm)", "arm64", 10, "cb-user"),
    image("mock-rocky-9-amd64", "Mock Rocky Linux 9 (amd64)", "Rocky Linux 9.5", "x86_64", 10, "cb-user"),
    image("mock-rocky-9-arm64", "Mock Rocky Linux 9 (arm64)", "Rocky Linux 9.5", "arm64", 10, "cb-user"),
    windowsImage("mock-windows-2022", "Mock Windows Server 2022", "Windows Server 2022 Datacenter", 40),
  ],
  diskTypes: [
    { name: "mock-ssd", minGB: 1, maxGB: 16384, defaultGB: 10 },
    { name: "mock-hdd", minGB: 1, maxGB: 16384, defaultGB: 10 },
  ],
  defaultDiskType: "mock-ssd",
  network: { vpcCidr: true, vpcPrefix: [16, 28], subnetPrefix: [16, 28] },
  naming: { maxLength: 63, pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/, unique: true },
  quotas: {
    vpcs: 20,
    subnetsPerVpc: 50,
    securityGroups: 1000,
    rulesPerSecurityGroup: 60,
    keyPairs: 100,
    vms: 100,
    vcpus: 400,
    disks: 200,
    diskTotalGB: 20_000,
    myImages: 50,
    nlbs: 20,
  },
  rateLimits: [
    { name: "reads", access: "read", bucket: "api", capacity: 1000, refillPerSecond: 200 },
    { name: "writes", bucket: "api", capacity: 500, refillPerSecond: 100 },
  ],
};
