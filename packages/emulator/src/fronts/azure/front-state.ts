import type { Tags } from "../../world/types.js";

// What Azure keeps about network interfaces, public IP addresses and VMs beyond what the world
// models: ARM ids and names (the world's interfaces and addresses have ids of their own), each
// reference's deleteOption, and how a VM was stopped. One per front; keys are lower-cased ARM ids.

/** What every ARM resource the front keeps has: its id, name, resource group, region and birth. */
export interface ArmEntry {
  id: string;
  name: string;
  group: string;
  region: string;
  createdAt: number;
}

/** An ARM resource over a world resource of another id. */
export interface WorldBackedEntry extends ArmEntry {
  worldId: string;
}

/** A public IP address resource (Standard SKU, static) over a world public IP. */
export interface PublicIpEntry extends WorldBackedEntry {
  tags: Tags;
  zones: string[];
  /** What happens to the address when the VM of its interface is deleted. */
  deleteOption: "Delete" | "Detach";
}

/** A network interface resource over a world network interface, with its one IP configuration. */
export interface NicEntry extends WorldBackedEntry {
  tags: Tags;
  ipConfigName: string;
  subnetId: string;
  nsgId: string | undefined;
  publicIpId: string | undefined;
  /** A VM deleted while using the interface keeps it for a while (NicReservedForAnotherVm). */
  reserved?: { vmId: string; until: number };
}

/** What a VM PUT said that the world's VM does not keep. */
export interface VmEntry {
  /** Its interfaces, and the public IP each had when the VM was made (gone with a failed build's interface). */
  nics: { id: string; deleteOption: "Delete" | "Detach"; primary: boolean; publicIpId: string | undefined }[];
  osDisk: { id: string; name: string; deleteOption: "Delete" | "Detach"; caching: string };
  adminUsername: string;
  computerName: string;
  publicKeys: { path: string; keyData: string }[];
  /** A marketplace image by URN, or a managed image (Microsoft.Compute/images) by id. */
  imageReference: { publisher: string; offer: string; sku: string; version: string } | { id: string };
  zones: string[];
  /** The LUN of each attached data disk, by lower-cased disk id. */
  luns: Map<string, number>;
  /** powerOff leaves the VM allocated ("stopped"); deallocate releases it ("deallocated"). */
  stoppedBy?: "powerOff" | "deallocate";
  /** The error a failed build reports (AllocationFailed, ZonalAllocationFailed). */
  failure?: { code: string; message: string };
  /** Marked generalized (`generalize`): it can be captured as an image but never started again. */
  generalized?: boolean;
}

/** A managed snapshot of a VM's OS disk (the world keeps no such thing apart from images). */
export interface SnapshotEntry extends ArmEntry {
  tags: Tags;
  sourceDiskId: string;
  /** The VM whose OS disk it copies: an image made from the snapshot is the world's image of that VM. */
  sourceVmId: string;
  sizeGB: number;
  osType: "Linux" | "Windows";
}

/** How a managed image (a world my-image) was made: from a snapshot or from a generalized VM. */
export interface ImageEntry {
  snapshotId: string | undefined;
  sourceVmId: string | undefined;
  osState: "Generalized" | "Specialized";
  hyperVGeneration: string;
}

/** A Standard load balancer over a world load balancer (which keeps its tags): its one frontend, pool, probe and rule. */
export interface LoadBalancerEntry extends WorldBackedEntry {
  frontend: { name: string; publicIpId: string };
  pool: { name: string; vnetId: string; addresses: { name: string; ip: string }[] };
  probe: {
    name: string;
    protocol: "Tcp" | "Http" | "Https";
    port: number;
    intervalInSeconds: number;
    probeThreshold: number;
    requestPath: string | undefined;
  };
  rule: {
    name: string;
    protocol: "Tcp" | "Udp";
    frontendPort: number;
    backendPort: number;
    idleTimeoutInMinutes: number;
    disableOutboundSnat: boolean;
  };
}

/** What an AKS managed cluster's PUT said that the world's cluster does not keep. */
export interface ManagedClusterEntry extends ArmEntry {
  worldId: string;
  tags: Tags;
  dnsPrefix: string;
  adminUsername: string | undefined;
  publicKeys: string[];
  /** Each agent pool's mode ("System" or "User") and OS disk type, by lower-cased pool name. */
  pools: Map<string, { mode: "System" | "User"; osDiskType: "Managed" | "Ephemeral"; tags: Tags }>;
}

export class AzureFrontState {
  readonly publicIps = new Map<string, PublicIpEntry>();
  readonly nics = new Map<string, NicEntry>();
  readonly vms = new Map<string, VmEntry>();
  /** Managed disks made in a zone (the world gives every disk one; Azure's regional disks have none). */
  readonly zonalDisks = new Set<string>();
  readonly snapshots = new Map<string, SnapshotEntry>();
  /** By lower-cased image id; the image itself is the world's my-image. */
  readonly images = new Map<string, ImageEntry>();
  readonly loadBalancers = new Map<string, LoadBalancerEntry>();
  /** AKS managed clusters, by lower-cased ARM id. */
  readonly managedClusters = new Map<string, ManagedClusterEntry>();
}

export const keyOf = (id: string) => id.toLowerCase();
