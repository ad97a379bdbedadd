import { arm, gpu, image, region, spec, windowsImage, zones } from "./build.js";
import type { ProviderCatalog } from "./types.js";

// Azure availability zones are named "1", "2", "3" inside each region.
const azZones = (display: string) => zones("", ["1", "2", "3"], `${display} Zone`);
const ndRegions = ["eastus", "westus2", "westeurope"];

/** Microsoft Azure. Image ids are marketplace URNs; resource ids are ARM paths. */
export const azureCatalog: ProviderCatalog = {
  provider: "AZURE",
  displayName: "Microsoft Azure",
  regions: [
    region("koreacentral", "Korea Central", [37.5665, 126.978], 1.13, azZones("Korea Central")),
    region("eastus", "East US", [37.3719, -79.8164], 1, azZones("East US")),
    region("westus2", "West US 2", [47.233, -119.852], 1, azZones("West US 2")),
    region("westeurope", "West Europe", [52.3667, 4.9], 1.12, azZones("West Europe")),
    region("northeurope", "North Europe", [53.3478, -6.2597], 1.07, azZones("North Europe")),
    region("japaneast", "Japan East", [35.68, 139.77], 1.25, azZones("Japan East")),
    region("southeastasia", "Southeast Asia", [1.283, 103.833], 1.2, azZones("Southeast Asia")),
  ],
  specs: [
    spec("Standard_B1s", 1, 1, 0.0104, { family: "Bs" }),
    spec("Standard_B2s", 2, 4, 0.0416, { family: "Bs" }),
    spec("Standard_B2ms", 2, 8, 0.0832, { family: "Bs" }),
    spec("Standard_D2s_v5", 2, 8, 0.096, { family: "Dsv5", clockGHz: 3.5 }),
    spec("Standard_D4s_v5", 4, 16, 0.192, { family: "Dsv5", clockGHz: 3.5 }),
    spec("Standard_D8s_v5", 8, 32, 0.384, { family: "Dsv5", clockGHz: 3.5 }),
    spec("Standard_F2s_v2", 2, 4, 0.0846, { family: "Fsv2", clockGHz: 3.7 }),
    spec("Standard_E2s_v5", 2, 16, 0.126, { family: "Esv5", clockGHz: 3.5 }),
    spec("Standard_D2ps_v5", 2, 8, 0.077, arm({ family: "Dpsv5", clockGHz: 3 })),
    spec("Standard_D4ps_v5", 4, 16, 0.154, arm({ family: "Dpsv5", clockGHz: 3 })),
    spec("Standard_E2ps_v5", 2, 16, 0.101, arm({ family: "Epsv5", clockGHz: 3 })),
    spec("Standard_NC4as_T4_v3", 4, 28, 0.526, { family: "NCasT4_v3", gpu: gpu(1, "T4", 16), localDiskGB: 180 }),
    spec("Standard_NC8as_T4_v3", 8, 56, 0.752, { family: "NCasT4_v3", gpu: gpu(1, "T4", 16), localDiskGB: 360 }),
    spec("Standard_NC24ads_A100_v4", 24, 220, 3.673, {
      family: "NCadsA100v4",
      gpu: gpu(1, "A100", 80),
      localDiskGB: 958,
    }),
    spec("Standard_ND96asr_v4", 96, 900, 27.197, {
      family: "NDasrA100v4",
      gpu: gpu(8, "A100", 40),
      localDiskGB: 6000,
      regions: ndRegions,
    }),
  ],
  images: [
    image(
      "Canonical:ubuntu-24_04-lts:server:latest",
      "Ubuntu Server 24.04 LTS",
      "Ubuntu 24.04 LTS",
      "x86_64",
      30,
      "azureuser",
    ),
    image(
      "Canonical:ubuntu-24_04-lts:server-arm64:latest",
      "Ubuntu Server 24.04 LTS (Arm64)",
      "Ubuntu 24.04 LTS",
      "arm64",
      30,
      "azureuser",
    ),
    image(
      "Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest",
      "Ubuntu Server 22.04 LTS",
      "Ubuntu 22.04 LTS",
      "x86_64",
      30,
      "azureuser",
    ),
    image(
      "Canonical:0001-com-ubuntu-server-jammy:22_04-lts-arm64:latest",
      "Ubuntu Server 22.04 LTS (Arm64)",
      "Ubuntu 22.04 LTS",
      "arm64",
      30,
      "azureuser",
    ),
    image("Debian:debian-12:12-gen2:latest", 'Debian 12 "Bookworm"', "Debian 12 (bookworm)", "x86_64", 30, "azureuser"),
    image(
      "Debian:debian-12:12-arm64:latest",
      'Debian 12 "Bookworm" (Arm64)',
      "Debian 12 (bookworm)",
      "arm64",
      30,
      "azureuser",
    ),
    image("resf:rockylinux-x86_64:9-base:latest", "Rocky Linux 9 Base", "Rocky Linux 9.5", "x86_64", 10, "azureuser"),
    image(
      "resf:rockylinux-aarch64:9-base:latest",
      "Rocky Linux 9 Base (aarch64)",
      "Rocky Linux 9.5",
      "arm64",
      10,
      "azureuser",
    ),
    windowsImage(
      "MicrosoftWindowsServer:WindowsServer:2022-datacenter-g2:latest",
      "Windows Server 2022 Datacenter",
      "Windows Server 2022 Datacenter",
      127,
    ),
  ],
  diskTypes: [
    { name: "Premium_LRS", minGB: 4, maxGB: 32767, defaultGB: 30 },
    { name: "StandardSSD_LRS", minGB: 4, maxGB: 32767, defaultGB: 30 },
    { name: "Standard_LRS", minGB: 1, maxGB: 32767, defaultGB: 30 },
    { name: "PremiumV2_LRS", minGB: 1, maxGB: 65536, defaultGB: 30 },
  ],
  defaultDiskType: "Premium_LRS",
  // Subnets span the region's zones; network security groups belong to a resource group, not a network.
  network: {
    vpcCidr: true,
    vpcPrefix: [8, 29],
    subnetPrefix: [8, 29],
    regionalSubnets: true,
    accountSecurityGroups: true,
  },
  naming: { maxLength: 64, pattern: /^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/, unique: true },
  quotas: {
    vpcs: 1000,
    subnetsPerVpc: 3000,
    securityGroups: 5000,
    rulesPerSecurityGroup: 1000,
    keyPairs: 1000,
    vms: 25000,
    vcpus: 350,
    disks: 50000,
    diskTotalGB: 1_000_000,
    myImages: 1000,
    nlbs: 1000,
    // AKS: 5,000 managed clusters per subscription and region.
    clusters: 5000,
  },
  // Azure Resource Manager throttles per subscription and region with shared token buckets:
  // reads 250 refilled at 25/s, writes and deletes 200 at 10/s each. ARM counts by HTTP method, so
  // the two operations whose names mislead the verb classification are named first (a rule's name
  // is its bucket): a VM's instance view is a GET, AKS's listClusterUserCredential a POST.
  rateLimits: [
    { name: "reads", api: /^VirtualMachines_InstanceView$/, bucket: "shared", capacity: 250, refillPerSecond: 25 },
    {
      name: "writes",
      api: /^ManagedClusters_ListClusterUserCredentials$/,
      bucket: "shared",
      capacity: 200,
      refillPerSecond: 10,
    },
    { name: "reads", access: "read", bucket: "shared", capacity: 250, refillPerSecond: 25 },
    { name: "deletes", access: "delete", bucket: "shared", capacity: 200, refillPerSecond: 10 },
    { name: "writes", access: "write", bucket: "shared", capacity: 200, refillPerSecond: 10 },
  ],
};
