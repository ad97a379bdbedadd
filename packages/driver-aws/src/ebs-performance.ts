// Provisioned performance of a new EBS volume. EC2 refuses io1 and io2 without Iops, so the driver
// fills in a default; gp3 takes EC2's own defaults (3,000 IOPS, 125 MiB/s) when none is given.

/** The most IOPS per GiB EC2 provisions (io1 50, io2 1,000), and the least IOPS (100). */
const iopsPerGB: Readonly<Record<string, number>> = { io1: 50, io2: 1000 };
const minIops = 100;
/** The IOPS an io1/io2 volume gets when the request names none: 3,000 (gp3's baseline), within EC2's ratio. */
export const defaultProvisionedIops = 3000;

/** The Iops and Throughput of a CreateVolume or block device mapping, for a volume of `type` and size. */
export function ebsPerformance(
  type: string,
  sizeGB: number | undefined,
  iops: number | undefined,
  throughputMiBps: number | undefined,
): { Iops?: number; Throughput?: number } {
  const perGB = iopsPerGB[type];
  const provisioned =
    iops ??
    (perGB === undefined
      ? undefined
      : Math.max(minIops, Math.min(defaultProvisionedIops, perGB * (sizeGB ?? defaultProvisionedIops))));
  return {
    ...(provisioned === undefined ? {} : { Iops: provisioned }),
    ...(throughputMiBps === undefined ? {} : { Throughput: throughputMiBps }),
  };
}
