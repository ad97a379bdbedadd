import { BaristaError } from "@cloud-barista/core";
import type { ErrorCode } from "@cloud-barista/core";

const provider = "etcd";

/** The body of a failed gateway call: the gRPC status etcd answered with. */
export interface GatewayErrorBody {
  error?: string;
  message?: string;
  /** gRPC status code. */
  code?: number;
}

const grpcNames = [
  "OK",
  "Canceled",
  "Unknown",
  "InvalidArgument",
  "DeadlineExceeded",
  "NotFound",
  "AlreadyExists",
  "PermissionDenied",
  "ResourceExhausted",
  "FailedPrecondition",
  "Aborted",
  "OutOfRange",
  "Unimplemented",
  "Internal",
  "Unavailable",
  "DataLoss",
  "Unauthenticated",
] as const;

/** Maps an etcd error answer (gRPC status through the gateway) to a BaristaError. */
export function etcdError(status: number, body: GatewayErrorBody | undefined, path: string): BaristaError {
  const message = body?.message ?? body?.error ?? `HTTP ${status}`;
  const grpcName = body?.code === undefined ? undefined : grpcNames[body.code];
  const code = errorCodeOf(grpcName, message);
  return new BaristaError(code, `etcd ${path}: ${message}`, {
    provider,
    statusCode: status,
    nativeCode: grpcName,
    // No leader, leader changed, request timed out: the cluster is briefly unable to serve.
    ...(grpcName === "Unavailable" ? { retryable: true } : {}),
  });
}

function errorCodeOf(grpcName: string | undefined, message: string): ErrorCode {
  // etcd reports several auth failures as InvalidArgument; the message is all that tells them apart.
  if (/authentication failed|user name is empty|invalid auth token/.test(message)) return "Unauthenticated";
  switch (grpcName) {
    case "Canceled":
      return "Aborted";
    case "InvalidArgument":
    case "OutOfRange":
      return "InvalidArgument";
    case "DeadlineExceeded":
      return "Timeout";
    case "NotFound":
      return "NotFound";
    case "PermissionDenied":
      return "PermissionDenied";
    case "Unauthenticated":
      return "Unauthenticated";
    case "ResourceExhausted":
      return message.includes("too many requests") ? "Throttled" : "QuotaExceeded";
    case "Unavailable":
      return message.includes("timed out") ? "Timeout" : "ProviderError";
    default:
      return "ProviderError";
  }
}

/** Error codes of a connection that was never made: the request surely did not reach etcd. */
const notConnectedCodes = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** The system error code behind a failed fetch ("fetch failed" TypeError), if any. */
export function networkCode(error: unknown): string | undefined {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  const code: unknown = cause instanceof Error && "code" in cause ? cause.code : undefined;
  return typeof code === "string" ? code : undefined;
}

/** Whether a failed fetch never connected, so sending the request elsewhere cannot apply it twice. */
export function neverConnected(error: unknown): boolean {
  const code = networkCode(error);
  return code !== undefined && notConnectedCodes.has(code);
}

/** etcd could not be reached (or the connection broke): retryable, though a write may have landed. */
export function unreachableError(endpoint: string, error: unknown): BaristaError {
  const code = networkCode(error);
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new BaristaError("ProviderError", `etcd unreachable at ${endpoint}: ${detail}`, {
    provider,
    retryable: true,
    nativeCode: code,
    cause: error,
  });
}

/** An answer that is not JSON: the endpoint is probably not an etcd client URL. */
export function malformedAnswer(endpoint: string, path: string, status: number): BaristaError {
  return new BaristaError("ProviderError", `etcd ${path}: ${endpoint} did not answer like etcd (HTTP ${status})`, {
    provider,
    statusCode: status,
    retryable: false,
  });
}

/** A call outlived `requestTimeoutMs` (or open outlived `dialTimeoutMs`). */
export function timeoutError(what: string, ms: number): BaristaError {
  return new BaristaError("Timeout", `etcd ${what} did not answer within ${ms} ms`, { provider });
}
