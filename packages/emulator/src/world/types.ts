import type { CpuArchitecture, OsPlatform } from "./catalog/types.js";
import type { ResourceKind } from "./kinds.js";

export { resourceKinds } from "./kinds.js";
export type { ResourceKind } from "./kinds.js";

// The shapes the world hands out. Every read returns a fresh copy; mutating it changes nothing.
// Times are clock milliseconds since the epoch.
//
// The world speaks a cloud's vocabulary, not the SDK's portable model, and the two share no
// values: kinds are "network", "instance", "load-balancer", ...; rules go "ingress"/"egress" over
// "tcp"/"udp"/"icmp"/"all" with a port range; load balancers have a scheme, lower-case protocols
// and a health check with healthy and unhealthy thresholds; catalog states and platforms are
// lower-case. The world is a test double of the clouds, so a driver that handed portable values
// through untranslated would fail to compile against it, as it would fail against a cloud.
// Fronts translate to their wire protocol; driver-mock translates in its src/vocabulary.ts.

/** A resource's tags (labels on GCP): key to value; keys are unique, values may be empty. */
export type Tags = Record<string, string>;

/** A reference to another resource, with the name it had when referenced. */
export interface Ref {
  id: string;
  name: string;
}

/** The fields every resource of one of `resourceKinds` has. */
export interface ResourceBase {
  id: string;
  name: string;
  kind: ResourceKind;
  createdAt: number;
  tags: Tags;
}

/** How hosts of an IPv6 subnet get addresses (Neutron's ipv6_address_mode and ipv6_ra_mode values). */
export type Ipv6Mode = "slaac" | "dhcpv6-stateful" | "dhcpv6-stateless";

/** An IP range of a VPC in one zone (a subnetwork on GCP, a vSwitch on Alibaba). */
export interface Subnet extends ResourceBase {
  kind: "subnet";
  vpcId: string;
  /** 6 only where the cloud keeps IPv6 in subnets of their own (Neutron); every other subnet is 4. */
  ipVersion: 4 | 6;
  cidr: string;
  /** IPv6 only: how hosts pick addresses; slaac and dhcpv6-stateless derive them from the MAC (EUI-64). */
  ipv6AddressMode?: Ipv6Mode;
  /** IPv6 only: what the router advertises. */
  ipv6RaMode?: Ipv6Mode;
  zone: string;
  availableIpCount: number;
  /** The default subnet of its zone, in the account's default VPC (EC2's defaultForAz). */
  defaultForZone?: true;
}

/** What the operator set on a network it shares with every account (see the catalog's sharedNetworks). */
export interface SharedNetwork {
  external: boolean;
  networkType: "flat" | "vlan";
  physicalNetwork: string;
  mtu: number;
}

/** A virtual private network (a network on GCP and Neutron, a virtual network on Azure) with its subnets. */
export interface Vpc extends ResourceBase {
  kind: "network";
  /** Absent on providers whose VPCs carry no CIDR (GCP, IBM, OpenStack) when none was given. */
  cidr?: string;
  /** Present on the operator's shared networks, which no account may change or delete. */
  shared?: SharedNetwork;
  /** The VPC every account starts with in each region (EC2's default VPC): the account may delete it. */
  isDefault?: true;
  subnets: Subnet[];
}

/** A set of firewall rules in one VPC, applied to the VMs and interfaces that name it. */
export interface SecurityGroup extends ResourceBase {
  kind: "security-group";
  vpc: Ref;
  description: string;
  rules: SecurityGroupRule[];
  /** The group the cloud made with the default VPC; it goes only with its VPC. */
  isDefault?: true;
}

/** Traffic into the group's members (ingress) or out of them (egress). */
export type TrafficDirection = "ingress" | "egress";
/** IP protocols a rule can name; "all" is every protocol (EC2's "-1", Neutron's null). */
export type IpProtocol = "tcp" | "udp" | "icmp" | "all";

/** An inclusive range of ports, 0..65535, `from` <= `to`. */
export interface PortRange {
  from: number;
  to: number;
}

/**
 * One firewall rule, for one CIDR, as EC2 and Neutron keep them. tcp and udp rules carry a port
 * range; icmp and all rules carry none (they cover every type and code, every port).
 */
