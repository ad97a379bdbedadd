import type { AccountRegion } from "../../../world/account-region.js";
import { isWorldError } from "../../../world/errors.js";
import type { Nlb } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import { derivedCode } from "../ids.js";
import type { QueryParams } from "../params.js";
import type { XmlFields } from "../xml.js";
import type { ElbAction, ElbContext } from "./context.js";
import { markerPage } from "./markers.js";
import { arnSuffix, checkElbName, elbArn } from "./names.js";
import type { ElbState, LoadBalancerEntry } from "./state.js";
import { readElbTags } from "./tags.js";

/** The world NLB behind a load balancer, once it has one (and reads can see it). */
export function worldNlbOf(cloud: AccountRegion, lb: LoadBalancerEntry): Nlb | undefined {
  if (lb.worldId === undefined) return undefined;
  try {
    return cloud.nlbs.get(lb.worldId);
  } catch (error) {
    if (isWorldError(error, "NotFound")) return undefined;
    throw error;
  }
}

export function requireLoadBalancer(state: ElbState, arn: string): LoadBalancerEntry {
  const lb = state.loadBalancers.get(arn);
  if (!lb) throw new AwsFault("LoadBalancerNotFound", `Load balancer '${arn}' not found`);
  return lb;
}

function renderLoadBalancer(ctx: ElbContext, cloud: AccountRegion, lb: LoadBalancerEntry): XmlFields {
  const nlb = worldNlbOf(cloud, lb);
  const active = ctx.world.clock.now() >= lb.createdAt + ctx.world.timing.nlbProvisionMs;
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: `Z${derivedCode(`elb/${ctx.region}`, 12)}`,
    CreatedTime: new Date(lb.createdAt),
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: lb.vpcId,
    State: { Code: active ? "active" : "provisioning" },
    Type: "network",
    AvailabilityZones: lb.subnets.map((s, i) => ({
      ZoneName: s.zone,
      SubnetId: s.id,
      // The world gives a load balancer one address; it shows in its first zone.
      LoadBalancerAddresses: nlb && i === 0 ? [{ IpAddress: nlb.listener.ip }] : [],
    })),
    IpAddressType: "ipv4",
  };
}

function readSubnetIds(params: QueryParams): string[] {
  const ids = [
    ...params.strings("Subnets.member"),
    ...params.list("SubnetMappings.member").map((m) => m.required("SubnetId")),
  ];
  if (ids.length === 0) throw new AwsFault("ValidationError", "At least one subnet must be specified");
  return ids;
}

/**
 * CreateLoadBalancer: a network load balancer in one subnet per zone of a VPC. Creating a name
 * that exists with the same settings returns the existing load balancer, as ELBv2 does.
 */
