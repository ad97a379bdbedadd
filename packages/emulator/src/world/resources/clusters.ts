import type { KeyObject } from "node:crypto";
import { certifyPublicKey, issueCertificate, newCertificateAuthority } from "../../kube/pki.js";
import type { CertificateSubject, KeyAndCertificate } from "../../kube/pki.js";
import { dependencyViolation, duplicateError, incorrectState, invalidParameter, notFoundError } from "../errors.js";
import { pageOf } from "../pagination.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { Cluster, ClusterAccess, ClusterState, ClusterVersion, NodeGroup, NodeGroupState, Ref } from "../types.js";
import { findPublicImage, findSpec, publicImages } from "./catalog-service.js";
import { clusterVersionsOf, compareVersions, versionParts } from "./cluster-versions.js";
import { currentState, moveTo, startLifecycle } from "./lifecycle.js";
import type { BackgroundWork } from "./lifecycle.js";
import { requireQuota } from "./quota-usage.js";
import type { ClusterRecord, NodeGroupRecord, VmRecord } from "./records.js";
import type { NewResource, RegionState } from "./region-state.js";
import { tagRecord } from "./tag-rules.js";
import { isLive, vmStateOf } from "./vm-lifecycle.js";
import { VmService } from "./vms.js";

export interface NodeGroupInput extends NewResource {
  specName: string;
  /** A public image id of the region; the region's default node image when absent. */
  imageId?: string | undefined;
  rootDisk?: { type?: string | undefined; sizeGB?: number | undefined } | undefined;
  keyPairId?: string | undefined;
  autoScaling?: boolean | undefined;
  desiredSize: number;
  minSize: number;
  maxSize: number;
}

export interface CreateClusterInput extends NewResource {
  /** One of `versions()`; the default one when absent. */
  version?: string | undefined;
  vpcId: string;
  /** At least one; subnets of the VPC. Nodes are spread over them. */
  subnetIds: string[];
  securityGroupIds?: string[] | undefined;
  nodeGroups?: NodeGroupInput[] | undefined;
  /** Idempotency token: a repeated create with the same token returns the first cluster. */
  clientToken?: string | undefined;
}

/** A world node group's node counts. */
export interface NodeGroupSize {
  desired: number;
  min: number;
  max: number;
}

/** Most nodes one group may have (EKS allows 450 per managed node group; the world keeps it small). */
export const maxNodesPerGroup = 100;

/**
 * Provider-managed Kubernetes clusters of one account and region: control planes on the world's
 * clock and node groups whose nodes are world VMs (they boot like VMs, count against the VM and
 * vCPU quotas and are terminated when the group shrinks or goes). A cluster's Kubernetes API is
 * served by `world.kube` (packages/emulator/src/kube) once it is active.
 */
export class ClusterService {
  readonly #state: RegionState;
  readonly #vms: VmService;

  constructor(state: RegionState) {
    this.#state = state;
    this.#vms = new VmService(state);
  }

