import type { AccountRegion } from "../../../world/account-region.js";
import { isWorldError } from "../../../world/errors.js";
import type { TargetHealthState } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import type { XmlFields } from "../xml.js";
import type { ElbAction, ElbContext } from "./context.js";
import type { TargetGroupEntry } from "./state.js";
import { requireTargetGroup } from "./target-groups.js";

/** Instance ids of `Targets.member.N`; ports other than the group's are not modelled. */
function readTargets(ctx: ElbContext, tg: TargetGroupEntry): string[] {
  return ctx.params.list("Targets.member").map((t) => {
    const port = t.int("Port");
    if (port !== undefined && port !== tg.port)
      throw new AwsFault("ValidationError", "The emulator routes to the target group's port only");
    return t.required("Id");
  });
}

function checkTarget(cloud: AccountRegion, tg: TargetGroupEntry, id: string): void {
  let vm;
  try {
    vm = cloud.vms.get(id);
  } catch (error) {
    if (isWorldError(error, "NotFound"))
      throw new AwsFault("InvalidTarget", `The following targets are not valid: '${id}'`);
    throw error;
  }
  if (vm.state === "terminated")
    throw new AwsFault(
      "InvalidTarget",
      `The following targets are not in a running state and cannot be registered: '${id}'`,
    );
  if (vm.vpc.id !== tg.vpcId)
    throw new AwsFault("InvalidTarget", `The following targets are not in the target group VPC '${tg.vpcId}': '${id}'`);
}

/** The world NLBs of the listeners forwarding to the group: each holds the group's targets. */
function worldIdsOf(ctx: ElbContext, tg: TargetGroupEntry): string[] {
  return ctx.state.worldIdsOf(tg.arn);
}

/** RegisterTargets: instances of the group's VPC; registering a registered instance changes nothing. */
export const registerTargets: ElbAction = async (ctx) => {
  const arn = ctx.params.required("TargetGroupArn");
  await ctx.call((cloud) => {
    const tg = requireTargetGroup(ctx.state, arn);
    const ids = readTargets(ctx, tg);
    if (ids.length === 0) throw new AwsFault("ValidationError", "At least one target must be specified");
    for (const id of ids) checkTarget(cloud, tg, id);
    for (const worldId of worldIdsOf(ctx, tg)) cloud.nlbs.addTargets(worldId, ids);
    tg.targets = [...new Set([...tg.targets, ...ids])];
  });
  return {};
};

/** DeregisterTargets: every instance named must be registered, or nothing changes. */
export const deregisterTargets: ElbAction = async (ctx) => {
  const arn = ctx.params.required("TargetGroupArn");
  await ctx.call((cloud) => {
    const tg = requireTargetGroup(ctx.state, arn);
    const ids = readTargets(ctx, tg);
    const missing = ids.filter((id) => !tg.targets.includes(id));
    if (missing.length > 0) {
      throw new AwsFault(
        "InvalidTarget",
        `The following targets are not registered in target group '${tg.name}': '${missing.join("', '")}'`,
      );
    }
    for (const worldId of worldIdsOf(ctx, tg)) cloud.nlbs.removeTargets(worldId, ids);
    tg.targets = tg.targets.filter((id) => !ids.includes(id));
  });
  return {};
};

const healthOf: Readonly<Record<TargetHealthState, { State: string; Reason?: string; Description?: string }>> = {
  initial: { State: "initial", Reason: "Elb.InitialHealthChecking", Description: "Initial health checks in progress" },
  healthy: { State: "healthy" },
  unhealthy: { State: "unhealthy", Reason: "Target.FailedHealthChecks", Description: "Health checks failed" },
  unused: {
    State: "unused",
    Reason: "Target.InvalidState",
    Description: "Target is in the stopped or terminated state",
  },
};

const notInUse = {
  State: "unused",
  Reason: "Target.NotInUse",
  Description: "Target group is not configured to receive traffic from the load balancer",
};
const notRegistered = {
  State: "unused",
  Reason: "Target.NotRegistered",
  Description: "Target is not registered to the target group",
};

/** DescribeTargetHealth: the world's health checks once a listener uses the group; "unused" before. */
export const describeTargetHealth: ElbAction = async (ctx) => {
  const arn = ctx.params.required("TargetGroupArn");
  const descriptions = await ctx.call((cloud) => {
    const tg = requireTargetGroup(ctx.state, arn);
    const asked = ctx.params.list("Targets.member").map((t) => t.required("Id"));
    // Listeners forwarding to one group check the same targets the same way: the first one's checks.
    const worldId = worldIdsOf(ctx, tg)[0];
    let health = new Map<string, TargetHealthState>();
    if (worldId !== undefined) {
      try {
        health = new Map(cloud.nlbs.targetHealth(worldId).map((t) => [t.vm.id, t.state]));
      } catch (error) {
        // A load balancer the world does not show yet is still running its first checks.
        if (!isWorldError(error, "NotFound")) throw error;
        health = new Map(tg.targets.map((id) => [id, "initial" as const]));
      }
    }
    const port = tg.healthCheck.port === "traffic-port" ? tg.port : tg.healthCheck.port;
    return (asked.length > 0 ? asked : tg.targets).map((id): XmlFields => {
      const state = health.get(id);
      const registered = tg.targets.includes(id);
      return {
        Target: { Id: id, Port: tg.port },
        HealthCheckPort: String(port),
        TargetHealth: !registered
          ? notRegistered
          : worldId === undefined || state === undefined
            ? notInUse
            : healthOf[state],
      };
    });
  });
  return { TargetHealthDescriptions: descriptions };
};
