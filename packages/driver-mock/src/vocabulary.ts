import type { ImageType, ResourceType, RuleDirection, RuleProtocol, SecurityRule } from "@cloud-barista/core/driver";
import type {
  ErrorResourceType,
  ImageRef,
  IpProtocol,
  ResourceKind,
  SecurityGroupRule,
  TrafficDirection,
} from "@cloud-barista/emulator";

// The SDK's portable model and the emulator world each speak their own vocabulary; this module is
// the one place where driver-mock translates between them. Every table is total in both
// directions, so a value added on either side fails to compile here instead of passing through.

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

export function worldKindOf(type: ResourceType): ResourceKind {
  return kindOfType[type];
}

export function resourceTypeOf(kind: ResourceKind): ResourceType {
  return typeOfKind[kind];
}

/**
 * What a world error is about, in the SDK's words: the resource type of a world kind, else the
 * world's own word ("security-group-rule", "spec", ...). The world calls public and private images
 * alike "image"; `images` says which the failed call was about.
 */
export function errorResourceTypeOf(
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

export function imageTypeOf(visibility: ImageRef["visibility"]): ImageType {
  return imageTypeOfVisibility[visibility];
}

/** What the world calls the images a request of this image type names, for the call's errors. */
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
export function worldRuleOf(rule: SecurityRule): SecurityGroupRule {
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
export function securityRuleOf(rule: SecurityGroupRule): SecurityRule {
  const ports = rule.portRange ? { fromPort: rule.portRange.from, toPort: rule.portRange.to } : {};
  return {
    direction: ruleDirectionOf[rule.direction],
    protocol: ruleProtocolOf[rule.protocol],
    ...ports,
    cidr: rule.cidr,
  };
}
