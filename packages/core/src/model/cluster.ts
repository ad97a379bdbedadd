import type { Extra, IID, Tags } from "./common.js";
import type { VmStatus } from "./vm.js";

// Provider-managed Kubernetes (CB-Spider's cluster handler, CB-Ladybug's PMKS): a control plane
// the cloud runs, and node groups of VMs the cloud scales (see docs/kubernetes.md).

/** A cluster's state, in CB-Spider's words (the control plane's, not its nodes'). */
export type ClusterStatus = "Creating" | "Active" | "Updating" | "Deleting" | "Inactive" | "Failed";
/** A node group's state. */
export type NodeGroupStatus = "Creating" | "Active" | "Updating" | "Deleting" | "Inactive" | "Failed";

/** A node group as the user asks for it (names, like VmRequest). */
export interface NodeGroupRequest {
  name: string;
  /** Absent or "" = the cloud's default node image. */
  imageName?: string;
  specName: string;
  rootDiskType?: string;
  rootDiskSizeGB?: number;
  keyPairName: string;
  onAutoScaling: boolean;
  desiredNodeSize: number;
  minNodeSize: number;
  maxNodeSize: number;
  tags?: Tags;
}

/** A provider-managed Kubernetes cluster to create, on existing VPC, subnets and security groups. */
export interface ClusterRequest {
  name: string;
  /** Must be one the region offers (`connection.cluster.versions()`). */
  version: string;
  vpcName: string;
  subnetNames: string[];
  securityGroupNames: string[];
  nodeGroups?: NodeGroupRequest[];
  tags?: Tags;
}

/** A node group as the cloud reports it, with its nodes (VMs of the cloud's scaling, not the VM handler's). */
export interface NodeGroupInfo {
  iid: IID;
  imageIID?: IID;
  specName: string;
  rootDiskType?: string;
  rootDiskSizeGB?: number;
  keyPairIID?: IID;
  onAutoScaling: boolean;
  desiredNodeSize: number;
  minNodeSize: number;
  maxNodeSize: number;
  status: NodeGroupStatus;
  /** The group's VMs as the cloud names them (not tracked by the runtime: the cloud scales them). */
  nodes: IID[];
  tags?: Tags;
  extra?: Extra;
}

/**
 * A node of a node group as the cloud's VM API describes it: how to reach it and its status. Nodes
 * stay untracked (the cloud scales them), so the IID is the cloud's.
 */
export interface NodeInfo {
  iid: IID;
  status?: VmStatus;
  zone?: string;
  privateIp?: string;
  publicIp?: string;
  /** "host:port" to reach the node over SSH, when it has an address. */
  sshAccessPoint?: string;
  vmUserId?: string;
}

/** How to reach the cluster's Kubernetes API; "" while the cloud has not made it yet. */
export interface ClusterAccessInfo {
  endpoint: string;
  /** A kubeconfig plain `kubectl` accepts (no cloud CLI); bearer tokens in it expire (get the cluster again). */
  kubeconfig: string;
}

/** A cluster as the cloud reports it: version, network, node groups, access and status. */
export interface ClusterInfo {
  iid: IID;
  version: string;
  network: { vpcIID: IID; subnetIIDs: IID[]; securityGroupIIDs: IID[] };
  nodeGroups: NodeGroupInfo[];
  accessInfo: ClusterAccessInfo;
  status: ClusterStatus;
  createdAt?: Date;
  tags?: Tags;
  extra?: Extra;
}

/** A Kubernetes version the region offers for new clusters and upgrades. */
export interface ClusterVersionInfo {
  version: string;
  /** The cloud's default for new clusters. */
  default?: boolean;
  /** Still offered, but past the cloud's standard support. */
  deprecated?: boolean;
}
