import { StringDecoder } from "node:string_decoder";
import { MemoryStore } from "@cloud-barista/core";
import type { BaristaError } from "@cloud-barista/core";
import pLimit from "p-limit";
import { RemoteError, asRemoteError, describeCause } from "./errors.js";
import { requireDistinctVmIds } from "./each-target.js";
import { EventQueue } from "./event-queue.js";
import { storeHostKeys } from "./host-keys.js";
import type { HostKeyTrust } from "./host-keys.js";
import { vmScope } from "./scope.js";
import { openSession } from "./session.js";
import type { RemoteAuth, Session } from "./session.js";
import { commandLine } from "./shell-quote.js";
import type { RemoteCommand } from "./shell-quote.js";
import { portOf } from "./target.js";
import type { RemoteTarget } from "./target.js";

/** What every remote operation over many VMs takes. */
export interface RemoteOptions extends RemoteAuth {
  /**
   * Where host keys are pinned (see `storeHostKeys`). Without it, keys are pinned in memory for this
   * call only: nothing protects the next call, so pass one backed by the SDK's store.
   */
  readonly hostKeys?: HostKeyTrust;
  /** VMs worked on at once (default 10). */
  readonly concurrency?: number;
  /** Per VM: connect, log in and finish within this many milliseconds, else `Timeout`. */
  readonly timeoutMs?: number;
  /** Per hop: TCP connect plus SSH handshake (default 20 000 ms). */
  readonly connectTimeoutMs?: number;
  /** Stops all work; unfinished VMs report `Aborted`. */
  readonly abortSignal?: AbortSignal;
}

export interface RunCommandOptions extends RemoteOptions {
  /** Report a non-zero exit as a `CommandFailed` error event instead of an exit event. */
  readonly failOnNonZero?: boolean;
  /** Called as each VM's work moves on. */
  readonly onProgress?: (progress: CommandProgress) => void;
}

/** One VM's state in a command across VMs, and how many have finished. */
export interface CommandProgress {
  readonly vmId: string;
  readonly state: "connecting" | "running" | "exited" | "failed";
  /** VMs finished (exited or failed) so far, and in all. */
  readonly finished: number;
  readonly total: number;
}

/** An event of a remote command on one VM: a chunk of output, its exit, or its error. */
export type RemoteEvent =
  | { readonly type: "stdout" | "stderr"; readonly vmId: string; readonly chunk: string }
  | {
      readonly type: "exit";
      readonly vmId: string;
      /** null when the command was killed by a signal. */
      readonly code: number | null;
      readonly signal?: string;
      readonly durationMs: number;
    }
  | {
      readonly type: "error";
      readonly vmId: string;
      readonly error: RemoteError | BaristaError;
      readonly durationMs: number;
    };

/** A fresh in-memory pin set, for callers that passed none. */
export function hostKeysOrMemory(options: RemoteOptions): HostKeyTrust {
  return options.hostKeys ?? storeHostKeys(new MemoryStore());
}

/**
 * Runs one command on every target, `concurrency` VMs at a time, and yields each VM's output as it
 * arrives, then its exit (or error). One VM's failure never stops the others. Breaking out of the
 * loop aborts the VMs still running.
 */
export async function* runCommand(
  targets: readonly RemoteTarget[],
  command: RemoteCommand,
  options: RunCommandOptions,
): AsyncGenerator<RemoteEvent> {
  const line = commandLine(command);
  requireDistinctVmIds(targets);
  const hostKeys = hostKeysOrMemory(options);
  const stop = new AbortController();
  const forward = (): void => stop.abort(options.abortSignal?.reason);
  if (options.abortSignal?.aborted) forward();
  options.abortSignal?.addEventListener("abort", forward, { once: true });

  const queue = new EventQueue<RemoteEvent>();
  const limit = pLimit(options.concurrency ?? 10);
  let finished = 0;
  const progress = (vmId: string, state: CommandProgress["state"]): void => {
    if (state === "exited" || state === "failed") finished++;
    options.onProgress?.({ vmId, state, finished, total: targets.length });
  };
  const all = Promise.all(
    targets.map((target) =>
      limit(async () => {
        const scope = vmScope(target, options.timeoutMs, stop.signal);
        try {
          progress(target.vmId, "connecting");
          const ran = await runOn(target, line, { ...options, hostKeys }, scope.signal, queue, () =>
            progress(target.vmId, "running"),
          );
          const durationMs = Date.now() - scope.startedAt;
          if (options.failOnNonZero && ran.code !== 0) {
            const text = ran.code === null ? `killed by ${ran.signal ?? "a signal"}` : `exited with ${ran.code}`;
            const error = new RemoteError("CommandFailed", text, {
              vmId: target.vmId,
              host: target.host,
              port: portOf(target),
              ...(ran.code === null ? {} : { exitCode: ran.code }),
            });
            queue.push({ type: "error", vmId: target.vmId, error, durationMs });
            progress(target.vmId, "failed");
          } else {
            queue.push({ type: "exit", vmId: target.vmId, ...ran, durationMs });
            progress(target.vmId, "exited");
          }
        } catch (caught) {
          // A timeout or abort wins over whatever error closing the connection caused.
          const error = scope.signal.aborted ? (scope.signal.reason as unknown) : caught;
          queue.push({
            type: "error",
            vmId: target.vmId,
            error: asRemoteError(error, target),
            durationMs: Date.now() - scope.startedAt,
          });
          progress(target.vmId, "failed");
        } finally {
          scope.dispose();
        }
      }),
    ),
  );
  void all.finally(() => queue.end());
  try {
    yield* queue;
  } finally {
    options.abortSignal?.removeEventListener("abort", forward);
    // The consumer stopped early (break, throw): end the work still under way.
    if (!stop.signal.aborted) stop.abort();
    await all;
  }
}