  /** Kubernetes versions offered for new clusters and upgrades. */
  versions(): ClusterVersion[] {
    return clusterVersionsOf(this.#state.provider);
  }

  create(input: CreateClusterInput, work: BackgroundWork = {}): Cluster {
    const s = this.#state;
    if (input.clientToken !== undefined) {
      const earlier = this.#rows().find((c) => c.clientToken === input.clientToken);
      if (earlier) return clusterView(s, earlier);
    }
    const tags = s.checkNew("cluster", input, () => this.#rows().map((c) => c.name), true);
    const version = this.#offered(input.version, "version");
    const vpc = s.require(s.vpcs, input.vpcId);
    if (!Array.isArray(input.subnetIds) || input.subnetIds.length === 0)
      throw invalidParameter("subnetIds", "a cluster needs at least one subnet");
    const subnets = input.subnetIds.map((id, i) => {
      const subnet = s.require(s.subnets, id);
      if (subnet.vpcId !== vpc.id) throw invalidParameter(`subnetIds[${i}]`, `subnet ${id} is not in VPC ${vpc.id}`);
      return ref(subnet);
    });
    const securityGroups = (input.securityGroupIds ?? []).map((id, i) => {
      const group = s.require(s.securityGroups, id);
      // Where groups belong to the account (Tencent), the VPC a group was filed under does not bind it.
      if (!s.catalog.network.accountSecurityGroups && group.vpc.id !== vpc.id)
        throw invalidParameter(`securityGroupIds[${i}]`, `security group ${id} is not in VPC ${vpc.id}`);
      return ref(group);
    });
    const groups = input.nodeGroups ?? [];
    groups.forEach((g, i) => {
      if (groups.findIndex((other) => other.name === g.name) !== i)
        throw invalidParameter(`nodeGroups[${i}].name`, `node group "${g.name}" is given twice`);
    });
    const plans = groups.map((g, i) => this.#plan(g, `nodeGroups[${i}]`));
    requireQuota(s, "clusters");
    this.#requireNodeQuota(plans.map((p) => ({ specName: p.specName, count: p.desiredSize })));
    const now = s.now();
    const createMs = s.duration("clusterCreateMs");
    const cluster: ClusterRecord = {
      id: clusterId(s, input.name, input.resourceGroup),
      name: input.name,
      seq: s.world.nextSeq(),
      createdAt: now,
      tags,
      lifecycle: startLifecycle<ClusterState>("creating", now, {
        state: work.failsLater ? "failed" : "active",
        afterMs: createMs,
      }),
      version,
      vpc: ref(vpc),
      subnets,
      securityGroups,
      nodeGroups: [],
      ca: newCertificateAuthority("kubernetes"),
      adminToken: s.world.random.chars(48, "abcdefghijklmnopqrstuvwxyz0123456789"),
      ...(input.clientToken === undefined ? {} : { clientToken: input.clientToken }),
    };
    // Node groups made with the cluster start once its control plane is up.
    for (const plan of plans) cluster.nodeGroups.push(this.#launchGroup(cluster, plan, createMs));
    s.clusters.set(cluster.id, cluster);
    return clusterView(s, cluster);
  }

  get(id: string): Cluster {
    return clusterView(this.#state, this.#require(id));
  }

  /** The cluster named `name` (clusters are unique by name in an account and region). */
  byName(name: string): Cluster {
    const row = this.#rows().find((c) => c.name === name);
    if (!row) throw notFoundError("cluster", name);
    return clusterView(this.#state, row);
  }

  list(options?: ListOptions<Cluster>): ListPage<Cluster> {
    const s = this.#state;
    return pageOf(
      this.#rows().map((row) => ({ key: row.seq, item: clusterView(s, row) })),
      options,
    );
  }

  /**
   * Starts deleting a cluster: its nodes are terminated at once, its node groups go with it, and it
   * stays "deleting" for `clusterDeleteMs`. With `requireNoNodeGroups` (EKS), a cluster that still
   * has node groups is refused. A cluster already deleting is left as it is.
   */
  beginDelete(id: string, options: { requireNoNodeGroups?: boolean } = {}): Cluster {
    const s = this.#state;
    const cluster = this.#require(id);
    if (cluster.deleteAt !== undefined) return clusterView(s, cluster);
    if (options.requireNoNodeGroups && cluster.nodeGroups.length > 0)
      throw dependencyViolation(
        "cluster",
        cluster.name,
        `node groups ${cluster.nodeGroups.map((g) => g.name).join(", ")}`,
      );
    for (const group of cluster.nodeGroups) this.#terminate(group.vmIds);
    cluster.nodeGroups = [];
    const deleteMs = s.duration("clusterDeleteMs");
    moveTo(cluster.lifecycle, "deleting", s.now());
    delete cluster.upgradingTo;
    cluster.deleteAt = s.now() + deleteMs;
    return clusterView(s, cluster);
  }

  addNodeGroup(clusterId: string, input: NodeGroupInput, work: BackgroundWork = {}): NodeGroup {
    const s = this.#state;
    const cluster = this.#requireChangeable(clusterId);
    if (cluster.nodeGroups.some((g) => g.name === input.name)) throw duplicateError("node-group", input.name);
    const plan = this.#plan(input, "nodeGroup");
    this.#requireNodeQuota([{ specName: plan.specName, count: plan.desiredSize }]);
    const group = this.#launchGroup(cluster, plan, 0, work);
    cluster.nodeGroups.push(group);
    return nodeGroupView(s, cluster, group);
  }

  getNodeGroup(clusterId: string, nodeGroupId: string): NodeGroup {
    const cluster = this.#require(clusterId);
    return nodeGroupView(this.#state, cluster, this.#group(cluster, nodeGroupId));
  }

  /** The node group named `name` in the cluster. */
  nodeGroupByName(clusterId: string, name: string): NodeGroup {
    const cluster = this.#require(clusterId);
    const group = cluster.nodeGroups.find((g) => g.name === name);
    if (!group) throw notFoundError("node-group", name);
    return nodeGroupView(this.#state, cluster, group);
  }

  /** Starts deleting a node group: its nodes are terminated at once; it vanishes after `nodeGroupDeleteMs`. */
  removeNodeGroup(clusterId: string, nodeGroupId: string): NodeGroup {
    const s = this.#state;
    const cluster = this.#require(clusterId);
    const group = this.#group(cluster, nodeGroupId);
    if (group.deleteAt === undefined) {
      this.#terminate(group.vmIds);
      moveTo(group.lifecycle, "deleting", s.now());
      group.deleteAt = s.now() + s.duration("nodeGroupDeleteMs");
    }
    return nodeGroupView(s, cluster, group);
  }

  /**
   * Sets a group's sizes (0 <= min <= desired <= max): nodes are launched or the newest terminated
   * at once, and the group is "updating" for `nodeGroupUpdateMs`.
   */
  scaleNodeGroup(clusterId: string, nodeGroupId: string, size: NodeGroupSize): NodeGroup {
    const s = this.#state;
    const cluster = this.#requireChangeable(clusterId);
    const group = this.#changeableGroup(cluster, nodeGroupId);
    checkSizes(size.min, size.desired, size.max, "");
    const live = this.#liveNodes(group);
    const adding = size.desired - live.length;
    if (adding > 0) this.#requireNodeQuota([{ specName: group.specName, count: adding }]);
    if (adding > 0) this.#launchNodes(cluster, group, adding);
    if (adding < 0) this.#terminate(live.slice(adding).map((vm) => vm.id));
    Object.assign(group, { desiredSize: size.desired, minSize: size.min, maxSize: size.max });
    // The group is active again once the change is applied and its new nodes have booted.
    const afterMs = Math.max(s.duration("nodeGroupUpdateMs"), bootedAt(s, group) - s.now());
    moveTo(group.lifecycle, "updating", s.now(), { state: "active", afterMs });
    return nodeGroupView(s, cluster, group);
  }

  setAutoScaling(clusterId: string, nodeGroupId: string, on: boolean): NodeGroup {
    const cluster = this.#requireChangeable(clusterId);
    const group = this.#changeableGroup(cluster, nodeGroupId);
    if (typeof on !== "boolean") throw invalidParameter("autoScaling", "must be true or false");
    group.autoScaling = on;
    return nodeGroupView(this.#state, cluster, group);
  }

  /**
   * Upgrades the control plane (and, when it completes, its nodes) to an offered version at most
   * one minor version newer: "updating" for `clusterUpgradeMs`.
   */
  upgrade(clusterId: string, version: string): Cluster {
    const s = this.#state;
    const cluster = this.#require(clusterId);
    const state = currentState(cluster.lifecycle, s.now()).state;
    if (state !== "active") throw incorrectState("cluster", cluster.name, `is ${state}; an upgrade needs it active`);
    const target = this.#offered(version, "version");
    const [, fromMinor] = versionParts(cluster.version) ?? [1, 0, 0];
    const [, toMinor] = versionParts(target) ?? [1, 0, 0];
    if (compareVersions(target, cluster.version) <= 0)
      throw invalidParameter("version", `${target} is not newer than the cluster's ${cluster.version}`);
    if (toMinor > fromMinor + 1)
      throw invalidParameter("version", `${cluster.version} can be upgraded one minor version at a time`);
    cluster.upgradingTo = target;
    moveTo(cluster.lifecycle, "updating", s.now(), { state: "active", afterMs: s.duration("clusterUpgradeMs") });
    return clusterView(s, cluster);
  }

  /**
   * The endpoint and CA of an active (or updating) cluster's Kubernetes API, started on first use
   * (IncorrectState while the control plane is not up).
   */
  access(clusterId: string): Promise<ClusterAccess> {
    const s = this.#state;
    const cluster = this.#require(clusterId);
    return s.world.clusterAccess({
      provider: s.provider,
      account: s.account,
      region: s.region.name,
      clusterId: cluster.id,
    });
  }

  /** The static bearer token the cluster's API server accepts (what a cloud's admin kubeconfig holds). */
  adminToken(clusterId: string): string {
    return this.#require(clusterId).adminToken;
  }

  /** A client key and certificate signed by the cluster's CA (O= entries are Kubernetes groups). */
  issueClientCertificate(clusterId: string, subject: CertificateSubject): KeyAndCertificate {
    return issueCertificate(this.#require(clusterId).ca, "client", subject);
  }

  /** A client certificate over a caller's own public key (a CSR's), signed by the cluster's CA. */
  signClientCertificate(clusterId: string, subject: CertificateSubject, publicKey: KeyObject): string {
    return certifyPublicKey(this.#require(clusterId).ca, "client", subject, publicKey);
  }

  /** The cluster's CA key and certificate, for its API server. */
  certificateAuthority(clusterId: string): KeyAndCertificate {
    return { ...this.#require(clusterId).ca };
  }

  /** Live clusters, with finished deletions purged and finished upgrades applied. */
  #rows(): ClusterRecord[] {
    const s = this.#state;
    for (const [id, row] of s.clusters) if (settleCluster(s, row)) s.clusters.delete(id);
    return [...s.clusters.values()];
  }

  #require(id: string): ClusterRecord {
    const row = this.#rows().find((c) => c.id === id);
    if (!row) throw notFoundError("cluster", String(id));
    return row;
  }

  #requireChangeable(id: string): ClusterRecord {
    const cluster = this.#require(id);
    const state = currentState(cluster.lifecycle, this.#state.now()).state;
    if (state === "deleting" || state === "failed") throw incorrectState("cluster", cluster.name, `is ${state}`);
    return cluster;
  }

  #group(cluster: ClusterRecord, id: string): NodeGroupRecord {
    const group = cluster.nodeGroups.find((g) => g.id === id);
    if (!group) throw notFoundError("node-group", String(id));
    return group;
  }

  #changeableGroup(cluster: ClusterRecord, id: string): NodeGroupRecord {
    const group = this.#group(cluster, id);
    const state = currentState(group.lifecycle, this.#state.now()).state;
    if (state === "deleting" || state === "failed") throw incorrectState("node-group", group.name, `is ${state}`);
    return group;
  }

  #offered(version: string | undefined, field: string): string {
    const offered = this.versions();
    if (version === undefined) return offered.find((v) => v.default)?.version ?? offered.at(-1)?.version ?? "";
    if (!offered.some((v) => v.version === version)) {
      throw invalidParameter(
        field,
        `Kubernetes ${String(version)} is not offered in ${this.#state.region.name} (${offered.map((v) => v.version).join(", ")})`,
      );
    }
    return version;
  }

  /** Checks a node group's input and settles its spec, image and key pair. */
  #plan(input: NodeGroupInput, field: string): NodeGroupPlan {
    const s = this.#state;
    const tags = s.checkNew("node-group", input, () => []);
    const spec = findSpec(s, input.specName);
    if (!spec) throw invalidParameter(`${field}.specName`, `"${input.specName}" is not offered in ${s.region.name}`);
    checkSizes(input.minSize, input.desiredSize, input.maxSize, `${field}.`);
    let image: Ref;
    if (input.imageId === undefined || input.imageId === "") {
      const found = defaultNodeImage(s, spec.architecture);
      if (!found) throw invalidParameter(`${field}.imageId`, `no ${spec.architecture} node image in ${s.region.name}`);
      image = found;
    } else {
      const found = findPublicImage(s, input.imageId);
      if (!found) throw notFoundError("image", input.imageId);
      if (found.architecture !== spec.architecture)
        throw invalidParameter(`${field}.imageId`, `a ${found.architecture} image cannot boot on ${spec.name}`);
      image = { id: found.id, name: found.name };
    }
    const keyPair = input.keyPairId === undefined ? undefined : ref(s.require(s.keyPairs, input.keyPairId));
    return {
      name: input.name,
      tags,
      specName: spec.name,
      vcpus: spec.vcpus,
      image,
      rootDisk: {
        ...(input.rootDisk?.type ? { type: input.rootDisk.type } : {}),
        ...(input.rootDisk?.sizeGB ? { sizeGB: input.rootDisk.sizeGB } : {}),
      },
      ...(keyPair ? { keyPair } : {}),
      autoScaling: input.autoScaling ?? false,
      desiredSize: input.desiredSize,
      minSize: input.minSize,
      maxSize: input.maxSize,
    };
  }

  /** Refuses, before anything is launched, nodes the VM and vCPU quotas cannot take. */
  #requireNodeQuota(needs: { specName: string; count: number }[]): void {
    const s = this.#state;
    const vms = needs.reduce((sum, n) => sum + n.count, 0);
    const vcpus = needs.reduce((sum, n) => sum + n.count * (findSpec(s, n.specName)?.vcpus ?? 0), 0);
    if (vms > 0) requireQuota(s, "vms", vms);
    if (vcpus > 0) requireQuota(s, "vcpus", vcpus);
  }

  /** Makes a group's record and launches its nodes; the group is active `delayMs` + `nodeGroupCreateMs` from now. */
  #launchGroup(
    cluster: ClusterRecord,
    plan: NodeGroupPlan,
    delayMs: number,
    work: BackgroundWork = {},
  ): NodeGroupRecord {
    const s = this.#state;
    const { vcpus: _vcpus, ...fields } = plan;
    const group: NodeGroupRecord = {
      ...fields,
      id: nodeGroupId(s, cluster, plan.name),
      seq: s.world.nextSeq(),
      createdAt: s.now(),
      lifecycle: startLifecycle<NodeGroupState>("creating", s.now(), {
        state: work.failsLater ? "failed" : "active",
        afterMs: delayMs + s.duration("nodeGroupCreateMs"),
      }),
      vmIds: [],
    };
    if (!work.failsLater) this.#launchNodes(cluster, group, plan.desiredSize);
    const next = group.lifecycle.next;
    if (next) next.at = Math.max(next.at, bootedAt(s, group));
    return group;
  }

  /** Launches `count` nodes spread over the cluster's subnets; a launch that fails terminates those made. */
  #launchNodes(cluster: ClusterRecord, group: NodeGroupRecord, count: number): void {
    const s = this.#state;
    const launched: string[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const subnet = cluster.subnets[(group.vmIds.length + i) % cluster.subnets.length];
        const vm = this.#vms.run({
          name: nodeName(s, group.name),
          imageId: group.image.id,
          specName: group.specName,
          subnetId: subnet?.id,
          vpcId: cluster.vpc.id,
          securityGroupIds: cluster.securityGroups.map((g) => g.id),
          keyPairId: group.keyPair?.id,
          rootDisk: group.rootDisk,
          tags: nodeTags(s, cluster, group),
        });
        launched.push(vm.id);
      }
    } catch (error) {
      this.#terminate(launched);
      throw error;
    }
    group.vmIds.push(...launched);
  }

  #liveNodes(group: NodeGroupRecord): VmRecord[] {
    return membersOf(this.#state, group);
  }

  #terminate(vmIds: readonly string[]): void {
    const s = this.#state;
    for (const id of vmIds) if (s.vms.find(id)) this.#vms.terminate(id);
  }
}

