import type {
  HealthCheckProtocol,
  HealthChecker,
  ImageStatus,
  ImageType,
  NlbProtocol,
  NlbScope,
  NlbType,
  OsPlatform,
  ResourceType,
  RuleDirection,
  RuleProtocol,
  SecurityRule,
  ZoneStatus,
} from "@cloud-barista/core/driver";
import type {
  ErrorResourceType,
  HealthCheck,
  Image,
  ImageRef,
  IpProtocol,
  LbProtocol,
  LbScheme,
  LbScope,
  ResourceKind,
  SecurityGroupRule,
  TrafficDirection,
  HealthCheckProtocol as WorldHealthCheckProtocol,
  OsPlatform as WorldOsPlatform,
  ZoneStatus as WorldZoneStatus,
} from "@cloud-barista/emulator";

// The SDK's portable model and the emulator world each speak their own vocabulary; this module is
// the one place where driver-mock translates between them. Every table is a Record over all the
// values it translates from (both ways where values travel both ways), so a value added on either
// side fails to compile here instead of passing through.

/** The world's kind of each SDK resource type. */
const kindOfType: Readonly<Record<ResourceType, ResourceKind>> = {
  vpc: "network",
  subnet: "subnet",
  securityGroup: "security-group",
  keyPair: "key-pair",
  vm: "instance",
  disk: "volume",
  myImage: "image",
  nlb: "load-balancer",
};

const typeOfKind: Readonly<Record<ResourceKind, ResourceType>> = {
  network: "vpc",
  subnet: "subnet",
  "security-group": "securityGroup",
  "key-pair": "keyPair",
  instance: "vm",
  volume: "disk",
  image: "myImage",
  "load-balancer": "nlb",
};

export function toWorldKind(type: ResourceType): ResourceKind {
  return kindOfType[type];
}

export function fromWorldKind(kind: ResourceKind): ResourceType {
  return typeOfKind[kind];
}

/**
 * What a world error is about, in the SDK's words: the resource type of a world kind, else the
 * world's own word ("security-group-rule", "spec", ...). The world calls public and private images
 * alike "image"; `images` says which the failed call was about.
 */
export function fromWorldErrorResourceType(
  type: ErrorResourceType | undefined,
  images: "image" | "myImage" = "image",
): string | undefined {
  if (type === undefined) return undefined;
  if (type === "image") return images;
  return isKind(type) ? typeOfKind[type] : type;
}

function isKind(type: ErrorResourceType): type is ResourceKind {
  return Object.hasOwn(typeOfKind, type);
}

/** A VM's image: public images are the catalog's, private ones the account's my-images. */
const imageTypeOfVisibility: Readonly<Record<ImageRef["visibility"], ImageType>> = {
  public: "PublicImage",
  private: "MyImage",
};

export function fromWorldImageVisibility(visibility: ImageRef["visibility"]): ImageType {
  return imageTypeOfVisibility[visibility];
}

/** Which images a VM request of this image type names: what the call's "image" errors are about. */
export function imagesOf(type: ImageType | undefined): "image" | "myImage" {
  return type === "MyImage" ? "myImage" : "image";
}

const trafficDirectionOf: Readonly<Record<RuleDirection, TrafficDirection>> = {
  inbound: "ingress",
  outbound: "egress",
};
const ruleDirectionOf: Readonly<Record<TrafficDirection, RuleDirection>> = { ingress: "inbound", egress: "outbound" };
const ipProtocolOf: Readonly<Record<RuleProtocol, IpProtocol>> = { TCP: "tcp", UDP: "udp", ICMP: "icmp", ALL: "all" };
const ruleProtocolOf: Readonly<Record<IpProtocol, RuleProtocol>> = { tcp: "TCP", udp: "UDP", icmp: "ICMP", all: "ALL" };

/** A portable rule as the world keeps it: its ports become a port range. */
export function toWorldRule(rule: SecurityRule): SecurityGroupRule {
  const { fromPort, toPort } = rule;
  // A range with one end missing has no port there; the world refuses it (NaN is no port).
  const ports =
    fromPort === undefined && toPort === undefined ? {} : { portRange: { from: fromPort ?? NaN, to: toPort ?? NaN } };
  return {
    direction: trafficDirectionOf[rule.direction],
    protocol: ipProtocolOf[rule.protocol],
    ...ports,
    cidr: rule.cidr,
  };
}

