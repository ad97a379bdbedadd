import { isBaristaError } from "@cloud-barista/core";
import type { ErrorCode } from "@cloud-barista/core";

/** What `cb` exits with; docs/cli.md lists the same table. */
export const exitCodes = {
  ok: 0,
  /** Anything not below: a bug, a file that cannot be read, a store that cannot be opened. */
  failure: 1,
  /** A bad argument or option, or a request the SDK refused (InvalidArgument, NotSupported). */
  badInput: 2,
  notFound: 3,
  /** AlreadyExists or Conflict: the name is taken, the resource is busy or still in use. */
  conflict: 4,
  /** The cloud refused or failed: credentials, permissions, quotas, capacity, throttling, timeouts. */
  cloud: 5,
  /** `cb exec`/`cb scp`: the command exited non-zero, or the work failed, on at least one VM. */
  remote: 6,
  /** Ctrl-C (SIGINT) or an aborted operation; 128 + SIGINT's number, as shells report it. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

const byCode: Record<ErrorCode, ExitCode> = {
  InvalidArgument: exitCodes.badInput,
  NotSupported: exitCodes.badInput,
  NotFound: exitCodes.notFound,
  AlreadyExists: exitCodes.conflict,
  Conflict: exitCodes.conflict,
  Aborted: exitCodes.interrupted,
  Unauthenticated: exitCodes.cloud,
  PermissionDenied: exitCodes.cloud,
  QuotaExceeded: exitCodes.cloud,
  CapacityUnavailable: exitCodes.cloud,
  Throttled: exitCodes.cloud,
  Timeout: exitCodes.cloud,
  ProviderError: exitCodes.cloud,
};

/** A usage mistake found by the CLI itself (not by the SDK): exits with `badInput`. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Remote work that failed on some VMs (each VM's outcome was already printed). */
export class RemoteFailure extends Error {
  override readonly name = "RemoteFailure";
}

/** The exit code for an error that ended a command. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UsageError) return exitCodes.badInput;
  if (error instanceof RemoteFailure) return exitCodes.remote;
  if (isBaristaError(error)) return byCode[error.code];
  return exitCodes.failure;
}
