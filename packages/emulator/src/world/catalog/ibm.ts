import { gpu, image, region, spec, windowsImage, zones } from "./build.js";
import type { ProviderCatalog } from "./types.js";

const z = (region: string, display: string) => zones(`${region}-`, ["1", "2", "3"], display);

/**
 * IBM Cloud VPC. Ids start with the region's code ("r006-..."); VPCs carry no CIDR (address
 * prefixes per zone do). IBM offers no arm64 profiles for VPC virtual servers, so none are listed.
 */
export const ibmCatalog: ProviderCatalog = {
  provider: "IBM",
  displayName: "IBM Cloud",
  regions: [
    region("us-south", "Dallas", [32.78, -96.8], 1, z("us-south", "Dallas"), "r006"),
    region("us-east", "Washington DC", [38.9, -77.04], 1, z("us-east", "Washington DC"), "r014"),
    region("eu-de", "Frankfurt", [50.11, 8.68], 1.1, z("eu-de", "Frankfurt"), "r010"),
    region("eu-gb", "London", [51.51, -0.13], 1.1, z("eu-gb", "London"), "r018"),
    region("jp-tok", "Tokyo", [35.68, 139.77], 1.15, z("jp-tok", "Tokyo"), "r022"),
    region("au-syd", "Sydney", [-33.87, 151.21], 1.15, z("au-syd", "Sydney"), "r026"),
    region("ca-tor", "Toronto", [43.65, -79.38], 1.05, z("ca-tor", "Toronto"), "r038"),
    region("br-sao", "Sao Paulo", [-23.55, -46.63], 1.3, z("br-sao", "Sao Paulo"), "r042"),
  ],
  specs: [
    spec("bx2-2x8", 2, 8, 0.096, { clockGHz: 2.4 }),
    spec("bx2-4x16", 4, 16, 0.192, { clockGHz: 2.4 }),
    spec("bx2-8x32", 8, 32, 0.384, { clockGHz: 2.4 }),
    spec("cx2-2x4", 2, 4, 0.083, { clockGHz: 2.4 }),
    spec("cx2-4x8", 4, 8, 0.166, { clockGHz: 2.4 }),
    spec("mx2-2x16", 2, 16, 0.127, { clockGHz: 2.4 }),
    spec("bx3d-2x10", 2, 10, 0.11, { clockGHz: 3.1, localDiskGB: 65 }),
    spec("gx2-8x64x1v100", 8, 64, 2.46, { gpu: gpu(1, "V100", 16) }),
    spec("gx3-16x80x1l4", 16, 80, 1.85, { gpu: gpu(1, "L4", 24) }),
    spec("gx3-24x120x1l40s", 24, 120, 3.5, {
      gpu: gpu(1, "L40S", 48),
      regions: ["us-south", "us-east", "eu-de", "jp-tok"],
    }),
  ],
  images: [
    image("ibm-ubuntu-24-04", "ibm-ubuntu-24-04-1-minimal-amd64-2", "Ubuntu 24.04 LTS", "x86_64", 100, "root"),
    image("ibm-ubuntu-22-04", "ibm-ubuntu-22-04-5-minimal-amd64-1", "Ubuntu 22.04 LTS", "x86_64", 100, "root"),
    image("ibm-debian-12", "ibm-debian-12-8-minimal-amd64-1", "Debian 12 (bookworm)", "x86_64", 100, "root"),
    image("ibm-rocky-9", "ibm-rocky-linux-9-5-minimal-amd64-1", "Rocky Linux 9.5", "x86_64", 100, "root"),
    windowsImage(
      "ibm-windows-2022",
      "ibm-windows-server-2022-full-standard-amd64-22",
      "Windows Server 2022 Standard Edition",
      100,
    ),
  ],
  diskTypes: [
    { name: "general-purpose", minGB: 10, maxGB: 16000, defaultGB: 100 },
    { name: "5iops-tier", minGB: 10, maxGB: 9600, defaultGB: 100 },
    { name: "10iops-tier", minGB: 10, maxGB: 4800, defaultGB: 100 },
    { name: "sdp", minGB: 1, maxGB: 32000, defaultGB: 100 },
  ],
  defaultDiskType: "general-purpose",
  network: { vpcCidr: false, vpcPrefix: [8, 29], subnetPrefix: [8, 29] },
  naming: { maxLength: 63, pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/, unique: true },
  quotas: {
    vpcs: 10,
    subnetsPerVpc: 45,
    securityGroups: 100,
    rulesPerSecurityGroup: 50,
    keyPairs: 200,
    vms: 200,
    vcpus: 200,
    disks: 300,
    diskTotalGB: 100_000,
    myImages: 100,
    nlbs: 50,
    // IKS: 100 clusters per region and account.
    clusters: 100,
  },
  // IBM does not publish VPC API rate limits; these per-account buckets are an approximation.
  rateLimits: [
    { name: "reads", access: "read", bucket: "shared", capacity: 100, refillPerSecond: 20 },
    { name: "writes", bucket: "shared", capacity: 50, refillPerSecond: 10 },
  ],
};
