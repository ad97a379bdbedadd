import { AwsFault } from "../fault.js";
import type { QueryParams } from "../params.js";
import type { XmlFields } from "../xml.js";
import type { ElbAction, ElbContext } from "./context.js";
import { markerPage } from "./markers.js";
import { arnSuffix, checkElbName, elbArn } from "./names.js";
import type {
  ElbHealthCheckProtocol,
  ElbProtocol,
  ElbState,
  TargetGroupEntry,
  TargetGroupHealthCheck,
} from "./state.js";
import { readElbTags } from "./tags.js";

export function requireTargetGroup(state: ElbState, arn: string): TargetGroupEntry {
  const tg = state.targetGroups.get(arn);
  if (!tg) throw new AwsFault("TargetGroupNotFound", `Target groups '[${arn}]' not found`);
  return tg;
}

function renderTargetGroup(tg: TargetGroupEntry): XmlFields {
  const hc = tg.healthCheck;
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: tg.vpcId,
    HealthCheckProtocol: hc.protocol,
    HealthCheckPort: String(hc.port),
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: hc.intervalSec,
    HealthCheckTimeoutSeconds: hc.timeoutSec,
    HealthyThresholdCount: hc.healthyThreshold,
    UnhealthyThresholdCount: hc.unhealthyThreshold,
    HealthCheckPath: hc.path,
    LoadBalancerArns: tg.loadBalancerArn === undefined ? [] : [tg.loadBalancerArn],
    TargetType: "instance",
    IpAddressType: "ipv4",
  };
}

function between(params: QueryParams, name: string, fallback: number, min: number, max: number): number {
  const value = params.int(name) ?? fallback;
  if (value < min || value > max) throw new AwsFault("ValidationError", `${name} must be between ${min} and ${max}`);
  return value;
}

/** Health check settings with the defaults ELBv2 gives network target groups. */
function readHealthCheck(params: QueryParams): TargetGroupHealthCheck {
  const protocol = (params.string("HealthCheckProtocol") ?? "TCP") as ElbHealthCheckProtocol;
  if (!["TCP", "HTTP", "HTTPS"].includes(protocol))
    throw new AwsFault("ValidationError", `Health check protocol '${protocol}' is not valid`);
  const rawPort = params.string("HealthCheckPort") ?? "traffic-port";
  const port = rawPort === "traffic-port" ? rawPort : Number(rawPort);
  if (port !== "traffic-port" && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    throw new AwsFault("ValidationError", `Health check port '${rawPort}' is not valid`);
  }
  const path = params.string("HealthCheckPath") ?? (protocol === "TCP" ? undefined : "/");
  const intervalSec = between(params, "HealthCheckIntervalSeconds", 30, 5, 300);
  const timeoutSec = between(params, "HealthCheckTimeoutSeconds", protocol === "TCP" ? 10 : 6, 2, 120);
  if (timeoutSec > intervalSec)
    throw new AwsFault("ValidationError", "Health check timeout must be smaller than the interval");
  return {
    protocol,
    port,
    path,
    intervalSec,
    timeoutSec,
    healthyThreshold: between(params, "HealthyThresholdCount", 5, 2, 10),
    unhealthyThreshold: between(params, "UnhealthyThresholdCount", 2, 2, 10),
  };
}

/**
 * CreateTargetGroup: an instance target group of a VPC for TCP or UDP. Creating a name that exists
 * with the same settings returns the existing group, as ELBv2 does.
 */
export const createTargetGroup: ElbAction = async (ctx) => {
  const { params, state } = ctx;
  const name = params.required("Name");
  checkElbName("target group", name);
  const raw = params.string("Protocol") ?? "";
  if (raw !== "TCP" && raw !== "UDP")
    throw new AwsFault("ValidationError", `The emulator serves TCP and UDP target groups, not '${raw || "(none)"}'`);
  const protocol: ElbProtocol = raw;
  const port = params.int("Port");
  if (port === undefined || port < 1 || port > 65535)
    throw new AwsFault("ValidationError", "A port between 1 and 65535 must be specified");
  const vpcId = params.required("VpcId");
  if ((params.string("TargetType") ?? "instance") !== "instance")
    throw new AwsFault("ValidationError", "The emulator serves instance target groups only");
  const healthCheck = readHealthCheck(params);
  const tags = readElbTags(params);
  return ctx.call((cloud) => {
    cloud.vpcs.get(vpcId);
    const existing = [...state.targetGroups.values()].find((tg) => tg.name === name);
    if (existing) {
      const same = existing.protocol === protocol && existing.port === port && existing.vpcId === vpcId;
      if (!same)
        throw new AwsFault(
          "DuplicateTargetGroupName",
          `A target group with the same name '${name}' exists, but with different settings`,
        );
      return { TargetGroups: [renderTargetGroup(existing)] };
    }
    const tg: TargetGroupEntry = {
      seq: state.nextSeq(),
      arn: elbArn(ctx.region, ctx.account, `targetgroup/${name}/${arnSuffix()}`),
      name,
      protocol,
      port,
      vpcId,
      healthCheck,
      createdAt: ctx.world.clock.now(),
      tags,
      targets: [],
    };
    state.targetGroups.set(tg.arn, tg);
    return { TargetGroups: [renderTargetGroup(tg)] };
  });
};

/** DescribeTargetGroups: by ARN, by name, those of one load balancer, or all; paged. */
export const describeTargetGroups: ElbAction = async (ctx: ElbContext) => {
  const lbArn = ctx.params.string("LoadBalancerArn");
  const arns = ctx.params.strings("TargetGroupArns.member");
  const names = ctx.params.strings("Names.member");
  return ctx.call(() => {
    const all = [...ctx.state.targetGroups.values()];
    if (lbArn !== undefined && !ctx.state.loadBalancers.has(lbArn))
      throw new AwsFault("LoadBalancerNotFound", `Load balancer '${lbArn}' not found`);
    for (const arn of arns) requireTargetGroup(ctx.state, arn);
    const missing = names.filter((n) => !all.some((tg) => tg.name === n));
    if (missing.length > 0)
      throw new AwsFault("TargetGroupNotFound", `Target groups '[${missing.join(", ")}]' not found`);
    const chosen = all.filter(
      (tg) =>
        (lbArn === undefined || tg.loadBalancerArn === lbArn) &&
        (arns.length === 0 || arns.includes(tg.arn)) &&
        (names.length === 0 || names.includes(tg.name)),
    );
    const page = markerPage(ctx, chosen);
    return { TargetGroups: page.items.map(renderTargetGroup), NextMarker: page.nextMarker };
  });
};

/** DeleteTargetGroup: refused while a listener forwards to it; deleting a missing group succeeds. */
export const deleteTargetGroup: ElbAction = async (ctx) => {
  const arn = ctx.params.required("TargetGroupArn");
  await ctx.call(() => {
    const tg = ctx.state.targetGroups.get(arn);
    if (!tg) return;
    if (tg.loadBalancerArn !== undefined)
      throw new AwsFault("ResourceInUse", `Target group '${arn}' is currently in use by a listener or a rule`);
    ctx.state.targetGroups.delete(arn);
  });
  return {};
};