export interface SecurityGroupRule {
  direction: TrafficDirection;
  protocol: IpProtocol;
  portRange?: PortRange;
  /** Source (ingress) or destination (egress) range. */
  cidr: string;
  /**
   * Where a cloud's rules are ordered and may deny (Azure NSGs, GCP firewalls, Alibaba, Tencent):
   * the rule's name, its priority (lower first) and what it does. Absent: an unnamed, unordered
   * allow rule, as EC2 and Neutron keep them.
   */
  name?: string;
  priority?: number;
  action?: "allow" | "deny";
}

/** The algorithm of an SSH key pair; the cloud generates RSA unless asked otherwise. */
export type KeyType = "rsa" | "ed25519";

/** An SSH public key the account registered or had the cloud generate; the world keeps no private key. */
export interface KeyPair extends ResourceBase {
  kind: "key-pair";
  /** OpenSSH SHA-256 fingerprint ("SHA256:..."), as `ssh-keygen -l` prints it. */
  fingerprint: string;
  /** OpenSSH public key line ("ssh-rsa AAAA..."). */
  publicKey: string;
  keyType: KeyType;
  /**
   * Hex SHA-1 of the private key's PKCS#8 DER, for keys the cloud generated (absent for imported
   * ones): AWS shows it as the fingerprint of RSA keys it created.
   */
  privateKeySha1?: string;
}

/**
 * Provider-neutral native VM states; fronts and drivers map them to their own vocabularies. "error"
 * is a build that failed (a "background" fault on the call that ran it): the VM ends there after its pending
 * time, holds no host and no interfaces it made, and can only be terminated.
 */
export type VmState =
  "pending" | "running" | "stopping" | "stopped" | "starting" | "rebooting" | "shutting-down" | "terminated" | "error";

export interface ImageRef extends Ref {
  /** "public" for catalog images, "private" for the account's own images (snapshots of a VM). */
  visibility: "public" | "private";
}

/** A virtual machine, with its place in the network, its disks and its addresses. */
export interface Vm extends ResourceBase {
  kind: "instance";
  state: VmState;
  /** When the VM entered `state`. */
  stateSince: number;
  zone: string;
  specName: string;
  vcpus: number;
  memoryMiB: number;
  architecture: CpuArchitecture;
  platform: OsPlatform;
  osDistribution: string;
  image: ImageRef;
  vpc: Ref;
  subnet: Ref;
  securityGroups: Ref[];
  keyPair?: Ref;
  /** `iops` and `throughputMiBps`: what was provisioned, where the disk type takes them (EBS io1/io2/gp3). */
  rootDisk: { type: string; sizeGB: number; deviceName: string; iops?: number; throughputMiBps?: number };
  /** The disk the VM boots from, where it boots from a disk of its own (OpenStack boot from volume). */
  rootVolume?: Ref;
  dataDisks: Ref[];
  loginUser: string;
  privateIp: string;
  privateDns?: string;
  /** Present while the VM holds a public address (released on stop, as on AWS). */
  publicIp?: string;
  publicDns?: string;
  /** When the VM was last launched (run or start). */
  launchedAt: number;
}

/** What a VM control call did, as AWS StateChange reports it. */
export interface VmStateChange {
  id: string;
  previousState: VmState;
  currentState: VmState;
}

/**
 * A disk's state. Transitional states settle after a timing (`diskCreateMs`, `diskAttachMs`,
 * `diskDetachMs`, `diskExtendMs`, `diskDeleteMs`); "error" ends a failed creation,
 * "error-extending" a failed extension (both can only be deleted).
 */
export type DiskState =
  | "creating"
  | "available"
  | "attaching"
  | "in-use"
  | "detaching"
  | "extending"
  | "deleting"
  | "error"
  | "error-extending";

/** A block storage volume in one zone (an EBS volume, a Cinder volume, a managed disk). */
export interface Disk extends ResourceBase {
  kind: "volume";
  state: DiskState;
  zone: string;
  type: string;
  /** The current size; an extension shows its new size once it completes. */
  sizeGB: number;
  /**
   * Present from the start of an attach until its detach completes; `deleteOnTermination`: the disk
   * goes when the VM is terminated (a boot volume Nova made).
   */
  attachment?: { vm: Ref; device: string; deleteOnTermination?: boolean };
  /** The image the disk was created from (a bootable volume), when it was. */
  sourceImageId?: string;
  /** Provisioned IOPS and throughput, where the disk type takes them (EBS io1/io2/gp3). */
  iops?: number;
  throughputMiBps?: number;
  /** Free text given at creation (Cinder's description), when there was one. */
  description?: string;
}

