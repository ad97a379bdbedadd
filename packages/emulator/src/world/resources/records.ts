import type {
  ClusterState,
  Disk,
  DiskState,
  FixedIp,
  KeyPair,
  MyImage,
  MyImageState,
  Nlb,
  NlbState,
  NodeGroupState,
  PublicIpTargetKind,
  Ref,
  ResourceBase,
  SecurityGroup,
  Snapshot,
  Subnet,
  Tags,
  Vm,
  VmState,
  Vpc,
} from "../types.js";
import type { Lifecycle } from "./lifecycle.js";

// What the world stores: the public shape minus what is derived on read (current states, subnet
// lists, attached disks), plus bookkeeping the public shape does not show.

export interface StoredRecord extends ResourceBase {
  /** Creation order, world-wide; page tokens point into it. */
  seq: number;
  /** Made by the operator for every account (a shared network and its subnets): read-only, always visible. */
  operator?: true;
  /** Made with the account-region (its default network): the account's own, but visible at once. */
  seeded?: true;
}

export type VpcRecord = StoredRecord & Omit<Vpc, "subnets" | keyof ResourceBase>;
export type SubnetRecord = StoredRecord & Omit<Subnet, "availableIpCount" | keyof ResourceBase>;
export type SecurityGroupRecord = StoredRecord & Omit<SecurityGroup, keyof ResourceBase>;
export type KeyPairRecord = StoredRecord & Omit<KeyPair, keyof ResourceBase>;

export type VmRecord = StoredRecord &
  Omit<Vm, "state" | "stateSince" | "dataDisks" | keyof ResourceBase> & {
    lifecycle: Lifecycle<VmState>;
    /** Whether the VM takes a public address whenever it launches. */
    assignPublicIp: boolean;
    /** Idempotency token of the run request, and a digest of that request. */
    clientToken?: string;
    requestDigest?: string;
  };

/**
 * A disk as stored: "in-use" is not a lifecycle state but an available disk with an attachment.
 * Transitions settle when the table is read (see `settleDisk`).
 */
export type DiskRecord = StoredRecord &
  Omit<Disk, "state" | keyof ResourceBase> & {
    lifecycle: Lifecycle<Exclude<DiskState, "in-use">>;
    /** While extending: the size the disk grows to (counted against quota from the start). */
    extendingTo?: number;
    /** When a graceful deletion completes and the disk vanishes. */
    deleteAt?: number;
  };

export type MyImageRecord = StoredRecord &
  Omit<MyImage, "state" | keyof ResourceBase> & { lifecycle: Lifecycle<MyImageState> };

export interface TargetRecord {
  vm: Ref;
  registeredAt: number;
}

export type NlbRecord = StoredRecord &
  Omit<Nlb, "state" | "targetGroup" | keyof ResourceBase> & {
    lifecycle: Lifecycle<NlbState>;
    /** When a graceful deletion completes and the balancer vanishes. */
    deleteAt?: number;
    targetGroup: { protocol: Nlb["targetGroup"]["protocol"]; port: number; targets: TargetRecord[] };
  };

// Routers and public IPs are not kept in tables (see RegionState), so they carry their own fields.

export interface RouterRecord {
  id: string;
  name: string;
  seq: number;
  createdAt: number;
  tags: Tags;
  externalIp?: string;
  subnetIds: string[];
}

export interface NetworkInterfaceRecord {
  id: string;
  seq: number;
  name: string;
  description: string;
  createdAt: number;
  tags: Tags;
  vpcId: string;
  fixedIps: FixedIp[];
  macAddress: string;
  securityGroupIds: string[];
  portSecurity: boolean;
  deviceId: string;
  deviceOwner: string;
  /** Set by the VM service; the interface follows the VM's fate (see settleInterfaces). */
  attachment?: { vmId: string; index: number; deleteOnTermination: boolean };
}

export interface PublicIpRecord {
  id: string;
  seq: number;
  address: string;
  createdAt: number;
  tags: Tags;
  description: string;
  target?: { kind: PublicIpTargetKind; id: string };
}

export type AnyRecord =
  VpcRecord | SubnetRecord | SecurityGroupRecord | KeyPairRecord | VmRecord | DiskRecord | MyImageRecord | NlbRecord;

/** A snapshot; it is pending until `completedAt`. */
export type SnapshotRecord = Omit<Snapshot, "state"> & { completedAt: number };

// Clusters are not one of the world's `resourceKinds` either: they and their node groups live in a
// map of their own (see clusters.ts).

export interface NodeGroupRecord {
  id: string;
  name: string;
  seq: number;
  createdAt: number;
  tags: Tags;
  lifecycle: Lifecycle<NodeGroupState>;
  specName: string;
  image: Ref;
  rootDisk: { type?: string; sizeGB?: number };
  keyPair?: Ref;
  autoScaling: boolean;
  desiredSize: number;
  minSize: number;
  maxSize: number;
  /** Every VM the group launched, oldest first (terminated ones drop out of views). */
  vmIds: string[];
  /** When a deletion completes and the group vanishes. */
  deleteAt?: number;
}

export interface ClusterRecord {
  id: string;
  name: string;
  seq: number;
  createdAt: number;
  tags: Tags;
  lifecycle: Lifecycle<ClusterState>;
  version: string;
  /** An upgrade under way: the version the control plane reaches when `lifecycle` settles. */
  upgradingTo?: string;
  vpc: Ref;
  subnets: Ref[];
  securityGroups: Ref[];
  nodeGroups: NodeGroupRecord[];
  /** The cluster CA's key and certificate (PEM): it signs the API server's and clients' certificates. */
  ca: { key: string; cert: string };
  /** A static bearer token the API server accepts (what a cloud-issued admin kubeconfig carries). */
  adminToken: string;
  clientToken?: string;
  deleteAt?: number;
}
