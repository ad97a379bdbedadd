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

export type Tags = Record<string, string>;

/** A reference to another resource, with the name it had when referenced. */
export interface Ref {
  id: string;
  name: string;
}

export interface ResourceBase {
  id: string;
  name: string;
  kind: ResourceKind;
  createdAt: number;
  tags: Tags;
}

export interface Subnet extends ResourceBase {
  kind: "subnet";
  vpcId: string;
  cidr: string;
  zone: string;
  availableIpCount: number;
}

export interface Vpc extends ResourceBase {
  kind: "network";
  /** Absent on providers whose VPCs carry no CIDR (GCP, IBM, OpenStack) when none was given. */
  cidr?: string;
  subnets: Subnet[];
}

export interface SecurityGroup extends ResourceBase {
  kind: "security-group";
  vpc: Ref;
  description: string;
  rules: SecurityGroupRule[];
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
}

export type KeyType = "rsa" | "ed25519";

export interface KeyPair extends ResourceBase {
  kind: "key-pair";
  /** OpenSSH SHA-256 fingerprint ("SHA256:..."), as `ssh-keygen -l` prints it. */
  fingerprint: string;
  /** OpenSSH public key line ("ssh-rsa AAAA..."). */
  publicKey: string;
  keyType: KeyType;
}

/** Provider-neutral native VM states; fronts and drivers map them to their own vocabularies. */
export type VmState =
  "pending" | "running" | "stopping" | "stopped" | "starting" | "rebooting" | "shutting-down" | "terminated";

export interface ImageRef extends Ref {
  /** "public" for catalog images, "private" for the account's own images (snapshots of a VM). */
  visibility: "public" | "private";
}

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
  rootDisk: { type: string; sizeGB: number; deviceName: string };
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

export interface Disk extends ResourceBase {
  kind: "volume";
  state: DiskState;
  zone: string;
  type: string;
  /** The current size; an extension shows its new size once it completes. */
  sizeGB: number;
  /** Present from the start of an attach until its detach completes. */
  attachment?: { vm: Ref; device: string };
  /** The image the disk was created from (a bootable volume), when it was. */
  sourceImageId?: string;
  /** Free text given at creation (Cinder's description), when there was one. */
  description?: string;
}

export type MyImageState = "pending" | "available";

export interface MyImage extends ResourceBase {
  kind: "image";
  state: MyImageState;
  sourceVm: Ref;
  architecture: CpuArchitecture;
  platform: OsPlatform;
  osDistribution: string;
  diskSizeGB: number;
  loginUser: string;
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

export type TargetHealthState = "initial" | "healthy" | "unhealthy" | "unused";

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

/** What a public IP can forward to: an instance, or a load balancer's address. */
export type PublicIpTargetKind = Extract<ResourceKind, "instance" | "load-balancer">;

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
