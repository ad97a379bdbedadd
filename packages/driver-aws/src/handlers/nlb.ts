import { BaristaError, collect, isBaristaError } from "@cloud-barista/core/driver";
import type {
  CallContext,
  DriverNlbRequest,
  HealthChecker,
  IID,
  NlbHandler,
  NlbInfo,
} from "@cloud-barista/core/driver";
import type { Subnet } from "@aws-sdk/client-ec2";
import type { LoadBalancer, TargetGroup } from "@aws-sdk/client-elastic-load-balancing-v2";
import { notFound } from "../errors.js";
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
export function createNlbHandler(aws: AwsSession): NlbHandler {
  const targetGroupOf = async (ctx: CallContext, lbArn: string): Promise<TargetGroup | undefined> =>
    (await aws.elb(ctx, "DescribeTargetGroups", { LoadBalancerArn: lbArn })).TargetGroups?.[0];

  const requireTargetGroup = async (ctx: CallContext, nlb: IID): Promise<string> => {
    const arn = (await targetGroupOf(ctx, nlb.systemId))?.TargetGroupArn;
    if (!arn)
      throw new BaristaError("Conflict", `load balancer ${nlb.systemId} forwards to no target group`, {
        provider: "AWS",
      });
    return arn;
  };

  const targetsOf = async (ctx: CallContext, tgArn: string) =>
    (await aws.elb(ctx, "DescribeTargetHealth", { TargetGroupArn: tgArn })).TargetHealthDescriptions ?? [];

  /** The whole NLB behind one load balancer: its listener, target group, targets and tags. */
  const assemble = async (ctx: CallContext, lb: LoadBalancer): Promise<NlbInfo> => {
    const arn = lb.LoadBalancerArn ?? "";
    const listeners = await aws.elb(ctx, "DescribeListeners", { LoadBalancerArn: arn });
    const targetGroup = await targetGroupOf(ctx, arn);
    const targets = targetGroup?.TargetGroupArn ? await targetsOf(ctx, targetGroup.TargetGroupArn) : [];
    const tags = (await aws.elb(ctx, "DescribeTags", { ResourceArns: [arn] })).TagDescriptions?.[0]?.Tags;
    return toNlbInfo({ loadBalancer: lb, listener: listeners.Listeners?.[0], targetGroup, targets, tags });
  };

  const register = (ctx: CallContext, tgArn: string, vms: readonly IID[]) =>
    aws.elb(ctx, "RegisterTargets", { TargetGroupArn: tgArn, Targets: vms.map((vm) => ({ Id: vm.systemId })) });

  // Right after its load balancer goes, AWS may still call the group in use for a moment.
  const deleteTargetGroup = (ctx: CallContext, arn: string) =>
    ctx.waitUntil({
      description: `target group ${arn} to be deleted`,
      deadline: "nlb",
      read: async () => {
        try {
          await aws.elb(ctx, "DeleteTargetGroup", { TargetGroupArn: arn });
          return "deleted";
        } catch (error) {
          if (isBaristaError(error, "Conflict")) return "in use";
          throw error;
        }
      },
      accept: (state) => (state === "deleted" ? "success" : "retry"),
    });

  const get = async (nlb: IID, ctx: CallContext): Promise<NlbInfo> => {
    const lb = (await aws.elb(ctx, "DescribeLoadBalancers", { LoadBalancerArns: [nlb.systemId] })).LoadBalancers?.[0];
    if (!lb) throw notFound("nlb", nlb.systemId);
    return assemble(ctx, lb);
  };

  const deleteLoadBalancer = (ctx: CallContext, arn: string) =>
    aws.elb(ctx, "DeleteLoadBalancer", { LoadBalancerArn: arn });

  return {
    create: (request, ctx) =>
      ctx.compensate(async (undo) => {
        checkUserTags(request.tags);
        const tags = [{ Key: nameTagKey, Value: request.name }, ...toTagList(request.tags ?? {})];
        const vpcFilter = [{ Name: "vpc-id", Values: [request.vpcIID.systemId] }];
        const subnets = await collect(
          aws.pages(
            (NextToken) =>
              aws.ec2(ctx, "DescribeSubnets", { Filters: vpcFilter, MaxResults: aws.settings.pageSize, NextToken }),
            (page) => page.Subnets,
          ),
        );
        const subnetIds = onePerZone(subnets);
        if (subnetIds.length === 0) {
          // Found by reading the cloud, so a Conflict (the VPC's state), not an InvalidArgument.
          throw new BaristaError("Conflict", `VPC ${request.vpcIID.systemId} has no subnet for the load balancer`, {
            provider: "AWS",
            field: "vpcName",
            rule: "has-subnet",
          });
        }
        const hc = healthChecker(request);
        const tg = await aws.elb(ctx, "CreateTargetGroup", {
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
        });
        const targetGroup = tg.TargetGroups?.[0];
        const tgArn = targetGroup?.TargetGroupArn ?? "";
        undo(`delete target group ${tgArn}`, (u) => deleteTargetGroup(u, tgArn));
        if (request.vmGroup.vms.length > 0) await register(ctx, tgArn, request.vmGroup.vms);
        const scheme = request.type === "INTERNAL" ? "internal" : "internet-facing";
        const created = await aws.elb(ctx, "CreateLoadBalancer", {
          Name: request.name,
          Type: "network",
          Scheme: scheme,
          Subnets: subnetIds,
          Tags: tags,
        });
        const lb = created.LoadBalancers?.[0] ?? {};
        const lbArn = lb.LoadBalancerArn ?? "";
        undo(`delete load balancer ${lbArn}`, (u) => deleteLoadBalancer(u, lbArn));
        const listener = await aws.elb(ctx, "CreateListener", {
          LoadBalancerArn: lbArn,
          Protocol: request.listener.protocol,
          Port: request.listener.port,
          DefaultActions: [{ Type: "forward", TargetGroupArn: tgArn }],
        });
        const targets = request.vmGroup.vms.map((vm) => ({ Target: { Id: vm.systemId, Port: request.vmGroup.port } }));
        return toNlbInfo({ loadBalancer: lb, listener: listener.Listeners?.[0], targetGroup, targets, tags });
      }),

    get,

    async *list(ctx) {
      const balancers = aws.pages(
        (Marker) => aws.elb(ctx, "DescribeLoadBalancers", { Marker, PageSize: Math.min(aws.settings.pageSize, 400) }),
        (page) => page.LoadBalancers?.filter((lb) => lb.Type === "network"),
        (page) => page.NextMarker,
      );
      for await (const lb of balancers) yield await assemble(ctx, lb);
    },

    // Deleting the load balancer deletes its listener; the target group goes after it.
    async delete(nlb, ctx) {
      const tg = await targetGroupOf(ctx, nlb.systemId);
      await deleteLoadBalancer(ctx, nlb.systemId);
      if (tg?.TargetGroupArn) await deleteTargetGroup(ctx, tg.TargetGroupArn);
    },

    async addVms(nlb, vms, ctx) {
      await register(ctx, await requireTargetGroup(ctx, nlb), vms);
      return get(nlb, ctx);
    },

    async removeVms(nlb, vms, ctx) {
      const targets = vms.map((vm) => ({ Id: vm.systemId }));
      await aws.elb(ctx, "DeregisterTargets", { TargetGroupArn: await requireTargetGroup(ctx, nlb), Targets: targets });
    },

    // Targets still in their first checks, draining or unused take no traffic: they count as unhealthy.
    async getHealth(nlb, ctx) {
      const targets = await targetsOf(ctx, await requireTargetGroup(ctx, nlb));
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
