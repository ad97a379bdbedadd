// Upper bounds the runtime checks provisioned disk performance against before any call: above the
// largest any cloud offers (EBS io2 Block Express: 256,000 IOPS, 4,000 MiB/s). The cloud's own,
// per-type limits are the driver's and the cloud's to enforce.

/** The most provisioned IOPS a disk request may ask for. */
export const maxDiskIops = 256_000;
/** The most provisioned throughput (MiB/s) a disk request may ask for. */
export const maxDiskThroughputMiBps = 4_000;
