import type { Tags } from "../../world/types.js";

// What Azure keeps about network interfaces, public IP addresses and VMs beyond what the world
// models: ARM ids and names (the world's interfaces and addresses have ids of their own), each
// reference's deleteOption, and how a VM was stopped. One per front; keys are lower-cased ARM ids.

/** A public IP address resource (Standard SKU, static) over a world public IP. */
export interface PublicIpEntry {
  id: string;
  name: string;
  group: string;
  region: string;
  worldId: string;
  createdAt: number;
  tags: Tags;
  zones: string[];
  /** What happens to the address when the VM of its interface is deleted. */
  deleteOption: "Delete" | "Detach";
}

/** A network interface resource over a world network interface, with its one IP configuration. */
export interface NicEntry {
  id: string;
  name: string;
  group: string;
  region: string;
  worldId: string;
  createdAt: number;
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
  imageReference: { publisher: string; offer: string; sku: string; version: string };
  zones: string[];
  /** The LUN of each attached data disk, by lower-cased disk id. */
  luns: Map<string, number>;
  /** powerOff leaves the VM allocated ("stopped"); deallocate releases it ("deallocated"). */
  stoppedBy?: "powerOff" | "deallocate";
  /** The error a failed build reports (AllocationFailed, ZonalAllocationFailed). */
  failure?: { code: string; message: string };
}

export class AzureFrontState {
  readonly publicIps = new Map<string, PublicIpEntry>();
  readonly nics = new Map<string, NicEntry>();
  readonly vms = new Map<string, VmEntry>();
  /** Managed disks made in a zone (the world gives every disk one; Azure's regional disks have none). */
  readonly zonalDisks = new Set<string>();
}

export const keyOf = (id: string) => id.toLowerCase();
