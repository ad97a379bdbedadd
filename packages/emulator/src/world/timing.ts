import type { Random } from "./random.js";

/** How long the world's lifecycles take, in clock milliseconds. */
export interface WorldTiming {
  /** pending -> running. Public clouds boot a Linux VM in roughly 30-60 s. */
  vmBootMs: number;
  /** starting -> running after a stop. */
  vmStartMs: number;
  /** stopping -> stopped. */
  vmStopMs: number;
  /** rebooting -> running. */
  vmRebootMs: number;
  /** shutting-down -> terminated. */
  vmTerminateMs: number;
  /** How long a terminated VM stays visible before it vanishes (AWS: about an hour). */
  terminatedRetentionMs: number;
  /** creating -> available, for disks. */
  diskCreateMs: number;
  /** attaching -> in-use, for disks. */
  diskAttachMs: number;
  /** detaching -> available, for disks. */
  diskDetachMs: number;
  /** extending -> available (or in-use), for disks grown in the background (Cinder's os-extend). */
  diskExtendMs: number;
  /** deleting -> gone, for disks deleted gracefully (Cinder). */
  diskDeleteMs: number;
  /** pending -> available, for images snapshotted from a VM. */
  myImageCreateMs: number;
  /** provisioning -> active, for network load balancers. */
  nlbProvisionMs: number;
  /** How long a change to a load balancer takes to apply where the cloud reports it (Octavia's PENDING_UPDATE). */
  nlbUpdateMs: number;
  /** deleting -> gone, for load balancers deleted gracefully (Octavia's PENDING_DELETE). */
  nlbDeleteMs: number;
  /** creating -> active, for Kubernetes control planes (EKS takes about 10 minutes). */
  clusterCreateMs: number;
  /** updating -> active, for a control plane's version upgrade. */
  clusterUpgradeMs: number;
  /** deleting -> gone, for clusters. */
  clusterDeleteMs: number;
  /** creating -> active, for node groups (their VMs boot on their own, in `vmBootMs`). */
  nodeGroupCreateMs: number;
  /** updating -> active, for a node group's scaling change. */
  nodeGroupUpdateMs: number;
  /** deleting -> gone, for node groups. */
  nodeGroupDeleteMs: number;
  /** Each duration varies by up to this fraction either way (0 = exact), drawn from the seed. */
  jitterRatio: number;
}

/** The world's durations unless `WorldOptions.timing` says otherwise: of the order the clouds take, in ms. */
export const defaultTiming: Readonly<WorldTiming> = {
  vmBootMs: 40_000,
  vmStartMs: 20_000,
  vmStopMs: 30_000,
  vmRebootMs: 15_000,
  vmTerminateMs: 30_000,
  terminatedRetentionMs: 60 * 60_000,
  diskCreateMs: 5_000,
  diskAttachMs: 3_000,
  diskDetachMs: 3_000,
  diskExtendMs: 10_000,
  diskDeleteMs: 3_000,
  myImageCreateMs: 120_000,
  nlbProvisionMs: 90_000,
  nlbUpdateMs: 8_000,
  nlbDeleteMs: 15_000,
  clusterCreateMs: 8 * 60_000,
  clusterUpgradeMs: 10 * 60_000,
  clusterDeleteMs: 3 * 60_000,
  nodeGroupCreateMs: 2 * 60_000,
  nodeGroupUpdateMs: 60_000,
  nodeGroupDeleteMs: 2 * 60_000,
  jitterRatio: 0.2,
};

type DurationName = Exclude<keyof WorldTiming, "jitterRatio" | "terminatedRetentionMs">;

/** One lifecycle duration with the configured jitter applied. */
export function durationOf(timing: WorldTiming, name: DurationName, random: Random): number {
  const base = timing[name];
  const jitter = timing.jitterRatio * (2 * random.next() - 1);
  return Math.max(0, Math.round(base * (1 + jitter)));
}
