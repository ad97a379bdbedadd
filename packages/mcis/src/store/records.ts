import type { ErrorCode } from "@cloud-barista/core";
import type { PartialFailurePolicy } from "../model/requests.js";
import type { McisAction, McisVmStatus, TargetAction, TargetStatus } from "../model/status.js";

// The JSON the MCIS layer keeps in the core store. Dates are ISO strings; `v` versions the shape.

export interface SubGroupRecord {
  name: string;
  connection: string;
  specName: string;
  image: string;
  vpcName: string;
  subnetName: string;
  securityGroupNames: string[];
  keyPairName: string;
  rootDiskType?: string;
  rootDiskSizeGB?: number;
  /** The VPC, subnet and security group are the namespace's defaults in the connection. */
  defaultNetwork: boolean;
  /** The key pair is the namespace's default in the connection. */
  defaultKeyPair: boolean;
  labels: Record<string, string>;
  /**
   * The sub-group is a node group (named like the sub-group) of this cluster: its VMs are the
   * group's nodes, sized through the cluster, never created or terminated one by one.
   * `maxNodeSize` is the cap the request set (absent: none; scale-out raises the group's maximum).
   */
  nodeGroup?: { cluster: string; minNodeSize: number; maxNodeSize?: number };
  /** The index the next VM gets: scale-out continues it, and an index is never reused. */
  nextIndex: number;
}

export type OperationKind = "create" | "scaleOut" | "addSubGroup" | "control" | "refine" | "delete";

/** The operation in flight, written before its first cloud call, so reconcile can finish it. */
export interface OperationRecord {
  kind: OperationKind;
  action: McisAction;
  /** The VMs it acts on. */
  vmIds: string[];
  /** For delete: terminate what is still running first. */
  terminate?: boolean;
  /** For delete: what is being deleted (the whole MCIS when absent). */
  subGroup?: string;
  vm?: string;
  startedAt: string;
}

export interface McisRecord {
  v: 1;
  namespace: string;
  name: string;
  description?: string;
  labels: Record<string, string>;
  policy: PartialFailurePolicy;
  subGroups: SubGroupRecord[];
  targetStatus: TargetStatus;
  targetAction: TargetAction;
  operation?: OperationRecord;
  systemMessages: string[];
  newVmIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface StoredReason {
  code: ErrorCode;
  message: string;
  nativeCode?: string;
  action: McisAction;
  connection: string;
  zone?: string;
  at: string;
}

export interface VmRecord {
  v: 1;
  id: string;
  subGroup: string;
  index: number;
  connection: string;
  coreName: string;
  status: McisVmStatus;
  targetStatus: TargetStatus;
  targetAction: TargetAction;
  systemId?: string;
  zone?: string;
  reason?: StoredReason;
  /**
   * The create ended without a definite answer (timeout, abort, lost reply): the cloud may hold the
   * VM under a pending core record, which `conn.reconcile()` settles before clean-up.
   */
  uncertain?: boolean;
  createdAt: string;
  /**
   * Set on the nodes of a node-group sub-group: the cluster. `coreName` is then the node's name in
   * the cloud and `systemId` its id (both once the cloud made it): core does not track nodes.
   */
  cluster?: string;
}

/** A namespace's default network in one connection (Tumblebug's shared resources). */
export interface NetworkRecord {
  v: 1;
  namespace: string;
  connection: string;
  vpcName: string;
  subnetName: string;
  securityGroupName: string;
  keyPairName: string;
  /** Absent for clouds whose VPCs have no CIDR. */
  vpcCidr?: string;
  subnetCidr: string;
  /** The block index in 10.0.0.0/8 (10.<block>.0.0/16), unique per namespace. */
  block: number;
  createdAt: string;
}
