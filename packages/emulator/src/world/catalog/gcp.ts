import { arm, gpu, image, region, spec, windowsImage, zones } from "./build.js";
import type { ProviderCatalog } from "./types.js";

const a2Regions = ["us-central1", "us-east1", "asia-northeast1", "asia-northeast3"];
const img = (project: string, name: string) => `projects/${project}/global/images/${name}`;

/** Google Compute Engine. VPC networks are global and carry no CIDR; only subnetworks do. */
export const gcpCatalog: ProviderCatalog = {
  provider: "GCP",
  displayName: "Google Cloud",
  regions: [
    region("asia-northeast3", "Seoul, South Korea", [37.57, 126.98], 1.2, zones("asia-northeast3-", ["a", "b", "c"], "Seoul")),
    region("us-central1", "Council Bluffs, Iowa, USA", [41.26, -95.86], 1, zones("us-central1-", ["a", "b", "c", "f"], "Iowa")),
    region("us-east1", "Moncks Corner, South Carolina, USA", [33.2, -80.01], 1, zones("us-east1-", ["b", "c", "d"], "South Carolina")),
    region("europe-west3", "Frankfurt, Germany", [50.11, 8.68], 1.2, zones("europe-west3-", ["a", "b", "c"], "Frankfurt")),
    region("europe-west1", "St. Ghislain, Belgium", [50.45, 3.82], 1.1, zones("europe-west1-", ["b", "c", "d"], "Belgium")),
    region("asia-northeast1", "Tokyo, Japan", [35.68, 139.77], 1.28, zones("asia-northeast1-", ["a", "b", "c"], "Tokyo")),
    region("asia-southeast1", "Jurong West, Singapore", [1.34, 103.71], 1.23, zones("asia-southeast1-", ["a", "b", "c"], "Singapore")),
  ],
  specs: [
    spec("e2-micro", 2, 1, 0.00838),
    spec("e2-small", 2, 2, 0.01675),
    spec("e2-medium", 2, 4, 0.03351),
    spec("e2-standard-2", 2, 8, 0.06701),
    spec("e2-standard-4", 4, 16, 0.13402),
    spec("n2-standard-2", 2, 8, 0.09712, { clockGHz: 2.8 }),
    spec("n2-standard-4", 4, 16, 0.19425, { clockGHz: 2.8 }),
    spec("c3-standard-4", 4, 16, 0.20137, { clockGHz: 3.3 }),
    spec("t2a-standard-1", 1, 4, 0.0385, arm({ clockGHz: 3 })),
    spec("t2a-standard-2", 2, 8, 0.077, arm({ clockGHz: 3 })),
    spec("t2a-standard-4", 4, 16, 0.154, arm({ clockGHz: 3 })),
    spec("c4a-standard-2", 2, 8, 0.0898, arm({ clockGHz: 3.1 })),
    spec("c4a-standard-4", 4, 16, 0.1796, arm({ clockGHz: 3.1 })),
    spec("g2-standard-4", 4, 16, 0.7068, { gpu: gpu(1, "L4", 24) }),
    spec("g2-standard-8", 8, 32, 0.8536, { gpu: gpu(1, "L4", 24) }),
    spec("a2-highgpu-1g", 12, 85, 3.6734, { gpu: gpu(1, "A100", 40), regions: a2Regions }),
    spec("a2-highgpu-8g", 96, 680, 29.3873, { gpu: gpu(8, "A100", 40), regions: a2Regions }),
  ],
  images: [
    image(img("ubuntu-os-cloud", "ubuntu-2404-noble-amd64-v20250110"), "ubuntu-2404-noble-amd64-v20250110", "Ubuntu 24.04 LTS", "x86_64", 10, "cb-user"),
    image(img("ubuntu-os-cloud", "ubuntu-2404-noble-arm64-v20250110"), "ubuntu-2404-noble-arm64-v20250110", "Ubuntu 24.04 LTS", "arm64", 10, "cb-user"),
    image(img("ubuntu-os-cloud", "ubuntu-2204-jammy-v20250112"), "ubuntu-2204-jammy-v20250112", "Ubuntu 22.04 LTS", "x86_64", 10, "cb-user"),
    image(img("ubuntu-os-cloud", "ubuntu-2204-jammy-arm64-v20250112"), "ubuntu-2204-jammy-arm64-v20250112", "Ubuntu 22.04 LTS", "arm64", 10, "cb-user"),
    image(img("debian-cloud", "debian-12-bookworm-v20250113"), "debian-12-bookworm-v20250113", "Debian 12 (bookworm)", "x86_64", 10, "cb-user"),
    image(img("debian-cloud", "debian-12-bookworm-arm64-v20250113"), "debian-12-bookworm-arm64-v20250113", "Debian 12 (bookworm)", "arm64", 10, "cb-user"),
    image(img("rocky-linux-cloud", "rocky-linux-9-v20250114"), "rocky-linux-9-v20250114", "Rocky Linux 9.5", "x86_64", 20, "cb-user"),
    image(img("rocky-linux-cloud", "rocky-linux-9-arm64-v20250114"), "rocky-linux-9-arm64-v20250114", "Rocky Linux 9.5", "arm64", 20, "cb-user"),
    windowsImage(img("windows-cloud", "windows-server-2022-dc-v20250115"), "windows-server-2022-dc-v20250115", "Windows Server 2022 Datacenter", 50),
  ],
  diskTypes: [
    { name: "pd-balanced", minGB: 10, maxGB: 65536, defaultGB: 10 },
    { name: "pd-ssd", minGB: 10, maxGB: 65536, defaultGB: 10 },
    { name: "pd-standard", minGB: 10, maxGB: 65536, defaultGB: 10 },
    { name: "hyperdisk-balanced", minGB: 4, maxGB: 65536, defaultGB: 100 },
  ],
  defaultDiskType: "pd-balanced",
  network: { vpcCidr: false, vpcPrefix: [8, 29], subnetPrefix: [8, 29] },
  naming: { maxLength: 63, pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/, unique: true },
  quotas: {
    vpcs: 15,
    subnetsPerVpc: 300,
    securityGroups: 500,
    rulesPerSecurityGroup: 256,
    keyPairs: 1000,
    vms: 1000,
    vcpus: 72,
    disks: 5000,
    diskTotalGB: 10240,
    myImages: 1000,
    nlbs: 75,
  },
  // Compute Engine rate quotas are per project and minute (about 1500 reads and 1500 writes); a
  // bucket of one minute's allowance refilled evenly models them.
  rateLimits: [
    { name: "read-requests", access: "read", bucket: "shared", capacity: 1500, refillPerSecond: 25 },
    { name: "write-requests", bucket: "shared", capacity: 1500, refillPerSecond: 25 },
  ],
};
