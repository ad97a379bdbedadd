import { rename, rm, stat } from "node:fs/promises";
import { invalidArgument } from "@cloud-barista/core";
import type { SFTPWrapper } from "ssh2";
import { RemoteError, describeCause } from "./errors.js";
import { eachTarget } from "./each-target.js";
import type { TargetOutcome } from "./each-target.js";
import { hostKeysOrMemory } from "./run-command.js";
import type { RemoteOptions } from "./run-command.js";
import { openSession } from "./session.js";
import { portOf } from "./target.js";
import type { RemoteTarget } from "./target.js";

/** How far one VM's file transfer has got. */
export interface TransferProgress {
  readonly vmId: string;
  /** Bytes moved so far for this VM, and the file's size. */
  readonly bytes: number;
  readonly totalBytes: number;
}

export interface TransferOptions extends RemoteOptions {
  /** Told as the transfer progresses. */
  readonly onProgress?: (progress: TransferProgress) => void;
  /** Permissions of an uploaded file (default 0o644). */
  readonly mode?: number;
}

/** One VM's result of a file transfer. */
export interface TransferResult {
  readonly vmId: string;
  readonly bytes: number;
  readonly durationMs: number;
  readonly error?: TargetOutcome<number>["error"];
}

/** Every VM's result of a file transfer and the counts. */
export interface TransferSummary {
  readonly results: TransferResult[];
  readonly ok: string[];
  readonly failed: string[];
}

/** Copies a local file (or bytes) to `remotePath` on every target over SFTP. */
export async function uploadFile(
  targets: readonly RemoteTarget[],
  source: string | Buffer,
  remotePath: string,
  options: TransferOptions,
): Promise<TransferSummary> {
  const totalBytes = typeof source === "string" ? (await stat(source)).size : source.length;
  const hostKeys = hostKeysOrMemory(options);
  const outcomes = await eachTarget(targets, options, (target, signal) =>
    withSftp(target, { ...options, hostKeys }, signal, async (sftp) => {
      const step = (bytes: number): void => options.onProgress?.({ vmId: target.vmId, bytes, totalBytes });
      step(0);
      if (typeof source === "string") {
        await callback<void>(target, "upload", (done) =>
          sftp.fastPut(source, remotePath, { mode: options.mode ?? 0o644, step: (moved) => step(moved) }, done),
        );
      } else {
        await writeBuffer(sftp, target, source, remotePath, options.mode ?? 0o644, step);
      }
      return totalBytes;
    }),
  );
  return summary(outcomes);
}

/**
 * Copies `remotePath` from every target to a local file: `localPath(target)`, or a path with
 * "{vmId}" in it (required for more than one target, so files never overwrite each other).
 */
export async function downloadFile(
  targets: readonly RemoteTarget[],
  remotePath: string,
  localPath: string | ((target: RemoteTarget) => string),
  options: TransferOptions,
): Promise<TransferSummary> {
  if (typeof localPath === "string" && targets.length > 1 && !localPath.includes("{vmId}")) {
    throw invalidArgument("localPath", "per-vm", 'downloading from several VMs needs "{vmId}" in the local path');
  }
  const pathFor = (target: RemoteTarget): string =>
    typeof localPath === "string" ? localPath.replaceAll("{vmId}", target.vmId) : localPath(target);
  const hostKeys = hostKeysOrMemory(options);
  const outcomes = await eachTarget(targets, options, (target, signal) =>
    withSftp(target, { ...options, hostKeys }, signal, async (sftp) => {
      const attributes = await callback<{ size: number }>(target, "download", (done) => sftp.stat(remotePath, done));
      const totalBytes = attributes.size;
      const step = (bytes: number): void => options.onProgress?.({ vmId: target.vmId, bytes, totalBytes });
      step(0);
      // Written beside the destination first, so a failed transfer never leaves half a file there.
      const destination = pathFor(target);
      const partial = `${destination}.part`;
      try {
        await callback<void>(target, "download", (done) =>
          sftp.fastGet(remotePath, partial, { step: (moved) => step(moved) }, done),
        );
        await rename(partial, destination);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      return totalBytes;
    }),
  );
  return summary(outcomes);
}

async function withSftp<R>(
  target: RemoteTarget,
  options: TransferOptions & Required<Pick<TransferOptions, "hostKeys">>,
  signal: AbortSignal,
  work: (sftp: SFTPWrapper) => Promise<R>,
): Promise<R> {
  const session = await openSession(target, options, signal);
  // Closing the connection is how a timeout or abort stops a transfer in flight.
  const onAbort = (): void => session.close();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    const sftp = await callback<SFTPWrapper>(target, "open SFTP", (done) => session.client.sftp(done));
    return await work(sftp);
  } finally {
    signal.removeEventListener("abort", onAbort);
    session.close();
  }
}

async function writeBuffer(
  sftp: SFTPWrapper,
  target: RemoteTarget,
  data: Buffer,
  remotePath: string,
  mode: number,
  step: (bytes: number) => void,
): Promise<void> {
  const handle = await callback<Buffer>(target, "upload", (done) => sftp.open(remotePath, "w", { mode }, done));
  try {
    // Several writes in flight, as ssh2's fastPut does for files: one at a time waits a round trip per chunk.
    const chunkSize = 32 * 1024;
    let next = 0;
    let written = 0;
    const writer = async (): Promise<void> => {
      while (next < data.length) {
        const offset = next;
        const length = Math.min(chunkSize, data.length - offset);
        next += length;
        await callback<void>(target, "upload", (done) => sftp.write(handle, data, offset, length, offset, done));
        step((written += length));
      }
    };
    await Promise.all(Array.from({ length: 16 }, writer));
  } finally {
    await callback<void>(target, "upload", (done) => sftp.close(handle, done)).catch(() => undefined);
  }
}

/** Adapts an ssh2 callback call to a promise, naming the VM and the step in its error. */
function callback<T>(
  target: RemoteTarget,
  what: string,
  call: (done: (error: Error | undefined | null, value: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    call((error, value) => (error ? reject(transferError(target, what, error)) : resolve(value)));
  });
}

function transferError(target: RemoteTarget, what: string, error: Error): RemoteError {
  return new RemoteError("TransferFailed", `${what} failed: ${describeCause(error)}`, {
    vmId: target.vmId,
    host: target.host,
    port: portOf(target),
    cause: error,
  });
}

function summary(outcomes: TargetOutcome<number>[]): TransferSummary {
  const results = outcomes.map(({ vmId, value, error, durationMs }) => ({
    vmId,
    bytes: value ?? 0,
    durationMs,
    ...(error === undefined ? {} : { error }),
  }));
  return {
    results,
    ok: results.filter((r) => r.error === undefined).map((r) => r.vmId),
    failed: results.filter((r) => r.error !== undefined).map((r) => r.vmId),
  };
}
