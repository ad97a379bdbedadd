import type { AccountRegion } from "../../../world/account-region.js";

// The one place the GKE front meets the world's clusters: the world's ClusterService as the
// front uses it. Everything else in container/ reads these views only.

export type ClusterState = "creating" | "active" | "updating" | "deleting" | "failed";

export interface NodeGroupView {
  id: string;
  name: string;
  specName: string;
  rootDiskType: string | undefined;
  rootDiskSizeGB: number | undefined;
  onAutoScaling: boolean;
  desired: number;
  min: number;
  max: number;
  state: ClusterState;
  /** The group's VMs (world VM ids). */
  nodeIds: string[];
}

export interface ClusterView {
  id: string;
  name: string;
  version: string;
  state: ClusterState;
  vpcId: string;
  subnetIds: string[];
  nodeGroups: NodeGroupView[];
  /** "https://127.0.0.1:port" once the control plane runs. */
  endpoint: string | undefined;
  /** PEM of the cluster CA. */
  caCertificate: string | undefined;
  createdAt: number;
  tags: Record<string, string>;
}

export interface NodeGroupInput {
  name: string;
  specName: string;
  rootDiskType?: string | undefined;
  rootDiskSizeGB?: number | undefined;
  onAutoScaling: boolean;
  desired: number;
  min: number;
  max: number;
  /** The zones the group's VMs go to (a zonal cluster's one zone). */
  zones?: string[] | undefined;
}

/** What the GKE front asks of the world's clusters in one region. */
export interface ClusterStore {
  versions(): { version: string; default?: boolean; deprecated?: boolean }[];
  create(input: {
    name: string;
    tags?: Record<string, string> | undefined;
    version: string;
    vpcId: string;
    subnetIds: string[];
    securityGroupIds: string[];
    nodeGroups: NodeGroupInput[];
  }): ClusterView;
  find(name: string): ClusterView | undefined;
  list(): ClusterView[];
  beginDelete(id: string): void;
  addNodeGroup(clusterId: string, input: NodeGroupInput): NodeGroupView;
  removeNodeGroup(clusterId: string, nodeGroupId: string): void;
  scaleNodeGroup(clusterId: string, nodeGroupId: string, size: { desired: number; min: number; max: number }): void;
  setAutoScaling(clusterId: string, nodeGroupId: string, on: boolean): void;
  upgrade(clusterId: string, version: string): void;
}

/** The world's clusters of one account and region, as the front sees them. */
export function clustersOf(cloud: AccountRegion): ClusterStore {
  return (cloud as unknown as { clusters: ClusterStore }).clusters;
}