type NodeGroupPlan = Omit<NodeGroupRecord, "id" | "seq" | "createdAt" | "lifecycle" | "vmIds" | "deleteAt"> & {
  vcpus: number;
};

function ref(row: { id: string; name: string }): Ref {
  return { id: row.id, name: row.name };
}

function checkSizes(min: number, desired: number, max: number, prefix: string): void {
  const integer = (n: number) => Number.isInteger(n) && n >= 0 && n <= maxNodesPerGroup;
  if (!integer(min) || !integer(desired) || !integer(max))
    throw invalidParameter(`${prefix}desiredSize`, `node counts must be integers from 0 to ${maxNodesPerGroup}`);
  if (min > desired || desired > max)
    throw invalidParameter(
      `${prefix}desiredSize`,
      `sizes must keep min <= desired <= max (got ${min}, ${desired}, ${max})`,
    );
  if (max < 1) throw invalidParameter(`${prefix}maxSize`, "must be at least 1");
}

/** The region's first Linux image for the architecture: what a managed node group boots by default. */
function defaultNodeImage(state: RegionState, architecture: string): Ref | undefined {
  const image = publicImages(state).find((i) => i.osPlatform === "linux" && i.architecture === architecture);
  return image ? { id: image.id, name: image.name } : undefined;
}

const lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";

/** The tags the cloud puts on node VMs, which its drivers find them by (EKS: eks:cluster-name, eks:nodegroup-name). */
function nodeTags(state: RegionState, cluster: ClusterRecord, group: NodeGroupRecord): Record<string, string> {
  if (state.provider !== "AWS") return {};
  return { "eks:cluster-name": cluster.name, "eks:nodegroup-name": group.name };
}

/** A node VM's name: the group's name, cut to fit, and five random characters. */
function nodeName(state: RegionState, group: string): string {
  const base = group
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/^[^a-z]+/, "");
  const room = Math.max(1, Math.min(state.catalog.naming.maxLength, 63) - 6);
  return `${(base || "node").slice(0, room).replace(/-+$/, "")}-${state.world.random.chars(5, lowerAlnum)}`;
}

/** A cluster id in the provider's style (EKS and GKE address clusters by name). */
function clusterId(state: RegionState, name: string, resourceGroup: string | undefined): string {
  const random = state.world.random;
  switch (state.provider) {
    case "AWS":
    case "GCP":
      return name;
    case "AZURE":
      return `/subscriptions/${state.account}/resourceGroups/${resourceGroup ?? `cloud-barista-${state.region.name}`}/providers/Microsoft.ContainerService/managedClusters/${name}`;
    case "ALIBABA":
      return `c${random.hex(32)}`;
    case "TENCENT":
      return `cls-${random.chars(8, lowerAlnum)}`;
    case "IBM":
      return random.chars(20, lowerAlnum);
    case "OPENSTACK":
      return random.uuid();
    case "MOCK":
      return `cls-${random.chars(12, lowerAlnum)}`;
  }
}

