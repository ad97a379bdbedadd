import { BaristaError, isBaristaError } from "@cloud-barista/core";
import type { ErrorCode } from "@cloud-barista/core";
import { portOf } from "./target.js";
import type { RemoteTarget } from "./target.js";

/** Why a remote operation on one VM failed. */
export type RemoteErrorCode =
  "Unreachable" | "AuthRefused" | "HostKeyMismatch" | "Timeout" | "Aborted" | "CommandFailed" | "TransferFailed";

// Each remote code maps onto the SDK's closed set, so generic handling (retry, isDefiniteFailure)
// keeps working; branch on `remoteCode` for the SSH-specific reason.
const sdkCodes: Record<RemoteErrorCode, ErrorCode> = {
  Unreachable: "ProviderError",
  AuthRefused: "Unauthenticated",
  HostKeyMismatch: "PermissionDenied",
  Timeout: "Timeout",
  Aborted: "Aborted",
  CommandFailed: "ProviderError",
  TransferFailed: "ProviderError",
};

/** Where a remote error happened (VM, host, port) and, for host keys, which ones. */
export interface RemoteErrorDetails {
  readonly vmId: string;
  readonly host: string;
  readonly port: number;
  /** For HostKeyMismatch: the pinned key's fingerprint and the one the server presented. */
  readonly pinnedFingerprint?: string;
  readonly presentedFingerprint?: string;
  /** For CommandFailed: the command's exit code. */
  readonly exitCode?: number;
  readonly cause?: unknown;
}

/** A failure of SSH work on one VM. Never carries key material: only fingerprints and addresses. */
export class RemoteError extends BaristaError {
  readonly remoteCode: RemoteErrorCode;
  readonly vmId: string;
  readonly host: string;
  readonly port: number;
  readonly pinnedFingerprint: string | undefined;
  readonly presentedFingerprint: string | undefined;
  readonly exitCode: number | undefined;

  constructor(remoteCode: RemoteErrorCode, message: string, details: RemoteErrorDetails) {
    super(sdkCodes[remoteCode], `${details.vmId} (${details.host}:${details.port}): ${message}`, {
      nativeCode: remoteCode,
      resourceType: "vm",
      resourceName: details.vmId,
      // Nothing ran when the server could not be reached or refused us; a retry is safe then.
      unsent: remoteCode === "Unreachable" || remoteCode === "AuthRefused" || remoteCode === "HostKeyMismatch",
      retryable: remoteCode === "Unreachable" || remoteCode === "Timeout",
      cause: details.cause,
    });
    this.remoteCode = remoteCode;
    this.vmId = details.vmId;
    this.host = details.host;
    this.port = details.port;
    this.pinnedFingerprint = details.pinnedFingerprint;
    this.presentedFingerprint = details.presentedFingerprint;
    this.exitCode = details.exitCode;
  }
}

/** True for a RemoteError, optionally of one code (by shape, so duplicated package copies agree). */
export function isRemoteError(error: unknown, code?: RemoteErrorCode): error is RemoteError {
  if (!(error instanceof BaristaError) || typeof (error as Partial<RemoteError>).remoteCode !== "string") return false;
  return code === undefined || (error as RemoteError).remoteCode === code;
}

/** The underlying error's message only; ssh2 errors never hold key material, but strip long blobs anyway. */
export function describeCause(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/[A-Za-z0-9+/=]{64,}/g, "[…]");
}

/** Typed errors pass through; anything else (a store failure, a bug) is wrapped, naming the VM. */
export function asRemoteError(error: unknown, target: RemoteTarget): RemoteError | BaristaError {
  if (isBaristaError(error)) return error;
  return new RemoteError("Unreachable", describeCause(error), {
    vmId: target.vmId,
    host: target.host,
    port: portOf(target),
    cause: error,
  });
}