/** A world rule in the portable model: its port range becomes fromPort and toPort. */
export function fromWorldRule(rule: SecurityGroupRule): SecurityRule {
  const ports = rule.portRange ? { fromPort: rule.portRange.from, toPort: rule.portRange.to } : {};
  return {
    direction: ruleDirectionOf[rule.direction],
    protocol: ruleProtocolOf[rule.protocol],
    ...ports,
    cidr: rule.cidr,
  };
}

const lbSchemeOf: Readonly<Record<NlbType, LbScheme>> = { PUBLIC: "internet-facing", INTERNAL: "internal" };
const nlbTypeOf: Readonly<Record<LbScheme, NlbType>> = { "internet-facing": "PUBLIC", internal: "INTERNAL" };
const lbScopeOf: Readonly<Record<NlbScope, LbScope>> = { REGION: "regional", GLOBAL: "global" };
const nlbScopeOf: Readonly<Record<LbScope, NlbScope>> = { regional: "REGION", global: "GLOBAL" };
const lbProtocolOf: Readonly<Record<NlbProtocol, LbProtocol>> = { TCP: "tcp", UDP: "udp" };
const nlbProtocolOf: Readonly<Record<LbProtocol, NlbProtocol>> = { tcp: "TCP", udp: "UDP" };
const checkProtocolOf: Readonly<Record<HealthCheckProtocol, WorldHealthCheckProtocol>> = {
  TCP: "tcp",
  HTTP: "http",
  HTTPS: "https",
};
const healthCheckProtocolOf: Readonly<Record<WorldHealthCheckProtocol, HealthCheckProtocol>> = {
  tcp: "TCP",
  http: "HTTP",
  https: "HTTPS",
};

export function toWorldScheme(type: NlbType | undefined): LbScheme | undefined {
  return type === undefined ? undefined : lbSchemeOf[type];
}

export function fromWorldScheme(scheme: LbScheme): NlbType {
  return nlbTypeOf[scheme];
}

export function toWorldScope(scope: NlbScope | undefined): LbScope | undefined {
  return scope === undefined ? undefined : lbScopeOf[scope];
}

export function fromWorldScope(scope: LbScope): NlbScope {
  return nlbScopeOf[scope];
}

export function toWorldLbProtocol(protocol: NlbProtocol): LbProtocol {
  return lbProtocolOf[protocol];
}

export function fromWorldLbProtocol(protocol: LbProtocol): NlbProtocol {
  return nlbProtocolOf[protocol];
}

/**
 * A portable health checker as the world's health check: the one threshold counts both ways
 * (checks to turn healthy, and to turn unhealthy). Missing fields stay missing: the world's
 * defaults apply.
 */
export function toWorldHealthCheck(checker: Partial<HealthChecker> | undefined): Partial<HealthCheck> | undefined {
  if (checker === undefined) return undefined;
  return {
    protocol: checker.protocol === undefined ? undefined : checkProtocolOf[checker.protocol],
    port: checker.port,
    intervalSeconds: checker.intervalSec,
    timeoutSeconds: checker.timeoutSec,
    healthyThreshold: checker.threshold,
    unhealthyThreshold: checker.threshold,
  };
}

/** A world health check as a portable health checker, whose one threshold is the healthy one. */
export function fromWorldHealthCheck(check: HealthCheck): HealthChecker {
  return {
    protocol: healthCheckProtocolOf[check.protocol],
    port: check.port,
    intervalSec: check.intervalSeconds,
    timeoutSec: check.timeoutSeconds,
    threshold: check.healthyThreshold,
  };
}

const zoneStatusOf: Readonly<Record<WorldZoneStatus, ZoneStatus>> = {
  available: "Available",
  unavailable: "Unavailable",
};
const imageStatusOf: Readonly<Record<Image["status"], ImageStatus>> = { available: "Available" };
const osPlatformOf: Readonly<Record<WorldOsPlatform, OsPlatform>> = { linux: "Linux/UNIX", windows: "Windows" };

export function fromWorldZoneStatus(status: WorldZoneStatus): ZoneStatus {
  return zoneStatusOf[status];
}

export function fromWorldImageStatus(status: Image["status"]): ImageStatus {
  return imageStatusOf[status];
}

export function fromWorldOsPlatform(platform: WorldOsPlatform): OsPlatform {
  return osPlatformOf[platform];
}
