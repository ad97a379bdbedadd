import { BaristaError, collect, isBaristaError } from "@cloud-barista/core";
import type { CallContext, DriverNlbRequest, HealthChecker, IID, NlbHandler, NlbInfo } from "@cloud-barista/core";
import { DescribeSubnetsCommand } from "@aws-sdk/client-ec2";
import type { Subnet } from "@aws-sdk/client-ec2";
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { LoadBalancer, TargetGroup } from "@aws-sdk/client-elastic-load-balancing-v2";
import { awsNotFound } from "../not-found.js";
import type { AwsSession } from "../session.js";
import { checkUserTags, nameTagKey, toTagList } from "../tags.js";
import { toNlbInfo } from "./nlb-map.js";

/** ELBv2's defaults for network target groups, for the health checker fields a request leaves out. */
function healthChecker(request: DriverNlbRequest): HealthChecker {
  const hc = request.healthChecker;
  return {
    protocol: hc.protocol ?? "TCP",
    port: hc.port ?? request.vmGroup.port,
    intervalSec: hc.intervalSec ?? 30,
    timeoutSec: hc.timeoutSec ?? 10,
    threshold: hc.threshold ?? 5,
  };
}

/** One subnet per zone of the VPC: a network load balancer takes at most one per zone. */
function onePerZone(subnets: readonly Subnet[]): string[] {
  const byZone = new Map<string, string>();
  for (const s of subnets)
    if (s.AvailabilityZone && s.SubnetId && !byZone.has(s.AvailabilityZone)) byZone.set(s.AvailabilityZone, s.SubnetId);
  return [...byZone.values()];
}

/**
 * Network load balancers. ELBv2 builds one from a load balancer, a target group (with its health
 * check and targets) and a listener forwarding to the group; the driver makes and removes the
 * three together, and names the target group like the load balancer.
 */