function nodeGroupId(state: RegionState, cluster: ClusterRecord, name: string): string {
  const random = state.world.random;
  switch (state.provider) {
    case "AWS":
    case "GCP":
      return name;
    case "AZURE":
      return `${cluster.id}/agentPools/${name}`;
    case "ALIBABA":
      return `np${random.hex(32)}`;
    case "TENCENT":
      return `np-${random.chars(8, lowerAlnum)}`;
    case "IBM":
      return `${cluster.id}-${random.chars(7, lowerAlnum)}`;
    case "OPENSTACK":
      return random.uuid();
    case "MOCK":
      return `ng-${random.chars(12, lowerAlnum)}`;
  }
}

/** Applies what the clock has finished: a completed upgrade; returns true once a deletion is done. */
function settleCluster(state: RegionState, cluster: ClusterRecord): boolean {
  const now = state.now();
  if (cluster.deleteAt !== undefined) return now >= cluster.deleteAt;
  const current = currentState(cluster.lifecycle, now);
  if (cluster.upgradingTo !== undefined && current.state === "active") {
    cluster.version = cluster.upgradingTo;
    delete cluster.upgradingTo;
  }
  cluster.nodeGroups = cluster.nodeGroups.filter((g) => g.deleteAt === undefined || now < g.deleteAt);
  return false;
}

