import type { Agent as HttpAgent } from "node:http";
import type { Agent as HttpsAgent } from "node:https";
import { BaristaError, abortedError, isBaristaError } from "../errors.js";

/** An HTTP request about to be sent by a driver's vendor client, as a hook sees it. */
export interface OutgoingRequest {
  readonly method: string;
  readonly url: string;
  /** Lower-case names; a hook may add headers (tracing), never remove what the cloud needs. */
  readonly headers: Record<string, string>;
}

/** How a driver's vendor client reaches the cloud: agents for proxies and custom CAs, a hook for tracing. */
export interface TransportOptions {
  /** Agent for http: URLs (proxies, keep-alive tuning). */
  httpAgent?: HttpAgent;
  /** Agent for https: URLs (a custom CA or client certificate, proxies). */
  httpsAgent?: HttpsAgent;
  /** Called before every HTTP request the vendor client sends, signatures not yet computed. */
  onRequest?: (request: OutgoingRequest) => void;
}

// Failures before the request was written: the cloud saw nothing.
const unsentCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);
// Failures a retry cannot mend (a certificate the client will not accept, a malformed URL).
const fatalCodes = /^(ERR_TLS_|ERR_INVALID_URL|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_(GET|VERIFY)_)/;
const timeoutCodes = new Set(["ETIMEDOUT", "ESOCKETTIMEDOUT", "ECONNABORTED", "UND_ERR_CONNECT_TIMEOUT"]);

/** The errno-style code of a transport error or of any error in its cause chain. */
function codeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e !== null && typeof e === "object" && depth < 5; depth++) {
    const { code, name } = e as { code?: unknown; name?: unknown };
    if (typeof code === "string" && code !== "") return code;
    if (name === "TimeoutError") return "ETIMEDOUT";
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The one classification of transport failures (no answer from the cloud) every driver uses:
 * - never sent (refused, unresolvable): retryable, and `unsent`, so even non-idempotent calls repeat;
 * - timed out: Timeout, retryable for calls that are safe to repeat;
 * - cut off (reset, hang-up, any other socket error): ProviderError, retryable for calls safe to repeat;
 * - certificate and URL errors, and errors that are no transport failure at all (a TypeError in a
 *   vendor client): not retryable.
 * An abort by the caller's signal is Aborted. The cause kept is a plain summary (name, code and
 * message): vendor errors carry request configs and bodies, credentials among them.
 */
export function transportFailure(provider: string, api: string, error: unknown, signal?: AbortSignal): BaristaError {
  if (isBaristaError(error)) return error;
  if (signal?.aborted) return abortedError(signal);
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const cause = Object.assign(new Error(message), { name: error instanceof Error ? error.name : "Error", code });
  const text = `${api}: ${code ? `${code}: ` : ""}${message}`;
  if (code !== undefined && unsentCodes.has(code)) {
    return new BaristaError("ProviderError", text, { provider, retryable: true, unsent: true, cause });
  }
  if (code !== undefined && fatalCodes.test(code))
    return new BaristaError("ProviderError", text, { provider, retryable: false, cause });
  if ((code !== undefined && timeoutCodes.has(code)) || /timed? ?out/i.test(message)) {
    return new BaristaError("Timeout", text, { provider, cause });
  }
  const socketError = code !== undefined || /socket|network|connection/i.test(message);
  return new BaristaError("ProviderError", text, { provider, retryable: socketError, cause });
}