export function createNlbHandler(session: AwsSession): NlbHandler {
  const targetGroupOf = async (ctx: CallContext, lbArn: string): Promise<TargetGroup | undefined> => {
    const found = await session.elb(
      ctx,
      "DescribeTargetGroups",
      (c, abortSignal) => c.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: lbArn }), { abortSignal }),
      { idempotent: true },
    );
    return found.TargetGroups?.[0];
  };

  const requireTargetGroup = async (ctx: CallContext, nlb: IID): Promise<TargetGroup> => {
    const tg = await targetGroupOf(ctx, nlb.systemId);
    if (!tg?.TargetGroupArn)
      throw new BaristaError("Conflict", `load balancer ${nlb.systemId} forwards to no target group`, {
        provider: "AWS",
      });
    return tg;
  };

  const targetsOf = async (ctx: CallContext, tgArn: string) => {
    const health = await session.elb(
      ctx,
      "DescribeTargetHealth",
      (c, abortSignal) => c.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }), { abortSignal }),
      { idempotent: true },
    );
    return health.TargetHealthDescriptions ?? [];
  };

  /** The whole NLB behind one load balancer: its listener, target group, targets and tags. */
  const assemble = async (ctx: CallContext, lb: LoadBalancer): Promise<NlbInfo> => {
    const arn = lb.LoadBalancerArn ?? "";
    const listeners = await session.elb(
      ctx,
      "DescribeListeners",
      (c, abortSignal) => c.send(new DescribeListenersCommand({ LoadBalancerArn: arn }), { abortSignal }),
      { idempotent: true },
    );
    const targetGroup = await targetGroupOf(ctx, arn);
    const targets = targetGroup?.TargetGroupArn ? await targetsOf(ctx, targetGroup.TargetGroupArn) : [];
    const tags = await session.elb(
      ctx,
      "DescribeTags",
      (c, abortSignal) => c.send(new DescribeTagsCommand({ ResourceArns: [arn] }), { abortSignal }),
      {
        idempotent: true,
      },
    );
    return toNlbInfo({
      loadBalancer: lb,
      listener: listeners.Listeners?.[0],
      targetGroup,
      targets,
      tags: tags.TagDescriptions?.[0]?.Tags,
    });
  };

  const register = (ctx: CallContext, tgArn: string, vms: readonly IID[]) =>
    session.elb(
      ctx,
      "RegisterTargets",
      (c, abortSignal) =>
        c.send(new RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: vms.map((vm) => ({ Id: vm.systemId })) }), {
          abortSignal,
        }),
      // Registering a registered target changes nothing.
      { idempotent: true },
    );

  const deleteTargetGroup = async (ctx: CallContext, arn: string): Promise<void> => {
    // Right after its load balancer goes, AWS may still call the group in use for a moment.
    for (let delayMs = 500; ; delayMs *= 2) {
      try {
        await session.elb(
          ctx,
          "DeleteTargetGroup",
          (c, abortSignal) => c.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }), { abortSignal }),
          {
            idempotent: true,
          },
        );
        return;
      } catch (error) {
        if (!isBaristaError(error, "Conflict") || delayMs > 8_000) throw error;
        await ctx.clock.sleep(delayMs, { abortSignal: ctx.abortSignal });
      }
    }
  };

  const get = async (nlb: IID, ctx: CallContext): Promise<NlbInfo> => {
    const found = await session.elb(
      ctx,
      "DescribeLoadBalancers",
      (c, abortSignal) =>
        c.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [nlb.systemId] }), { abortSignal }),
      { idempotent: true },
    );
    const lb = found.LoadBalancers?.[0];
    if (!lb) throw awsNotFound("nlb", nlb.systemId);
    return assemble(ctx, lb);
  };

  const deleteLoadBalancer = (ctx: CallContext, arn: string) =>
    session.elb(
      ctx,
      "DeleteLoadBalancer",
      (c, abortSignal) => c.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }), { abortSignal }),
      {
        idempotent: true,
      },
    );

  return {
    async create(request, ctx) {
      checkUserTags(request.tags);
      const tags = [{ Key: nameTagKey, Value: request.name }, ...toTagList(request.tags ?? {})];
      const subnets = await collect(
        session.pages(async (token) => {
          const page = await session.ec2(
            ctx,
            "DescribeSubnets",
            (c, abortSignal) =>
              c.send(
                new DescribeSubnetsCommand({
                  Filters: [{ Name: "vpc-id", Values: [request.vpcIID.systemId] }],
                  MaxResults: session.settings.pageSize,
                  NextToken: token,
                }),
                { abortSignal },
              ),
            { idempotent: true },
          );
          return { items: page.Subnets ?? [], nextToken: page.NextToken };
        }),
      );
      const subnetIds = onePerZone(subnets);
      if (subnetIds.length === 0) {
        throw new BaristaError(
          "InvalidArgument",
          `vpcIID: VPC ${request.vpcIID.systemId} has no subnet for the load balancer`,
          { provider: "AWS", field: "vpcIID", rule: "has-subnet" },
        );
      }
      const hc = healthChecker(request);
      // ELBv2 creates are idempotent by name: repeating one with the same settings returns the first.
      const tg = await session.elb(
        ctx,
        "CreateTargetGroup",
        (c, abortSignal) =>
          c.send(
            new CreateTargetGroupCommand({
              Name: request.name,
              Protocol: request.vmGroup.protocol,
              Port: request.vmGroup.port,
              VpcId: request.vpcIID.systemId,
              TargetType: "instance",
              HealthCheckProtocol: hc.protocol,
              HealthCheckPort: String(hc.port),
              HealthCheckIntervalSeconds: hc.intervalSec,
              HealthCheckTimeoutSeconds: hc.timeoutSec,
              HealthyThresholdCount: hc.threshold,
              UnhealthyThresholdCount: hc.threshold,
              Tags: tags,
            }),
            { abortSignal },
          ),
        { idempotent: true },
      );
      const targetGroup = tg.TargetGroups?.[0];
      const tgArn = targetGroup?.TargetGroupArn ?? "";
      let lbArn: string | undefined;
      try {
        if (request.vmGroup.vms.length > 0) await register(ctx, tgArn, request.vmGroup.vms);
        const created = await session.elb(
          ctx,
          "CreateLoadBalancer",
          (c, abortSignal) =>
            c.send(
              new CreateLoadBalancerCommand({
                Name: request.name,
                Type: "network",
                Scheme: request.type === "INTERNAL" ? "internal" : "internet-facing",
                Subnets: subnetIds,
                Tags: tags,
              }),
              { abortSignal },
            ),
          { idempotent: true },
        );
        const lb = created.LoadBalancers?.[0] ?? {};
        lbArn = lb.LoadBalancerArn ?? "";
        const arn = lbArn;
        const listener = await session.elb(
          ctx,
          "CreateListener",
          (c, abortSignal) =>
            c.send(
              new CreateListenerCommand({
                LoadBalancerArn: arn,
                Protocol: request.listener.protocol,
                Port: request.listener.port,
                DefaultActions: [{ Type: "forward", TargetGroupArn: tgArn }],
              }),
              { abortSignal },
            ),
          { idempotent: true },
        );
        const targets = request.vmGroup.vms.map((vm) => ({ Target: { Id: vm.systemId, Port: request.vmGroup.port } }));
        return toNlbInfo({ loadBalancer: lb, listener: listener.Listeners?.[0], targetGroup, targets, tags });
      } catch (error) {
        // The three parts stand or fall together.
        if (lbArn) await deleteLoadBalancer(ctx, lbArn).catch(() => undefined);
        await deleteTargetGroup(ctx, tgArn).catch(() => undefined);
        throw error;
      }
    },

    get,

    async *list(ctx) {
      const balancers = session.pages(async (marker) => {
        const page = await session.elb(
          ctx,
          "DescribeLoadBalancers",
          (c, abortSignal) =>
            c.send(
              new DescribeLoadBalancersCommand({ Marker: marker, PageSize: Math.min(session.settings.pageSize, 400) }),
              { abortSignal },
            ),
          { idempotent: true },
        );
        return { items: (page.LoadBalancers ?? []).filter((lb) => lb.Type === "network"), nextToken: page.NextMarker };
      });
      for await (const lb of balancers) yield await assemble(ctx, lb);
    },

    // Deleting the load balancer deletes its listener; the target group goes after it.
    async delete(nlb, ctx) {
      const tg = await targetGroupOf(ctx, nlb.systemId);
      await deleteLoadBalancer(ctx, nlb.systemId);
      if (tg?.TargetGroupArn) await deleteTargetGroup(ctx, tg.TargetGroupArn);
    },

    async addVms(nlb, vms, ctx) {
      const tg = await requireTargetGroup(ctx, nlb);
      await register(ctx, tg.TargetGroupArn ?? "", vms);
      return get(nlb, ctx);
    },

    async removeVms(nlb, vms, ctx) {
      const tg = await requireTargetGroup(ctx, nlb);
      await session.elb(ctx, "DeregisterTargets", (c, abortSignal) =>
        c.send(
          new DeregisterTargetsCommand({
            TargetGroupArn: tg.TargetGroupArn,
            Targets: vms.map((vm) => ({ Id: vm.systemId })),
          }),
          { abortSignal },
        ),
      );
    },

    // Targets still in their first checks, draining or unused take no traffic: they count as unhealthy.
    async getHealth(nlb, ctx) {
      const tg = await requireTargetGroup(ctx, nlb);
      const targets = await targetsOf(ctx, tg.TargetGroupArn ?? "");
      const iid = (id: string): IID => ({ nameId: id, systemId: id });
      const ids = (healthy: boolean) =>
        targets
          .filter((t) => (t.TargetHealth?.State === "healthy") === healthy)
          .flatMap((t) => (t.Target?.Id ? [iid(t.Target.Id)] : []));
      return {
        all: targets.flatMap((t) => (t.Target?.Id ? [iid(t.Target.Id)] : [])),
        healthy: ids(true),
        unhealthy: ids(false),
      };
    },
  };
}
