export interface TkeClusterMeta {
  description: string;
  os: string;
  clusterCidr: string;
  serviceCidr: string;
  level: string;
  tags: Record<string, string>;
}

export interface TkePoolMeta {
  os: string;
  tags: Record<string, string>;
  launchConfigurePara: string;
  autoScalingGroupPara: string;
  launchConfigurationId: string;
  autoscalingGroupId: string;
}

/** An answer kept for a ClientToken. */
interface Remembered {
  result: Record<string, unknown>;
  at: number;
}

/** An instance's latest operation as DescribeInstances shows it (its state follows the world VM's). */
export interface LatestOperation {
  name: string;
  requestId: string;
}

/** A CLB asynchronous task: running until `until` (world clock), then success or failure. */
export interface ClbTask {
  until: number;
  fails: boolean;
  /** The load balancers the task acts on. */
  loadBalancerIds: string[];
}

/**
 * What the Tencent front keeps beside the world: facts only Tencent's API shows (instances' latest
 * operations, CLB tasks and listeners, project ids), and answers remembered for ClientTokens.
 * Resources themselves live in the world only.
 */
export class FrontState {
  readonly operations = new Map<string, LatestOperation>();
  readonly tasks = new Map<string, ClbTask>();
  /** CLB listeners by load balancer id. */
  readonly listeners = new Map<string, ClbListener[]>();
  /** Per instance: InternetMaxBandwidthOut and charge type it was run with. */
  readonly bandwidthOut = new Map<string, number>();
  /** ProjectId of security groups and key pairs (0: the default project). */
  readonly projects = new Map<string, string>();
  /** SecurityGroupPolicySet.Version per group: bumped by every change of its policies. */
  readonly policyVersions = new Map<string, number>();
  /** TKE: what a cluster was created with beyond the world's cluster. */
  readonly tke = new Map<string, TkeClusterMeta>();
  /** TKE: what a node pool was created with (its AS parameters, as given). */
  readonly tkePools = new Map<string, TkePoolMeta>();
  /** "<account>/<region>" of each launch configuration, so AS lists only the caller's. */
  readonly tkePoolOwners = new Map<string, string>();
  readonly #tokens = new Map<string, Remembered>();

  /** The answer an earlier request with this ClientToken got, while it is kept. */
  remembered(key: string, now: number, retentionMs: number): Record<string, unknown> | undefined {
    const earlier = this.#tokens.get(key);
    return earlier && now - earlier.at <= retentionMs ? earlier.result : undefined;
  }

  remember(key: string, result: Record<string, unknown>, now: number): void {
    this.#tokens.set(key, { result, at: now });
  }

  bumpPolicyVersion(groupId: string): void {
    this.policyVersions.set(groupId, (this.policyVersions.get(groupId) ?? 0) + 1);
  }

  /** The task still running on a load balancer, if any. */
  runningTask(loadBalancerId: string, now: number): string | undefined {
    for (const [id, task] of this.tasks)
      if (task.loadBalancerIds.includes(loadBalancerId) && now < task.until) return id;
    return undefined;
  }
}

export interface ClbListener {
  id: string;
  name: string;
  port: number;
  protocol: "TCP" | "UDP";
  createdAt: number;
  /** Targets by instance id: port and weight. */
  targets: Map<string, { port: number; weight: number }>;
  health: {
    enabled: boolean;
    intervalSeconds: number;
    timeoutSeconds: number;
    healthyThreshold: number;
    unhealthyThreshold: number;
  };
}
