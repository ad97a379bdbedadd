import { createHash } from "node:crypto";
import { gitVersionOf } from "../world/resources/cluster-versions.js";
import type { Cluster, Vm } from "../world/types.js";

// The Kubernetes objects an emulated cluster shows: its nodes (the node groups' VMs), the four
// namespaces every cluster has, the system pods and services. Read-only, in the API's JSON shapes.

export type KubeObject = Record<string, unknown> & {
  metadata: Record<string, unknown> & { name: string; namespace?: string };
};

/** What the objects are made of: the cluster and its nodes' VMs, read at one moment. */
export interface ClusterSnapshot {
  provider: string;
  region: string;
  cluster: Cluster;
  /** The node groups' VMs that registered as nodes (booted at least once), by node group name. */
  nodes: { group: string; vm: Vm }[];
  now: number;
}

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

/** A stable UUID for an object, so repeated reads agree. */
function uidOf(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("/")).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const shortHash = (...parts: string[]) =>
  createHash("sha256")
    .update(parts.join("/"))
    .digest("hex")
    .replace(/[0-9]/g, (d) => "bcdfghjklm"[Number(d)] ?? "x")
    .slice(0, 5);

/** The version document of `GET /version`. */
export function versionInfo(cluster: Cluster): Record<string, string> {
  const gitVersion = gitVersionOf(cluster.version);
  const [major = "1", minor = "0"] = gitVersion.slice(1).split(".");
  return {
    major,
    minor,
    gitVersion,
    gitCommit: createHash("sha1").update(gitVersion).digest("hex"),
    gitTreeState: "clean",
    buildDate: "2024-10-01T00:00:00Z",
    goVersion: "go1.22.8",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

const providerIdScheme: Record<string, string> = {
  AWS: "aws",
  AZURE: "azure",
  GCP: "gce",
  ALIBABA: "alicloud",
  TENCENT: "qcloud",
  IBM: "ibm",
  OPENSTACK: "openstack",
  MOCK: "mock",
};

function nodeName(vm: Vm): string {
  return vm.privateDns ?? vm.name;
}

function isReady(snapshot: ClusterSnapshot, vm: Vm): boolean {
  const serving = snapshot.cluster.state === "active" || snapshot.cluster.state === "updating";
  return serving && vm.state === "running";
}

export function nodes(snapshot: ClusterSnapshot): KubeObject[] {
  const { cluster } = snapshot;
  const version = gitVersionOf(cluster.version);
  return snapshot.nodes.map(({ group, vm }) => {
    const name = nodeName(vm);
    const ready = isReady(snapshot, vm);
    const arch = vm.architecture === "arm64" ? "arm64" : "amd64";
    const capacity = { cpu: String(vm.vcpus), memory: `${vm.memoryMiB * 1024}Ki`, pods: "110" };
    return {
      kind: "Node",
      apiVersion: "v1",
      metadata: {
        name,
        uid: uidOf(cluster.id, vm.id),
        resourceVersion: String(vm.launchedAt),
        creationTimestamp: iso(vm.launchedAt),
        labels: {
          "kubernetes.io/hostname": name,
          "kubernetes.io/os": "linux",
          "kubernetes.io/arch": arch,
          "node.kubernetes.io/instance-type": vm.specName,
          "topology.kubernetes.io/region": snapshot.region,
          "topology.kubernetes.io/zone": vm.zone,
          "cloud-barista.io/node-group": group,
        },
      },
      spec: { providerID: `${providerIdScheme[snapshot.provider] ?? "emulator"}:///${vm.zone}/${vm.id}` },
      status: {
        capacity,
        allocatable: capacity,
        conditions: [
          {
            type: "Ready",
            status: ready ? "True" : "False",
            lastHeartbeatTime: iso(snapshot.now),
            lastTransitionTime: iso(vm.stateSince),
            reason: ready ? "KubeletReady" : "KubeletNotReady",
            message: ready ? "kubelet is posting ready status" : `the node's VM is ${vm.state}`,
          },
        ],
        addresses: [
          { type: "InternalIP", address: vm.privateIp },
          ...(vm.publicIp ? [{ type: "ExternalIP", address: vm.publicIp }] : []),
          { type: "Hostname", address: name },
        ],
        nodeInfo: {
          machineID: uidOf("machine", vm.id).replace(/-/g, ""),
          systemUUID: uidOf("system", vm.id),
          bootID: uidOf("boot", vm.id, String(vm.launchedAt)),
          kernelVersion: "6.1.0-emulated",
          osImage: vm.image.name,
          containerRuntimeVersion: "containerd://1.7.22",
          kubeletVersion: version,
          kubeProxyVersion: version,
          operatingSystem: "linux",
          architecture: arch,
        },
      },
    };
  });
}

export function namespaces(snapshot: ClusterSnapshot): KubeObject[] {
  return ["default", "kube-node-lease", "kube-public", "kube-system"].map((name) => ({
    kind: "Namespace",
    apiVersion: "v1",
    metadata: {
      name,
      uid: uidOf(snapshot.cluster.id, "namespace", name),
      resourceVersion: "1",
      creationTimestamp: iso(snapshot.cluster.createdAt),
      labels: { "kubernetes.io/metadata.name": name },
    },
    spec: { finalizers: ["kubernetes"] },
    status: { phase: "Active" },
  }));
}

function pod(
  snapshot: ClusterSnapshot,
  name: string,
  app: string,
  image: string,
  node: { vm: Vm } | undefined,
): KubeObject {
  const running = node !== undefined && isReady(snapshot, node.vm);
  const started = iso(node ? node.vm.stateSince : snapshot.cluster.createdAt);
  return {
    kind: "Pod",
    apiVersion: "v1",
    metadata: {
      name,
      namespace: "kube-system",
      uid: uidOf(snapshot.cluster.id, "pod", name),
      resourceVersion: "1",
      creationTimestamp: iso(snapshot.cluster.createdAt),
      labels: { "k8s-app": app },
    },
    spec: {
      ...(node ? { nodeName: nodeName(node.vm) } : {}),
      containers: [{ name: app, image }],
    },
    status: {
      phase: running ? "Running" : "Pending",
      conditions: [{ type: "Ready", status: running ? "True" : "False" }],
      ...(node ? { hostIP: node.vm.privateIp, podIP: node.vm.privateIp } : {}),
      startTime: started,
      containerStatuses: [
        {
          name: app,
          image,
          imageID: "",
          ready: running,
          started: running,
          restartCount: 0,
          state: running ? { running: { startedAt: started } } : { waiting: { reason: "ContainerCreating" } },
        },
      ],
    },
  };
}

/** kube-system's pods: two CoreDNS replicas on the first ready nodes, a kube-proxy per node. */
export function pods(snapshot: ClusterSnapshot): KubeObject[] {
  const minor = gitVersionOf(snapshot.cluster.version).split(".").slice(0, 2).join(".");
  const ready = snapshot.nodes.filter((n) => isReady(snapshot, n.vm));
  const dnsHash = shortHash(snapshot.cluster.id, "coredns");
  const coredns = [0, 1].map((i) =>
    pod(
      snapshot,
      `coredns-${dnsHash}${shortHash(snapshot.cluster.id, "coredns", String(i)).slice(0, 3)}-${shortHash(String(i), snapshot.cluster.id)}`,
      "kube-dns",
      "registry.k8s.io/coredns/coredns:v1.11.3",
      ready[i % Math.max(1, ready.length)],
    ),
  );
  const proxies = snapshot.nodes.map((n) =>
    pod(
      snapshot,
      `kube-proxy-${shortHash(snapshot.cluster.id, n.vm.id)}`,
      "kube-proxy",
      `registry.k8s.io/kube-proxy:${minor}.0`,
      n,
    ),
  );
  return [...coredns, ...proxies];
}

export function services(snapshot: ClusterSnapshot): KubeObject[] {
  const service = (
    namespace: string,
    name: string,
    clusterIP: string,
    ports: { name: string; port: number; protocol: string }[],
  ) => ({
    kind: "Service",
    apiVersion: "v1",
    metadata: {
      name,
      namespace,
      uid: uidOf(snapshot.cluster.id, "service", namespace, name),
      resourceVersion: "1",
      creationTimestamp: iso(snapshot.cluster.createdAt),
    },
    spec: { type: "ClusterIP", clusterIP, clusterIPs: [clusterIP], ports },
    status: { loadBalancer: {} },
  });
  return [
    service("default", "kubernetes", "10.100.0.1", [{ name: "https", port: 443, protocol: "TCP" }]),
    service("kube-system", "kube-dns", "10.100.0.10", [
      { name: "dns", port: 53, protocol: "UDP" },
      { name: "dns-tcp", port: 53, protocol: "TCP" },
    ]),
  ];
}

/** Each resource the API serves: its kind, whether namespaced, and its objects. */
export const kubeResources = {
  nodes: { kind: "Node", singularName: "node", namespaced: false, shortNames: ["no"], objects: nodes },
  namespaces: {
    kind: "Namespace",
    singularName: "namespace",
    namespaced: false,
    shortNames: ["ns"],
    objects: namespaces,
  },
  pods: { kind: "Pod", singularName: "pod", namespaced: true, shortNames: ["po"], objects: pods },
  services: { kind: "Service", singularName: "service", namespaced: true, shortNames: ["svc"], objects: services },
} as const;

export type KubeResourceName = keyof typeof kubeResources;