/** A group's nodes: its VMs not (being) terminated, oldest first. */
function membersOf(state: RegionState, group: NodeGroupRecord): VmRecord[] {
  return group.vmIds.flatMap((id) => {
    const vm = state.vms.find(id);
    return vm && isLive(state, vm) && vmStateOf(state, vm).state !== "shutting-down" ? [vm] : [];
  });
}

/** When the last of a group's nodes is done booting (0 when none is booting). */
function bootedAt(state: RegionState, group: NodeGroupRecord): number {
  return Math.max(0, ...membersOf(state, group).map((vm) => vm.lifecycle.next?.at ?? 0));
}

export function nodeGroupView(state: RegionState, cluster: ClusterRecord, group: NodeGroupRecord): NodeGroup {
  const nodes = membersOf(state, group).map((vm) => ({ id: vm.id, name: vm.name }));
  return {
    id: group.id,
    name: group.name,
    clusterId: cluster.id,
    state: currentState(group.lifecycle, state.now()).state,
    createdAt: group.createdAt,
    tags: tagRecord(group.tags),
    specName: group.specName,
    image: { ...group.image },
    rootDisk: { ...group.rootDisk },
    ...(group.keyPair ? { keyPair: { ...group.keyPair } } : {}),
    autoScaling: group.autoScaling,
    desiredSize: group.desiredSize,
    minSize: group.minSize,
    maxSize: group.maxSize,
    nodes,
  };
}

export function clusterView(state: RegionState, cluster: ClusterRecord): Cluster {
  return {
    id: cluster.id,
    name: cluster.name,
    kind: "cluster",
    state: currentState(cluster.lifecycle, state.now()).state,
    createdAt: cluster.createdAt,
    tags: tagRecord(cluster.tags),
    version: cluster.version,
    ...(cluster.upgradingTo === undefined ? {} : { upgradingTo: cluster.upgradingTo }),
    vpc: { ...cluster.vpc },
    subnets: cluster.subnets.map((r) => ({ ...r })),
    securityGroups: cluster.securityGroups.map((r) => ({ ...r })),
    nodeGroups: cluster.nodeGroups.map((g) => nodeGroupView(state, cluster, g)),
    caCertificate: cluster.ca.cert,
  };
}

/** The clusters of an account and region that use a VPC, subnet or security group (which may then not go). */
export function clustersUsing(state: RegionState, id: string): ClusterRecord[] {
  return [...state.clusters.values()].filter(
    (c) =>
      !settleCluster(state, c) &&
      (c.vpc.id === id || c.subnets.some((r) => r.id === id) || c.securityGroups.some((r) => r.id === id)),
  );
}
