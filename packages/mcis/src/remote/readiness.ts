import { isRemoteError } from "./errors.js";
import type { RemoteError } from "./errors.js";
import type { BaristaError } from "@cloud-barista/core";
import { eachTarget } from "./each-target.js";
import { hostKeysOrMemory } from "./run-command.js";
import type { RemoteOptions } from "./run-command.js";
import { openSession } from "./session.js";
import type { RemoteTarget } from "./target.js";

/** Options of waiting until VMs answer over SSH. */
export interface WaitForSshOptions extends Omit<RemoteOptions, "timeoutMs"> {
  /** Give up on a VM after this many milliseconds (its error is then `Timeout`). */
  readonly deadlineMs: number;
  /** Pause between tries (default 2 000 ms). */
  readonly intervalMs?: number;
}

/** Whether a VM answered over SSH in time, after how many attempts. */
export interface ReadinessResult {
  readonly vmId: string;
  readonly ready: boolean;
  readonly attempts: number;
  readonly waitedMs: number;
  /** Why the VM is not ready: the deadline (`Timeout`, naming the last failure), a changed host key, an abort. */
  readonly error?: RemoteError | BaristaError;
}

/**
 * Waits until each VM's SSH server answers and lets us log in: a VM reported Running may still be
 * booting, or cloud-init may not yet have installed the key. Refused connections and refused logins
 * are tried again until the deadline; a changed host key is not (it will not fix itself).
 */
export async function waitForSsh(
  targets: readonly RemoteTarget[],
  options: WaitForSshOptions,
): Promise<ReadinessResult[]> {
  const hostKeys = hostKeysOrMemory(options);
  const interval = options.intervalMs ?? 2_000;
  const attempts = new Map<string, number>();
  const outcomes = await eachTarget(targets, { ...options, timeoutMs: options.deadlineMs }, async (target, signal) => {
    let last: unknown;
    for (;;) {
      attempts.set(target.vmId, (attempts.get(target.vmId) ?? 0) + 1);
      try {
        const session = await openSession(target, { ...options, hostKeys }, signal);
        session.close();
        return;
      } catch (error) {
        if (signal.aborted) throw withLast(signal.reason, last);
        if (isRemoteError(error, "HostKeyMismatch") || !isRemoteError(error)) throw error;
        last = error;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, interval);
        function done(): void {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          resolve();
        }
        signal.addEventListener("abort", done, { once: true });
      });
    }
  });
  return outcomes.map(({ vmId, error, durationMs }) => ({
    vmId,
    ready: error === undefined,
    attempts: attempts.get(vmId) ?? 0,
    waitedMs: durationMs,
    ...(error === undefined ? {} : { error }),
  }));
}

/** The deadline's error, its message naming the last failure seen (why the VM never became ready). */
function withLast(reason: unknown, last: unknown): unknown {
  if (isRemoteError(reason) && reason.remoteCode === "Timeout" && isRemoteError(last)) {
    return Object.assign(reason, { message: `${reason.message} (last: ${last.message})` });
  }
  return reason;
}
