import type { AccountRegion } from "../../../world/account-region.js";

// The one place the Magnum front meets the world's clusters (PLACEHOLDER until the world's
// ClusterService lands; see the k8s plan).

export type Phase = "Creating" | "Active" | "Updating" | "Deleting" | "Inactive" | "Failed";

export interface WorldNodeGroup {
  id: string;
  name: string;
  specName: string;
  imageId: string | undefined;
  keyPairId: string | undefined;
  rootDiskSizeGB: number | undefined;
  autoScaling: boolean;
  desired: number;
  min: number;
  max: number;
  status: Phase;
  vmIds: string[];
  createdAt: number;
}

export interface WorldCluster {
  id: string;
  name: string;
  version: string;
  status: Phase;
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  nodeGroups: WorldNodeGroup[];
  /** "https://127.0.0.1:<port>" once the control plane answers. */
  endpoint: string | undefined;
  createdAt: number;
}

export function offeredVersions(_cloud: AccountRegion): { version: string; deprecated?: boolean }[] {
  throw new Error("not yet");
}

export interface NodeGroupInput {
  name: string;
  specName: string;
  imageId: string | undefined;
  keyPairId: string | undefined;
  rootDiskSizeGB: number | undefined;
  autoScaling: boolean;
  desired: number;
  min: number;
  max: number;
}

export interface ClusterInput {
  name: string;
  version: string;
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  nodeGroups: NodeGroupInput[];
}

export interface Clusters {
  versions(): { version: string; deprecated?: boolean }[];
  /** A kubeconfig with a bearer token the cluster's endpoint accepts for `user`. */
  tokenKubeconfig(clusterId: string, user: string): string;
  create(input: ClusterInput, failsLater: boolean): WorldCluster;
  get(id: string): WorldCluster;
  list(): WorldCluster[];
  beginDelete(id: string): void;
  addNodeGroup(clusterId: string, input: NodeGroupInput): WorldNodeGroup;
  removeNodeGroup(clusterId: string, nodeGroupId: string): void;
  scaleNodeGroup(clusterId: string, nodeGroupId: string, size: { desired: number; min: number; max: number }): void;
  setAutoScaling(clusterId: string, nodeGroupId: string, on: boolean): void;
  upgrade(clusterId: string, version: string): void;
  /** The PEM certificate of the cluster's CA. */
  caCertificate(clusterId: string): string;
  /** A client certificate for the CSR, signed by the cluster's CA. */
  signCsr(clusterId: string, csrPem: string): string;
}

export function clustersOf(_cloud: AccountRegion): Clusters {
  throw new Error("not yet");
}
