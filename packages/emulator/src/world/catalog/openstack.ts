import { arm, gpu, image, region, spec, windowsImage, zones } from "./build.js";
import type { ProviderCatalog } from "./types.js";

/**
 * An OpenStack sovereign cloud (Nova, Neutron, Glance, Cinder, Octavia). Glance image ids are UUIDs
 * that differ per region. Neutron networks carry no CIDR, only their subnets do; the Nova default
 * quotas are small, as on a fresh project.
 */
export const openstackCatalog: ProviderCatalog = {
  provider: "OPENSTACK",
  displayName: "OpenStack (sovereign cloud)",
  regions: [
    region("RegionOne", "Sovereign Cloud Seoul (RegionOne)", [37.5665, 126.978], 1, [
      { name: "nova", displayName: "nova", status: "available" },
    ]),
    region("kr-central-1", "Sovereign Cloud Daejeon", [36.35, 127.38], 1, zones("kr-central-1", ["a", "b"], "Daejeon")),
    region("de-nbg-1", "Sovereign Cloud Nuremberg", [49.45, 11.08], 1.1, zones("de-nbg-1", ["a", "b"], "Nuremberg")),
    region("fr-par-1", "Sovereign Cloud Paris", [48.86, 2.35], 1.1, zones("fr-par-1", ["a"], "Paris")),
  ],
  specs: [
    spec("m1.small", 1, 2, 0.02),
    spec("m1.medium", 2, 4, 0.04),
    spec("m1.large", 4, 8, 0.08),
    spec("m1.xlarge", 8, 16, 0.16),
    spec("c1.large", 4, 4, 0.07),
    spec("a1.medium", 2, 4, 0.032, arm()),
    spec("a1.large", 4, 8, 0.064, arm()),
    spec("g1.xlarge.t4", 8, 32, 0.65, { family: "g1", gpu: gpu(1, "T4", 16) }),
    spec("g1.8xlarge.a100", 32, 256, 6.2, {
      family: "g1",
      gpu: gpu(2, "A100", 80),
      regions: ["RegionOne", "de-nbg-1"],
    }),
  ],
  images: [
    image("ubuntu-24.04-x86_64", "Ubuntu 24.04 LTS (x86_64)", "Ubuntu 24.04 LTS", "x86_64", 10, "ubuntu"),
    image("ubuntu-24.04-aarch64", "Ubuntu 24.04 LTS (aarch64)", "Ubuntu 24.04 LTS", "arm64", 10, "ubuntu"),
    image("ubuntu-22.04-x86_64", "Ubuntu 22.04 LTS (x86_64)", "Ubuntu 22.04 LTS", "x86_64", 10, "ubuntu"),
    image("ubuntu-22.04-aarch64", "Ubuntu 22.04 LTS (aarch64)", "Ubuntu 22.04 LTS", "arm64", 10, "ubuntu"),
    image("debian-12-x86_64", "Debian 12 (x86_64)", "Debian 12 (bookworm)", "x86_64", 10, "debian"),
    image("debian-12-aarch64", "Debian 12 (aarch64)", "Debian 12 (bookworm)", "arm64", 10, "debian"),
    image("rocky-9-x86_64", "Rocky Linux 9 (x86_64)", "Rocky Linux 9.5", "x86_64", 10, "rocky"),
    image("rocky-9-aarch64", "Rocky Linux 9 (aarch64)", "Rocky Linux 9.5", "arm64", 10, "rocky"),
    windowsImage("windows-2022", "Windows Server 2022 Standard", "Windows Server 2022 Standard", 40),
  ],
  diskTypes: [
    { name: "standard", minGB: 1, maxGB: 16384, defaultGB: 10 },
    { name: "ssd", minGB: 1, maxGB: 16384, defaultGB: 10 },
  ],
  defaultDiskType: "standard",
  network: {
    vpcCidr: false,
    vpcPrefix: [8, 30],
    subnetPrefix: [8, 30],
    regionalSubnets: true,
    accountSecurityGroups: true,
  },
  // The admin-made "public" network: flat on the physical network, shared and external, its
  // subnets the blocks OpenStack public addresses come from (see addresses.ts).
  sharedNetworks: [
    {
      name: "public",
      external: true,
      networkType: "flat",
      physicalNetwork: "physnet1",
      mtu: 1500,
      subnets: [
        { name: "public-subnet", cidr: "185.0.0.0/8" },
        { name: "public-subnet-2", cidr: "193.0.0.0/8" },
      ],
    },
  ],
  naming: { maxLength: 255, unique: false, optional: true },
  // Neutron and Glance tags and Nova metadata keys run to 255 characters; Nova's metadata_items
  // quota allows 128 per server.
  tagLimits: { perResource: 128, keyLength: 255, valueLength: 255 },
  quotas: {
    vpcs: 100,
    subnetsPerVpc: 100,
    securityGroups: 10,
    rulesPerSecurityGroup: 100,
    keyPairs: 100,
    vms: 10,
    vcpus: 20,
    disks: 10,
    diskTotalGB: 1000,
    myImages: 100,
    nlbs: 10,
    // Magnum's quotas.max_clusters_per_project: 20.
    clusters: 20,
  },
  // Upstream OpenStack services do not rate limit by default.
  rateLimits: [],
};
