import { RemoteError } from "./errors.js";
import { portOf } from "./target.js";
import type { RemoteTarget } from "./target.js";

/** What bounds the work on one VM: the caller's abort signal and a per-VM time limit. */
export interface VmScope {
  /** Aborts with a RemoteError (Timeout or Aborted) as its reason. */
  readonly signal: AbortSignal;
  readonly startedAt: number;
  readonly dispose: () => void;
}

/** A per-VM signal that aborts when the caller aborts or `timeoutMs` passes, whichever is first. */
export function vmScope(
  target: RemoteTarget,
  timeoutMs: number | undefined,
  abortSignal: AbortSignal | undefined,
): VmScope {
  const controller = new AbortController();
  const where = { vmId: target.vmId, host: target.host, port: portOf(target) };
  const abort = (): void => controller.abort(new RemoteError("Aborted", "aborted by the caller", where));
  if (abortSignal?.aborted) abort();
  abortSignal?.addEventListener("abort", abort, { once: true });
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(
          () => controller.abort(new RemoteError("Timeout", `not finished within ${timeoutMs} ms`, where)),
          timeoutMs,
        );
  return {
    signal: controller.signal,
    startedAt: Date.now(),
    dispose() {
      clearTimeout(timer);
      abortSignal?.removeEventListener("abort", abort);
    },
  };
}
