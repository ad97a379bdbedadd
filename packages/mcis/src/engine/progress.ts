import type { Clock, Logger } from "@cloud-barista/core";
import type { McisAction, McisVmStatus } from "../model/status.js";
import type { FailureReason } from "../model/types.js";

/**
 * What happened to one VM: the request went out (`requested`), the cloud made the VM (`created`),
 * the VM reached the action's end state (`running`, `suspended`, `terminated`), it was removed
 * from the MCIS (`removed`, by refine, rollback or delete), or the action failed for it (`failed`).
 */
export type McisProgressType = "requested" | "created" | "running" | "suspended" | "terminated" | "removed" | "failed";

/** One progress event; `done`, `failed` and `total` count the operation's VMs, for a progress bar. */
export interface McisProgressEvent {
  type: McisProgressType;
  action: McisAction;
  namespace: string;
  mcis: string;
  vmId: string;
  subGroup: string;
  connection: string;
  zone?: string;
  /** The VM's status after the event. */
  status: McisVmStatus;
  /** For `failed`: the error code and message, the connection and zone. */
  reason?: FailureReason;
  /** VMs finished (reached the end state, or removed) so far; each VM counts once. */
  done: number;
  failed: number;
  total: number;
  at: Date;
}

/** Told of each progress event of a long MCIS operation. */
export type ProgressListener = (event: McisProgressEvent) => void;

/** The VM fields an event carries. */
export interface ProgressVm {
  id: string;
  subGroup: string;
  connection: string;
  zone?: string | undefined;
}

/** Counts one operation's VMs and tells the listener; a throwing listener is logged, never fatal. */
export class ProgressReporter {
  readonly #base: { action: McisAction; namespace: string; mcis: string };
  readonly #listener: ProgressListener | undefined;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #total: number;
  // Sets, not counters: a VM terminated and then removed (delete) finishes once.
  readonly #done = new Set<string>();
  readonly #failed = new Set<string>();

  constructor(options: {
    action: McisAction;
    namespace: string;
    mcis: string;
    total: number;
    listener: ProgressListener | undefined;
    clock: Clock;
    logger: Logger;
  }) {
    this.#base = { action: options.action, namespace: options.namespace, mcis: options.mcis };
    this.#total = options.total;
    this.#listener = options.listener;
    this.#clock = options.clock;
    this.#logger = options.logger;
  }

  emit(type: McisProgressType, vm: ProgressVm, status: McisVmStatus, reason?: FailureReason): void {
    if (type === "failed") this.#failed.add(vm.id);
    else if (type !== "requested" && type !== "created") {
      this.#done.add(vm.id);
      this.#failed.delete(vm.id);
    }
    if (!this.#listener) return;
    const event: McisProgressEvent = {
      type,
      ...this.#base,
      vmId: vm.id,
      subGroup: vm.subGroup,
      connection: vm.connection,
      ...(vm.zone ? { zone: vm.zone } : {}),
      status,
      ...(reason ? { reason } : {}),
      done: this.#done.size,
      failed: this.#failed.size,
      total: this.#total,
      at: new Date(this.#clock.now()),
    };
    try {
      this.#listener(event);
    } catch (error) {
      this.#logger.warn("progress listener threw", { error: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** An operation's progress as an async iterable, and its result. */
export interface ProgressTracking<T> {
  /** Every event of the operation, in order; ends when it settles (throwing its error, if it failed). */
  events: AsyncIterable<McisProgressEvent>;
  result: Promise<T>;
}

/**
 * Runs an operation with a listener that feeds an async iterable, for a CLI's progress bar:
 *
 * ```ts
 * const op = trackProgress((onProgress) => mcis.create(request, { onProgress }));
 * for await (const e of op.events) bar.update(e.done + e.failed, e.total);
 * const info = await op.result;
 * ```
 */
export function trackProgress<T>(run: (onProgress: ProgressListener) => Promise<T>): ProgressTracking<T> {
  const queue: McisProgressEvent[] = [];
  let wake: (() => void) | undefined;
  let settled: { error?: unknown; failed: boolean } | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  const result = run((event) => {
    queue.push(event);
    notify();
  });
  result.then(
    () => {
      settled = { failed: false };
      notify();
    },
    (error: unknown) => {
      settled = { error, failed: true };
      notify();
    },
  );
  async function* events(): AsyncGenerator<McisProgressEvent, void, undefined> {
    for (;;) {
      const next = queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (settled) {
        if (settled.failed) throw settled.error;
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  return { events: events(), result };
}