/** A private image is "pending" for `myImageCreateMs` after its creation, then "available". */
export type MyImageState = "pending" | "available";

export type SnapshotState = "pending" | "completed";

/**
 * A point-in-time copy of a disk (an EBS snapshot). Making an image snapshots the VM's root disk;
 * the snapshot outlives the image unless the image's deletion takes it along. Like routers,
 * snapshots are not one of `resourceKinds`.
 */
export interface Snapshot {
  id: string;
  createdAt: number;
  tags: Tags;
  state: SnapshotState;
  sizeGB: number;
  description: string;
  /** The VM whose root disk was copied. */
  sourceVmId: string;
  /** The image the snapshot backs, while that image exists. */
  imageId?: string;
}

/** A private machine image the account made from one of its VMs, with what it inherits from that VM. */
export interface MyImage extends ResourceBase {
  kind: "image";
  state: MyImageState;
  sourceVm: Ref;
  architecture: CpuArchitecture;
  platform: OsPlatform;
  osDistribution: string;
  diskSizeGB: number;
  loginUser: string;
  /** The snapshot of the source VM's root disk that backs the image. */
  snapshotId?: string;
}

/**
 * provisioning -> active (`nlbProvisionMs`), or failed when provisioning fails; deleting -> gone
 * (`nlbDeleteMs`) for a balancer deleted gracefully.
 */
export type NlbState = "provisioning" | "active" | "failed" | "deleting";

/** What a network load balancer forwards: layer 4 only. */
export type LbProtocol = "tcp" | "udp";
/** How targets are checked: a TCP connect, or an HTTP(S) GET expecting 200. */
export type HealthCheckProtocol = "tcp" | "http" | "https";
/** Whether the balancer's address is public (internet-facing) or in its subnet (internal). */
export type LbScheme = "internet-facing" | "internal";
/** Whether a load balancer serves one region or is global (the SDK's NLB scope); "regional" unless asked. */
export type LbScope = "regional" | "global";

/** A target group's health check, as ELBv2 target groups and Octavia health monitors describe it. */
export interface HealthCheck {
  protocol: HealthCheckProtocol;
  port: number;
  intervalSeconds: number;
  timeoutSeconds: number;
  /** Consecutive passing checks that make a target healthy. */
  healthyThreshold: number;
  /** Checks without turning healthy after which a target is unhealthy. */
  unhealthyThreshold: number;
}

/** A network (layer 4) load balancer: one listener forwarding to one target group of VMs. */
export interface Nlb extends ResourceBase {
  kind: "load-balancer";
  state: NlbState;
  vpc: Ref;
  /** The subnet the load balancer's address lives in. */
  subnet: Ref;
  scheme: LbScheme;
  scope: LbScope;
  listener: { protocol: LbProtocol; port: number; ip: string; dnsName?: string };
  targetGroup: { protocol: LbProtocol; port: number; targets: Ref[] };
  healthCheck: HealthCheck;
}

/** A target's health as ELBv2 names it; see `TargetHealth.state`. */
export type TargetHealthState = "initial" | "healthy" | "unhealthy" | "unused";

/**
 * One target of a load balancer and its health, derived from time: healthy once `healthyThreshold`
 * checks of a running VM have passed since both the balancer turned active and the target was
 * registered.
 */
export interface TargetHealth {
  vm: Ref;
  /** initial: not yet judged (see HealthCheck's thresholds); unused: the VM no longer exists. */
  state: TargetHealthState;
}

/** A resource found by a tag search. */
export interface TaggedResource {
  kind: ResourceKind;
  id: string;
  name: string;
  tags: Tags;
}

/** A router: the subnets it has interfaces on, and its external gateway address when it has one. */
export interface Router {
  id: string;
  name: string;
  createdAt: number;
  tags: Tags;
  /** The router's source-NAT address on the outside, present while it has an external gateway. */
  externalIp?: string;
  subnets: Ref[];
}

