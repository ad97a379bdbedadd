import type { World } from "../../../world/world.js";
import type { Tags } from "../../../world/types.js";

// ELBv2 builds a network load balancer from three objects created one by one (load balancer,
// target group, listener); the world models an NLB as one object with its listener and target
// group. This overlay keeps what the world cannot hold yet: load balancers without a listener,
// target groups on their own, and the ARNs the front handed out. Each listener is one world NLB
// (its port, its target group's targets and health checks), so a load balancer with several
// listeners is several world NLBs behind one ELBv2 load balancer. It is the only state the AWS
// front keeps, attached to the world so that every front over one world sees the same objects.

export interface LoadBalancerEntry {
  seq: number;
  arn: string;
  name: string;
  scheme: "internet-facing" | "internal";
  vpcId: string;
  subnets: { id: string; zone: string }[];
  dnsName: string;
  createdAt: number;
  tags: Tags;
  /** The world NLB of its first listener, whose state the load balancer shows; absent without listeners. */
  worldId?: string | undefined;
}

/** ELBv2's protocols of network load balancers' listeners and target groups (the world's are lower-case). */
export type ElbProtocol = "TCP" | "UDP";
export type ElbHealthCheckProtocol = "TCP" | "HTTP" | "HTTPS";

export interface TargetGroupHealthCheck {
  protocol: ElbHealthCheckProtocol;
  /** "traffic-port": the port targets receive traffic on. */
  port: "traffic-port" | number;
  path?: string | undefined;
  intervalSec: number;
  timeoutSec: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
}

export interface TargetGroupEntry {
  seq: number;
  arn: string;
  name: string;
  protocol: ElbProtocol;
  port: number;
  vpcId: string;
  healthCheck: TargetGroupHealthCheck;
  createdAt: number;
  tags: Tags;
  /** Registered instances; while a listener uses the group, the world NLB holds the same ones. */
  targets: string[];
  loadBalancerArn?: string | undefined;
}

export interface ListenerEntry {
  seq: number;
  arn: string;
  loadBalancerArn: string;
  protocol: ElbProtocol;
  port: number;
  targetGroupArn: string;
  /** The world NLB that serves this listener. */
  worldId: string;
}

/** The ELBv2 objects of one account in one region. */
export class ElbState {
  readonly loadBalancers = new Map<string, LoadBalancerEntry>();
  readonly targetGroups = new Map<string, TargetGroupEntry>();
  readonly listeners = new Map<string, ListenerEntry>();
  #seq = 0;

  /** The listeners of one load balancer, oldest first. */
  listenersOf(loadBalancerArn: string): ListenerEntry[] {
    return [...this.listeners.values()].filter((l) => l.loadBalancerArn === loadBalancerArn);
  }

  /** The world NLBs of the listeners that forward to a target group. */
  worldIdsOf(targetGroupArn: string): string[] {
    return [...this.listeners.values()].filter((l) => l.targetGroupArn === targetGroupArn).map((l) => l.worldId);
  }

  nextSeq(): number {
    return ++this.#seq;
  }
}

const states = new WeakMap<World, Map<string, ElbState>>();

/** The overlay of one account and region of a world, created on first use. */
export function elbStateOf(world: World, account: string, region: string): ElbState {
  let places = states.get(world);
  if (!places) {
    places = new Map();
    states.set(world, places);
  }
  const key = `${account}\u0000${region}`;
  let state = places.get(key);
  if (!state) {
    state = new ElbState();
    places.set(key, state);
  }
  return state;
}
