import type { BaristaError } from "@cloud-barista/core";
import { invalidArgument } from "@cloud-barista/core";
import pLimit from "p-limit";
import { asRemoteError } from "./errors.js";
import type { RemoteError } from "./errors.js";
import { vmScope } from "./scope.js";
import type { RemoteTarget } from "./target.js";

export interface TargetOutcome<R> {
  readonly vmId: string;
  readonly value?: R;
  readonly error?: RemoteError | BaristaError;
  readonly durationMs: number;
}

/** Results are reported per vmId, and host keys pinned per vmId: two targets cannot share one. */
export function requireDistinctVmIds(targets: readonly RemoteTarget[]): void {
  const seen = new Set<string>();
  for (const { vmId } of targets) {
    if (seen.has(vmId)) throw invalidArgument("targets", "distinct-vm-ids", `the VM ${vmId} is listed twice`);
    seen.add(vmId);
  }
}

/**
 * Does `work` on every target, `concurrency` at a time, each bounded by its own timeout and the
 * caller's abort signal; one target's failure never stops the others.
 */
export async function eachTarget<R>(
  targets: readonly RemoteTarget[],
  options: { concurrency?: number; timeoutMs?: number; abortSignal?: AbortSignal },
  work: (target: RemoteTarget, signal: AbortSignal) => Promise<R>,
): Promise<TargetOutcome<R>[]> {
  requireDistinctVmIds(targets);
  const limit = pLimit(options.concurrency ?? 10);
  return Promise.all(
    targets.map((target) =>
      limit(async (): Promise<TargetOutcome<R>> => {
        const scope = vmScope(target, options.timeoutMs, options.abortSignal);
        try {
          if (scope.signal.aborted) throw scope.signal.reason;
          const value = await work(target, scope.signal);
          return { vmId: target.vmId, value, durationMs: Date.now() - scope.startedAt };
        } catch (error) {
          // A timeout or abort wins over whatever error closing the connection caused.
          const reason: unknown = scope.signal.aborted ? scope.signal.reason : error;
          return { vmId: target.vmId, error: asRemoteError(reason, target), durationMs: Date.now() - scope.startedAt };
        } finally {
          scope.dispose();
        }
      }),
    ),
  );
}
