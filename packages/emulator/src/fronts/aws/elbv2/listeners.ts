import type { HealthCheckProtocol, LbProtocol } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import type { XmlFields } from "../xml.js";
import type { ElbAction } from "./context.js";
import { requireLoadBalancer, unbindListener } from "./load-balancers.js";
import { markerPage } from "./markers.js";
import { arnSuffix, elbArn } from "./names.js";
import type { ElbHealthCheckProtocol, ElbProtocol, ListenerEntry } from "./state.js";
import { requireTargetGroup } from "./target-groups.js";

/** ELBv2's listener quota per network load balancer. */
const maxListeners = 50;

const worldProtocol: Readonly<Record<ElbProtocol, LbProtocol>> = { TCP: "tcp", UDP: "udp" };
const worldHealthCheckProtocol: Readonly<Record<ElbHealthCheckProtocol, HealthCheckProtocol>> = {
  TCP: "tcp",
  HTTP: "http",
  HTTPS: "https",
};

function renderListener(listener: ListenerEntry): XmlFields {
  return {
    ListenerArn: listener.arn,
    LoadBalancerArn: listener.loadBalancerArn,
    Port: listener.port,
    Protocol: listener.protocol,
    DefaultActions: [
      {
        Type: "forward",
        TargetGroupArn: listener.targetGroupArn,
        ForwardConfig: {
          TargetGroups: [{ TargetGroupArn: listener.targetGroupArn, Weight: 1 }],
          TargetGroupStickinessConfig: { Enabled: false },
        },
      },
    ],
  };
}

/** The one target group a listener's default action forwards to. */
function forwardTarget(params: Parameters<ElbAction>[0]["params"]): string {
  const actions = params.list("DefaultActions.member");
  const [action, ...others] = actions;
  if (!action || others.length > 0 || action.required("Type") !== "forward") {
    throw new AwsFault("ValidationError", "The emulator's listeners have exactly one default action, of type forward");
  }
  const groups = action
    .struct("ForwardConfig")
    .list("TargetGroups.member")
    .map((g) => g.required("TargetGroupArn"));
  const arn = action.string("TargetGroupArn") ?? groups[0];
  if (arn === undefined || groups.some((g) => g !== arn))
    throw new AwsFault("ValidationError", "A forward action needs exactly one target group");
  return arn;
}

/**
 * CreateListener: joins a load balancer to a target group on a port. Each listener is one world
 * NLB, whose health checks and targets the world runs; a load balancer takes up to 50 listeners
 * on distinct ports, as ELBv2 does. A target group serves one load balancer, through any of its
 * listeners.
 */
export const createListener: ElbAction = async (ctx) => {
  const { params, state } = ctx;
  const lbArn = params.required("LoadBalancerArn");
  const raw = params.string("Protocol") ?? "";
  if (raw !== "TCP" && raw !== "UDP")
    throw new AwsFault("ValidationError", `The emulator serves TCP and UDP listeners, not '${raw || "(none)"}'`);
  const protocol: ElbProtocol = raw;
  const port = params.int("Port");
  if (port === undefined || port < 1 || port > 65535)
    throw new AwsFault("ValidationError", "A port between 1 and 65535 must be specified");
  const tgArn = forwardTarget(params);
  return ctx.call((cloud) => {
    const lb = requireLoadBalancer(state, lbArn);
    const tg = requireTargetGroup(state, tgArn);
    const existing = state.listenersOf(lb.arn);
    const current = existing.find((l) => l.port === port);
    if (current) {
      if (current.protocol === protocol && current.targetGroupArn === tgArn)
        return { Listeners: [renderListener(current)] };
      throw new AwsFault("DuplicateListener", "A listener already exists on this port for this load balancer");
    }
    if (existing.length >= maxListeners)
      throw new AwsFault("TooManyListeners", `You've reached the limit on the number of listeners per load balancer`);
    if (tg.protocol !== protocol)
      throw new AwsFault(
        "InvalidConfigurationRequest",
        `Listener protocol '${protocol}' must match target group protocol '${tg.protocol}'`,
      );
    if (tg.vpcId !== lb.vpcId)
      throw new AwsFault(
        "InvalidConfigurationRequest",
        "The target group and the load balancer must be in the same VPC",
      );
    if (tg.loadBalancerArn !== undefined && tg.loadBalancerArn !== lb.arn) {
      throw new AwsFault(
        "TargetGroupAssociationLimit",
        "The following target groups cannot be associated with more than one load balancer",
      );
    }
    const hc = tg.healthCheck;
    const nlb = cloud.nlbs.create({
      name: lb.name,
      vpcId: lb.vpcId,
      subnetId: lb.subnets[0]?.id,
      scheme: lb.scheme,
      listener: { protocol: worldProtocol[protocol], port },
      targetGroup: { protocol: worldProtocol[tg.protocol], port: tg.port, vmIds: tg.targets },
      healthCheck: {
        protocol: worldHealthCheckProtocol[hc.protocol],
        port: hc.port === "traffic-port" ? tg.port : hc.port,
        intervalSeconds: hc.intervalSec,
        timeoutSeconds: hc.timeoutSec,
        healthyThreshold: hc.healthyThreshold,
        // The front has always judged targets by the healthy count alone; the world gets it for
        // both, so that DescribeTargetHealth keeps its timings (UnhealthyThresholdCount is only
        // stored and reported).
        unhealthyThreshold: hc.healthyThreshold,
      },
    });
    const lbSuffix = lb.arn.slice(lb.arn.lastIndexOf("/") + 1);
    const listener: ListenerEntry = {
      seq: state.nextSeq(),
      arn: elbArn(ctx.region, ctx.account, `listener/net/${lb.name}/${lbSuffix}/${arnSuffix()}`),
      loadBalancerArn: lb.arn,
      protocol,
      port,
      targetGroupArn: tg.arn,
      worldId: nlb.id,
    };
    state.listeners.set(listener.arn, listener);
    lb.worldId ??= nlb.id;
    tg.loadBalancerArn = lb.arn;
    return { Listeners: [renderListener(listener)] };
  });
};

/** DescribeListeners: the listeners of a load balancer, or by ARN; paged. */
export const describeListeners: ElbAction = async (ctx) => {
  const lbArn = ctx.params.string("LoadBalancerArn");
  const arns = ctx.params.strings("ListenerArns.member");
  if (lbArn === undefined && arns.length === 0)
    throw new AwsFault("ValidationError", "A load balancer ARN or listener ARNs must be specified");
  return ctx.call(() => {
    if (lbArn !== undefined) requireLoadBalancer(ctx.state, lbArn);
    for (const arn of arns)
      if (!ctx.state.listeners.has(arn)) throw new AwsFault("ListenerNotFound", `Listener '${arn}' not found`);
    const chosen = [...ctx.state.listeners.values()].filter(
      (l) => (lbArn === undefined || l.loadBalancerArn === lbArn) && (arns.length === 0 || arns.includes(l.arn)),
    );
    const page = markerPage(ctx, chosen);
    return { Listeners: page.items.map(renderListener), NextMarker: page.nextMarker };
  });
};

/** DeleteListener: the load balancer stays, without a listener; the target group keeps its targets. */
export const deleteListener: ElbAction = async (ctx) => {
  const arn = ctx.params.required("ListenerArn");
  await ctx.call((cloud) => {
    if (!ctx.state.listeners.has(arn)) throw new AwsFault("ListenerNotFound", `Listener '${arn}' not found`);
    unbindListener(ctx.state, cloud, arn);
  });
  return {};
};
