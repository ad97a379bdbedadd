import { AwsFault } from "../fault.js";

// EBS volume types as EC2 documents them (CreateVolume, EbsBlockDevice): sizes, provisioned IOPS
// and gp3 throughput, checked the way EC2 checks them, with EC2's error codes and messages.

interface EbsType {
  minGB: number;
  maxGB: number;
  /** Provisioned IOPS: whether required, the range, and the most per GiB. */
  iops?: { required: boolean; min: number; max: number; perGB: number; default?: number };
  throughput?: { min: number; max: number; default: number; perIops: number };
}

const ebsTypes: Readonly<Record<string, EbsType>> = {
  gp2: { minGB: 1, maxGB: 16384 },
  gp3: {
    minGB: 1,
    maxGB: 16384,
    iops: { required: false, min: 3000, max: 16000, perGB: 500, default: 3000 },
    throughput: { min: 125, max: 1000, default: 125, perIops: 0.25 },
  },
  io1: { minGB: 4, maxGB: 16384, iops: { required: true, min: 100, max: 64000, perGB: 50 } },
  io2: { minGB: 4, maxGB: 65536, iops: { required: true, min: 100, max: 256000, perGB: 1000 } },
  st1: { minGB: 125, maxGB: 16384 },
  sc1: { minGB: 125, maxGB: 16384 },
  standard: { minGB: 1, maxGB: 1024 },
};

export interface EbsSettings {
  type: string;
  sizeGB?: number;
  /** What DescribeVolumes reports: provisioned IOPS, or gp2's baseline (3 per GiB, 100..16000). */
  iops?: number;
  throughputMiBps?: number;
}

/**
 * Checks a volume's type, size, Iops and Throughput as EC2 does, and returns what EC2 would
 * provision (defaults filled in). `sizeGB` undefined skips the size checks (a snapshot's size).
 */
export function checkEbs(type: string, sizeGB: number | undefined, iops?: number, throughput?: number): EbsSettings {
  const def = ebsTypes[type];
  if (!def) throw new AwsFault("InvalidParameterValue", `The volume type '${type}' is not valid.`);
  if (sizeGB !== undefined && (sizeGB < def.minGB || sizeGB > def.maxGB))
    throw new AwsFault(
      "InvalidParameterValue",
      `Volume of size ${sizeGB}GB is not in the range of ${def.minGB} to ${def.maxGB} GB for ${type} volumes.`,
    );
  if (iops !== undefined && !def.iops)
    throw new AwsFault("InvalidParameterCombination", `The parameter iops is not supported for ${type} volumes.`);
  if (throughput !== undefined && !def.throughput)
    throw new AwsFault("InvalidParameterCombination", `The parameter throughput is not supported for ${type} volumes.`);
  const settings: EbsSettings = sizeGB === undefined ? { type } : { type, sizeGB };
  if (def.iops) {
    const value = iops ?? def.iops.default;
    if (value === undefined)
      throw new AwsFault("InvalidParameterCombination", `The parameter iops must be specified for ${type} volumes.`);
    if (value < def.iops.min || value > def.iops.max)
      throw new AwsFault(
        "InvalidParameterValue",
        `Volume iops of ${value} is not in the range of ${def.iops.min} to ${def.iops.max} for ${type} volumes.`,
      );
    if (iops !== undefined && sizeGB !== undefined && value > def.iops.perGB * sizeGB)
      throw new AwsFault(
        "InvalidParameterValue",
        `Iops to volume size ratio of ${value / sizeGB} is too high; maximum is ${def.iops.perGB}.`,
      );
    settings.iops = value;
  } else if (type === "gp2") {
    settings.iops = Math.min(16000, Math.max(100, 3 * (sizeGB ?? 8)));
  }
  if (def.throughput) {
    const value = throughput ?? def.throughput.default;
    if (value < def.throughput.min || value > def.throughput.max)
      throw new AwsFault(
        "InvalidParameterValue",
        `Throughput of ${value} MiB/s is not in the range of ${def.throughput.min} to ${def.throughput.max} for ${type} volumes.`,
      );
    if (value > (settings.iops ?? 0) * def.throughput.perIops)
      throw new AwsFault(
        "InvalidParameterValue",
        `Throughput (MiBps) to iops ratio of ${value / (settings.iops ?? 1)} is too high; maximum is ${def.throughput.perIops} MiBps per iops.`,
      );
    settings.throughputMiBps = value;
  }
  return settings;
}
