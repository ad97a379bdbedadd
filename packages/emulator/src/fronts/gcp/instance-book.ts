import { randomBytes } from "node:crypto";
import type { World } from "../../world/world.js";

// What Compute Engine shows of instances, disks, images and the target-pool load balancer that the
// world does not keep: metadata, network tags and their fingerprints, how each disk is attached,
// access configs, how an instance was stopped, image families, target pools and health checks
// before a forwarding rule makes them a world load balancer. One book per world, so every GCP front
// on a world sees the same resources; world ids (Compute Engine's numeric ids) are the keys.

/** A fingerprint as Compute Engine hands them out: 8 random bytes, base64. A new one on every change. */
export function newFingerprint(): string {
  return randomBytes(8).toString("base64");
}

export interface MetadataItem {
  key: string;
  value: string;
}

export interface AttachedDiskEntry {
  diskId: string;
  deviceName: string;
  autoDelete: boolean;
  boot: boolean;
  mode: "READ_WRITE" | "READ_ONLY";
}

export interface InstanceEntry {
  zone: string;
  description: string;
  metadata: MetadataItem[];
  metadataFingerprint: string;
  labelFingerprint: string;
  tags: string[];
  tagsFingerprint: string;
  scheduling: { onHostMaintenance: string; automaticRestart: boolean; preemptible: boolean; provisioningModel: string };
  /** Boot disk first, then data disks in the order they were attached. */
  disks: AttachedDiskEntry[];
  /** Relative paths: "global/networks/n", "regions/r/subnetworks/s". */
  network: string;
  subnetwork: string;
  /** The one ONE_TO_ONE_NAT access config of nic0, when asked for. */
  accessConfig?: { name: string; networkTier: string };
  /** While true, delete is refused (setDeletionProtection changes it). */
  deletionProtection?: boolean;
  /** As the body gave them: the email and scopes of each (the emulator grants nothing by them). */
  serviceAccounts?: { email: string; scopes: string[] }[];
  /** Set by suspend, cleared by resume: the world's stopped VM shows SUSPENDING / SUSPENDED. */
  suspended?: boolean;
  lastStartTimestamp?: number;
  lastStopTimestamp?: number;
  lastSuspendedTimestamp?: number;
  /** The error a background fault makes the insert end with; the instance is gone once it would run. */
  failure?: { code: string; message: string };
}

export interface DiskEntry {
  description: string;
  labelFingerprint: string;
  /** The full URL of the image the disk was made from. */
  sourceImage?: string;
  lastAttachTimestamp?: number;
  lastDetachTimestamp?: number;
}

export interface ImageEntry {
  region: string;
  family?: string;
  description: string;
  labelFingerprint: string;
  sourceDisk: string;
  sourceDiskId: string;
}

export interface HttpHealthCheckEntry {
  id: string;
  name: string;
  createdAt: number;
  description: string;
  host: string;
  requestPath: string;
  port: number;
  checkIntervalSec: number;
  timeoutSec: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
}

/** What the book's regional entries (target pools, forwarding rules) share. */
export interface RegionalEntry {
  /** `${project}/${region}/${name}`, its key in the book. */
  key: string;
  id: string;
  name: string;
  region: string;
  createdAt: number;
  description: string;
}

export const regionalKey = (project: string, region: string, name: string) => `${project}/${region}/${name}`;

/** The entries of one project in one region. */
export function inRegion<T extends RegionalEntry>(entries: Map<string, T>, project: string, region: string): T[] {
  return [...entries.values()].filter((e) => e.key.startsWith(`${project}/${region}/`));
}

export interface TargetPoolEntry extends RegionalEntry {
  sessionAffinity: string;
  /** Zonal instance URLs. */
  instances: string[];
  /** Global httpHealthChecks URLs (at most one, as Compute Engine allows). */
  healthChecks: string[];
}

export interface ForwardingRuleEntry extends RegionalEntry {
  IPProtocol: "TCP" | "UDP";
  portRange: string;
  networkTier: string;
  /** The book key of its target pool. */
  targetKey: string;
  /** The world load balancer the rule and its pool make. */
  nlbId: string;
  labelFingerprint: string;
  labels: Record<string, string>;
}

export class ComputeBook {
  readonly instances = new Map<string, InstanceEntry>();
  readonly disks = new Map<string, DiskEntry>();
  readonly images = new Map<string, ImageEntry>();
  /** By `${project}/${name}`: health checks are global. */
  readonly httpHealthChecks = new Map<string, HttpHealthCheckEntry>();
  /** By `${project}/${region}/${name}`. */
  readonly targetPools = new Map<string, TargetPoolEntry>();
  readonly forwardingRules = new Map<string, ForwardingRuleEntry>();
}

const books = new WeakMap<World, ComputeBook>();

/** The book of a world, made on first use. */
export function computeBook(world: World): ComputeBook {
  let book = books.get(world);
  if (!book) {
    book = new ComputeBook();
    books.set(world, book);
  }
  return book;
}
