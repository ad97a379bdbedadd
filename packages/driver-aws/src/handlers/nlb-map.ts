import type {
  Listener,
  LoadBalancer,
  Tag,
  TargetGroup,
  TargetHealthDescription,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { HealthCheckProtocol, HealthChecker, NlbInfo, NlbProtocol } from "@cloud-barista/core/driver";
import { userTagsOf } from "../tags.js";

/** The pieces ELBv2 keeps apart and NlbInfo joins: load balancer, listener, target group, targets. */
export interface NlbParts {
  loadBalancer: LoadBalancer;
  listener?: Listener | undefined;
  targetGroup?: TargetGroup | undefined;
  targets: readonly TargetHealthDescription[];
  tags?: readonly Tag[] | undefined;
}

function nlbProtocol(value: string | undefined): NlbProtocol {
  return value === "UDP" ? "UDP" : "TCP";
}

export function healthCheckerOf(tg: TargetGroup | undefined): HealthChecker {
  const port = tg?.HealthCheckPort;
  return {
    protocol: (tg?.HealthCheckProtocol ?? "TCP") as HealthCheckProtocol,
    port: port === undefined || port === "traffic-port" ? (tg?.Port ?? 0) : Number(port),
    intervalSec: tg?.HealthCheckIntervalSeconds ?? 30,
    timeoutSec: tg?.HealthCheckTimeoutSeconds ?? 10,
    threshold: tg?.HealthyThresholdCount ?? 5,
  };
}

export function toNlbInfo(parts: NlbParts): NlbInfo {
  const { loadBalancer: lb, listener, targetGroup: tg } = parts;
  const ip = lb.AvailabilityZones?.flatMap((z) => z.LoadBalancerAddresses ?? []).find((a) => a.IpAddress)?.IpAddress;
  return {
    iid: { nameId: lb.LoadBalancerName ?? "", systemId: lb.LoadBalancerArn ?? "" },
    vpcIID: { nameId: lb.VpcId ?? "", systemId: lb.VpcId ?? "" },
    type: lb.Scheme === "internal" ? "INTERNAL" : "PUBLIC",
    scope: "REGION",
    listener: {
      protocol: nlbProtocol(listener?.Protocol),
      port: listener?.Port ?? 0,
      ...(ip ? { ip } : {}),
      ...(lb.DNSName ? { dnsName: lb.DNSName } : {}),
    },
    vmGroup: {
      protocol: nlbProtocol(tg?.Protocol),
      port: tg?.Port ?? 0,
      vms: parts.targets.flatMap((t) => (t.Target?.Id ? [{ nameId: t.Target.Id, systemId: t.Target.Id }] : [])),
    },
    healthChecker: healthCheckerOf(tg),
    ...(lb.CreatedTime ? { createdAt: lb.CreatedTime } : {}),
    tags: userTagsOf(parts.tags),
    extra: {
      state: lb.State?.Code ?? "",
      ...(tg?.TargetGroupArn ? { targetGroupArn: tg.TargetGroupArn } : {}),
      ...(listener?.ListenerArn ? { listenerArn: listener.ListenerArn } : {}),
    },
  };
}
