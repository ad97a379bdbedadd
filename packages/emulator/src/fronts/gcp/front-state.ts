// What Compute Engine keeps that the world's regional model does not: operations, access tokens
// from the token endpoint, and the GCP-only fields of global networks and firewalls (the world
// mirrors each into every region, see networks.ts and firewalls.ts). One per front.

/** Where an operation lives: `zones/{zone}`, `regions/{region}` or `global`. */
export type OperationScope = { kind: "zone"; name: string } | { kind: "region"; name: string } | { kind: "global" };

export interface OperationRecord {
  id: string;
  name: string;
  project: string;
  scope: OperationScope;
  operationType: string;
  /** Relative path of the target under the project ("global/networks/n"). */
  target: string;
  targetId?: string | undefined;
  user: string;
  description?: string | undefined;
  insertAt: number;
  startAt: number;
  doneAt: number;
  error?: { code: string; message: string }[] | undefined;
  httpErrorStatusCode?: number | undefined;
  httpErrorMessage?: string | undefined;
}

/** A global VPC network: the world holds one VPC of this name in every region. */
export interface NetworkEntry {
  id: string;
  name: string;
  description: string;
  createdAt: number;
  routingMode: "REGIONAL" | "GLOBAL";
  mtu: number;
  /** Auto mode: one subnetwork per region, made with the network and deleted with it. */
  autoCreateSubnetworks: boolean;
}

/** What a subnetwork's body said that the world's subnet does not keep; by world subnet id. */
export interface SubnetworkEntry {
  description: string;
  privateIpGoogleAccess: boolean;
  secondaryIpRanges: { rangeName: string; ipCidrRange: string }[];
  /** Made by an auto-mode network. */
  auto: boolean;
  /** Changes with every patch; a patch must name the current one. */
  fingerprint?: string;
}

/** A firewall rule as it was inserted (the world holds one security group per region for it). */
export interface FirewallEntry {
  id: string;
  project: string;
  name: string;
  network: string;
  createdAt: number;
  /** The body fields Compute Engine keeps, normalised (firewalls.ts). */
  resource: Record<string, unknown>;
}

/** A project's common instance metadata (projects.setCommonInstanceMetadata). */
export interface ProjectMetadata {
  fingerprint: string;
  items: { key: string; value: string }[];
}

/** A container.googleapis.com Operation: done when the world says its change is done. */
export interface ContainerOperation {
  name: string;
  project: string;
  /** The location of the cluster ("asia-northeast3" or "asia-northeast3-a"). */
  location: string;
  operationType: string;
  /** Relative name of the target: "projects/p/locations/l/clusters/c[/nodePools/n]". */
  target: string;
  startAt: number;
  /** Set when first seen done. */
  endAt?: number;
  error?: { code: number; message: string };
  /** Reads the world: whether the change is done, and the error it ended with. */
  check(): { done: boolean; error?: { code: number; message: string } };
}

/** A GKE cluster's location (zonal or regional) and its network's names. */
export interface GkeClusterEntry {
  location: { name: string; region: string; zones: string[] };
  network: string;
  subnetwork: string;
  /** The node pools' network tags. */
  tags: string[];
  /** Each node pool's Kubernetes labels (config.labels), by pool name. */
  labels: Map<string, Record<string, string>>;
}

export interface AccessToken {
  account: string;
  clientEmail: string;
  expiresAt: number;
}

export class GcpFrontState {
  /** By project and operation name. */
  readonly operations = new Map<string, OperationRecord>();
  /** By `${project}/${name}`. */
  readonly networks = new Map<string, NetworkEntry>();
  /** By world subnet id. */
  readonly subnetworks = new Map<string, SubnetworkEntry>();
  /** By `${project}/${name}`. */
  readonly firewalls = new Map<string, FirewallEntry>();
  /** By project. */
  readonly projectMetadata = new Map<string, ProjectMetadata>();
  /** Operations by `${project}/${requestId}`: a retried mutation with the same requestId gets the same one. */
  readonly requests = new Map<string, string>();
  /** container.googleapis.com Operations, by `${project}/${name}`. */
  readonly containerOperations = new Map<string, ContainerOperation>();
  /** What a GKE cluster's create said that the world does not keep, by world cluster id. */
  readonly gkeClusters = new Map<string, GkeClusterEntry>();
  /** Opaque access tokens handed out by POST /token. */
  readonly tokens = new Map<string, AccessToken>();
  /** Ids the front made for resources the world does not id (subnetwork ids are world ids). */
  #seq = 0;

  nextSeq(): number {
    return ++this.#seq;
  }
}

export const projectKey = (project: string, name: string) => `${project}/${name}`;