export const createLoadBalancer: ElbAction = async (ctx) => {
  const { params, state } = ctx;
  const name = params.required("Name");
  checkElbName("load balancer", name);
  const type = params.string("Type") ?? "application";
  if (type !== "network")
    throw new AwsFault("ValidationError", `The emulator serves network load balancers only, not '${type}'`);
  const scheme = params.string("Scheme") ?? "internet-facing";
  if (scheme !== "internet-facing" && scheme !== "internal")
    throw new AwsFault("ValidationError", `Scheme '${scheme}' is not valid`);
  if ((params.string("IpAddressType") ?? "ipv4") !== "ipv4")
    throw new AwsFault("ValidationError", "The emulator serves ipv4 load balancers only");
  const subnetIds = readSubnetIds(params);
  const tags = readElbTags(params);
  return ctx.call((cloud) => {
    const subnets = subnetIds.map((id) => cloud.subnets.get(id));
    const vpcId = subnets[0]?.vpcId ?? "";
    if (subnets.some((s) => s.vpcId !== vpcId))
      throw new AwsFault("InvalidConfigurationRequest", "All subnets must belong to the same VPC");
    if (new Set(subnets.map((s) => s.zone)).size !== subnets.length) {
      throw new AwsFault(
        "InvalidConfigurationRequest",
        "A load balancer cannot be attached to multiple subnets in the same Availability Zone",
      );
    }
    const existing = [...state.loadBalancers.values()].find((l) => l.name === name);
    if (existing) {
      const same = existing.scheme === scheme && existing.subnets.map((s) => s.id).join() === subnetIds.join();
      if (!same)
        throw new AwsFault(
          "DuplicateLoadBalancerName",
          `A load balancer with the same name '${name}' exists, but with different settings`,
        );
      return { LoadBalancers: [renderLoadBalancer(ctx, cloud, existing)] };
    }
    const limit = ctx.world.quotas.limitsFor("AWS", ctx.account, ctx.region).nlbs;
    if (state.loadBalancers.size >= limit)
      throw new AwsFault("TooManyLoadBalancers", `You've reached the limit of ${limit} load balancers`);
    const suffix = arnSuffix();
    const entry: LoadBalancerEntry = {
      seq: state.nextSeq(),
      arn: elbArn(ctx.region, ctx.account, `loadbalancer/net/${name}/${suffix}`),
      name,
      scheme,
      vpcId,
      subnets: subnets.map((s) => ({ id: s.id, zone: s.zone })),
      dnsName: `${name}-${suffix}.elb.${ctx.region}.amazonaws.com`,
      createdAt: ctx.world.clock.now(),
      tags,
    };
    state.loadBalancers.set(entry.arn, entry);
    return { LoadBalancers: [renderLoadBalancer(ctx, cloud, entry)] };
  });
};

/** DescribeLoadBalancers: by ARN, by name, or all, paged by PageSize and Marker. */
export const describeLoadBalancers: ElbAction = async (ctx) => {
  const arns = ctx.params.strings("LoadBalancerArns.member");
  const names = ctx.params.strings("Names.member");
  return ctx.call((cloud) => {
    const all = [...ctx.state.loadBalancers.values()];
    for (const arn of arns) requireLoadBalancer(ctx.state, arn);
    const missing = names.filter((n) => !all.some((lb) => lb.name === n));
    if (missing.length > 0)
      throw new AwsFault("LoadBalancerNotFound", `Load balancers '[${missing.join(", ")}]' not found`);
    const chosen = all.filter(
      (lb) => (arns.length === 0 || arns.includes(lb.arn)) && (names.length === 0 || names.includes(lb.name)),
    );
    const page = markerPage(ctx, chosen);
    return { LoadBalancers: page.items.map((lb) => renderLoadBalancer(ctx, cloud, lb)), NextMarker: page.nextMarker };
  });
};

/**
 * DeleteLoadBalancer: deletes the load balancer and its listener; its target group stays, with its
 * targets. Deleting one that is already gone succeeds.
 */
export const deleteLoadBalancer: ElbAction = async (ctx) => {
  const arn = ctx.params.required("LoadBalancerArn");
  await ctx.call((cloud) => {
    const lb = ctx.state.loadBalancers.get(arn);
    if (!lb) return;
    for (const listener of ctx.state.listenersOf(arn)) unbindListener(ctx.state, cloud, listener.arn);
    ctx.state.loadBalancers.delete(arn);
  });
  return {};
};

/** Ends a listener: its world NLB goes; the target group keeps its targets. */
export function unbindListener(state: ElbState, cloud: AccountRegion, listenerArn: string): void {
  const listener = state.listeners.get(listenerArn);
  if (!listener) return;
  cloud.nlbs.delete(listener.worldId);
  state.listeners.delete(listenerArn);
  const lb = state.loadBalancers.get(listener.loadBalancerArn);
  // The load balancer shows the state of its first remaining listener's NLB.
  if (lb) lb.worldId = state.listenersOf(lb.arn)[0]?.worldId;
  const tg = state.targetGroups.get(listener.targetGroupArn);
  if (tg && state.worldIdsOf(tg.arn).length === 0) tg.loadBalancerArn = undefined;
}