/** An address of a network interface, in one of its VPC's subnets. */
export interface FixedIp {
  subnetId: string;
  ip: string;
}

/**
 * A network interface (a Neutron port, an EC2 network interface): addresses in a VPC's subnets and
 * the security groups that filter them. A VM run without one gets one that goes with it; one made
 * on its own outlives the VMs that use it. Like routers, interfaces are not one of `resourceKinds`.
 */
export interface NetworkInterface {
  id: string;
  name: string;
  description: string;
  createdAt: number;
  tags: Tags;
  vpc: Ref;
  /** Its addresses, IPv4 and IPv6; the first IPv4 one is the interface's primary address. */
  fixedIps: FixedIp[];
  macAddress: string;
  securityGroups: Ref[];
  /** Whether security groups filter its traffic (Neutron's port_security_enabled). */
  portSecurity: boolean;
  /** What uses it, in Neutron's words (device_id, device_owner "compute:<zone>"); "" when free. */
  deviceId: string;
  deviceOwner: string;
  /** The VM using it: its place on the VM (0 is the primary) and whether it goes with the VM. */
  attachment?: { vm: Ref; index: number; deleteOnTermination: boolean };
}

/** What a public IP can forward to: an instance, a load balancer's address, or a network interface. */
export type PublicIpTargetKind = Extract<ResourceKind, "instance" | "load-balancer"> | "network-interface";

/** A public address held apart from VMs (a floating IP, an Elastic IP). */
export interface PublicIp {
  id: string;
  address: string;
  createdAt: number;
  tags: Tags;
  description: string;
  /** What the address forwards to; absent when unassociated or when the target is gone. */
  target?: Ref & { kind: PublicIpTargetKind };
}

/**
 * A managed Kubernetes cluster's state: "creating" for `clusterCreateMs`, then "active"; an upgrade
 * is "updating" for `clusterUpgradeMs`; "deleting" for `clusterDeleteMs`, then gone; "failed" ends
 * a creation the gate made fail.
 */
export type ClusterState = "creating" | "active" | "updating" | "deleting" | "failed";

/** A node group's state, with the same meanings (durations `nodeGroup*Ms`). */
export type NodeGroupState = "creating" | "active" | "updating" | "deleting" | "failed";

/** Kubernetes versions a provider offers for new clusters and upgrades. */
export interface ClusterVersion {
  version: string;
  /** The provider's default for new clusters. */
  default?: boolean;
  /** Still offered, past standard support. */
  deprecated?: boolean;
}

/**
 * A group of worker VMs the cloud scales. Its nodes are ordinary world VMs (they count against
 * the VM quotas and show in VM listings) of the group's spec, in the cluster's subnets.
 */
export interface NodeGroup {
  id: string;
  name: string;
  clusterId: string;
  state: NodeGroupState;
  createdAt: number;
  tags: Tags;
  specName: string;
  /** The image the nodes boot (the region's default node image unless one was given). */
  image: Ref;
  rootDisk: { type?: string; sizeGB?: number };
  keyPair?: Ref;
  autoScaling: boolean;
  desiredSize: number;
  minSize: number;
  maxSize: number;
  /** The group's live VMs (pending ones included), oldest first. */
  nodes: Ref[];
}

/** A provider-managed Kubernetes control plane with its node groups. */
export interface Cluster {
  id: string;
  name: string;
  kind: "cluster";
  state: ClusterState;
  createdAt: number;
  tags: Tags;
  /** The control plane's version (the new one once an upgrade completes). */
  version: string;
  /** While "updating": the version being upgraded to. */
  upgradingTo?: string;
  vpc: Ref;
  subnets: Ref[];
  securityGroups: Ref[];
  nodeGroups: NodeGroup[];
  /** PEM certificate of the cluster's own CA (its API server's certificate is signed by it). */
  caCertificate: string;
}

/** How to reach an active cluster's Kubernetes API (served by `world.kube`). */
export interface ClusterAccess {
  /** The API server's URL, "https://127.0.0.1:<port>". */
  endpoint: string;
  /** PEM of the cluster's CA, which signed the API server's certificate. */
  caCertificate: string;
}
