import { createHash } from "node:crypto";

/** An answer kept for a ClientToken, and a digest of the request that made it. */
interface Remembered {
  digest: string;
  result: Record<string, unknown>;
  at: number;
}

/** An instance's latest operation as DescribeInstances shows it. */
export interface LatestOperation {
  name: string;
  requestId: string;
  /** World-clock time the operation's transition ends (OPERATING until then). */
  until: number;
  /** The world state the operation ends in on success ("running" for StartInstances). */
  target: string;
}

/** A CLB asynchronous task: running until `until` (world clock), then success or failure. */
export interface ClbTask {
  until: number;
  fails: boolean;
  /** The load balancer the task acts on. */
  loadBalancerId: string;
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
  readonly #tokens = new Map<string, Remembered>();

  remembered(
    key: string,
    digest: string,
    now: number,
    retentionMs: number,
  ): { result?: Record<string, unknown>; mismatch: boolean } {
    const earlier = this.#tokens.get(key);
    if (!earlier || now - earlier.at > retentionMs) return { mismatch: false };
    if (earlier.digest !== digest) return { mismatch: true };
    return { result: earlier.result, mismatch: false };
  }

  remember(key: string, digest: string, result: Record<string, unknown>, now: number): void {
    this.#tokens.set(key, { digest, result, at: now });
  }

  /** The task still running on a load balancer, if any. */
  runningTask(loadBalancerId: string, now: number): string | undefined {
    for (const [id, task] of this.tasks) if (task.loadBalancerId === loadBalancerId && now < task.until) return id;
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

/** A digest of a request's JSON parameters, ClientToken left out. */
export function requestDigest(values: Record<string, unknown>): string {
  const { ClientToken: _token, ...rest } = values;
  return createHash("sha256").update(stableJson(rest)).digest("hex");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