interface Ran {
  readonly code: number | null;
  readonly signal?: string;
}

async function runOn(
  target: RemoteTarget,
  line: string,
  options: RunCommandOptions & { hostKeys: HostKeyTrust },
  signal: AbortSignal,
  queue: EventQueue<RemoteEvent>,
  started: () => void,
): Promise<Ran> {
  const session: Session = await openSession(target, options, signal);
  try {
    return await new Promise<Ran>((resolve, reject) => {
      const where = { vmId: target.vmId, host: target.host, port: portOf(target) };
      let ran: Ran | undefined;
      const onAbort = (): void => reject(signal.reason as Error);
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      const lost = (error?: Error): void =>
        reject(
          new RemoteError("Unreachable", `connection lost while running${error ? `: ${describeCause(error)}` : ""}`, {
            ...where,
            cause: error,
          }),
        );
      session.client.on("error", lost);
      session.client.exec(line, (error, channel) => {
        if (error) return lost(error);
        started();
        const decoders = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };
        const emit = (type: "stdout" | "stderr", chunk: string): void => {
          if (chunk !== "") queue.push({ type, vmId: target.vmId, chunk });
        };
        channel.on("data", (d: Buffer) => emit("stdout", decoders.stdout.write(d)));
        channel.stderr.on("data", (d: Buffer) => emit("stderr", decoders.stderr.write(d)));
        channel.on("exit", (code: number | null, signalName?: string) => {
          ran =
            code === null || code === undefined
              ? { code: null, ...(signalName ? { signal: signalName } : {}) }
              : { code };
        });
        channel.on("close", () => {
          signal.removeEventListener("abort", onAbort);
          emit("stdout", decoders.stdout.end());
          emit("stderr", decoders.stderr.end());
          if (ran === undefined) lost();
          else resolve(ran);
        });
      });
    });
  } finally {
    session.close();
  }
}

/** One VM's result of a command: exit code, output, or the error. */
export interface CommandResult {
  readonly vmId: string;
  /** The exit code; null when killed by a signal or when the VM failed before exiting. */
  readonly code: number | null;
  readonly signal?: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly error?: RemoteError | BaristaError;
}

/** Every VM's result of a command and the counts. */
export interface CommandSummary {
  /** One result per target, in the targets' order. */
  readonly results: CommandResult[];
  /** The VMs that exited 0. */
  readonly ok: string[];
  /** The VMs that exited non-zero or failed. */
  readonly failed: string[];
}

/** Runs the command like `runCommand` and collects each VM's whole output. */
export async function runCommandSummary(
  targets: readonly RemoteTarget[],
  command: RemoteCommand,
  options: RunCommandOptions,
): Promise<CommandSummary> {
  type Collected = { -readonly [K in keyof CommandResult]: CommandResult[K] };
  const collected = new Map<string, Collected>(
    targets.map((t) => [t.vmId, { vmId: t.vmId, code: null, stdout: "", stderr: "", durationMs: 0 }]),
  );
  for await (const event of runCommand(targets, command, options)) {
    const result = collected.get(event.vmId);
    if (result === undefined) continue;
    switch (event.type) {
      case "stdout":
        result.stdout += event.chunk;
        break;
      case "stderr":
        result.stderr += event.chunk;
        break;
      case "exit":
        result.code = event.code;
        result.durationMs = event.durationMs;
        if (event.signal !== undefined) result.signal = event.signal;
        break;
      case "error":
        result.error = event.error;
        result.durationMs = event.durationMs;
        if (event.error instanceof RemoteError && event.error.exitCode !== undefined)
          result.code = event.error.exitCode;
        break;
    }
  }
  const results = targets.flatMap((t) => collected.get(t.vmId) ?? []);
  return {
    results,
    ok: results.filter((r) => r.error === undefined && r.code === 0).map((r) => r.vmId),
    failed: results.filter((r) => r.error !== undefined || r.code !== 0).map((r) => r.vmId),
  };
}
