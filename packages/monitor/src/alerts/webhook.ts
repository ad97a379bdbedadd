import { invalidArgument, noopLogger } from "@cloud-barista/core";
import type { Logger } from "@cloud-barista/core";
import type { AlertEvent, AlertHandler } from "./engine.js";

/** Where {@link webhookHandler} POSTs events and how it retries. */
export interface WebhookOptions {
  /** The absolute http(s) URL events are POSTed to. */
  url: string;
  /** Extra headers (e.g. authorization); never logged. */
  headers?: Record<string, string>;
  /** Attempts after the first (default 5). */
  retries?: number;
  /** First wait between attempts, doubled each time (default 500 ms). */
  backoffMs?: number;
  /** Longest wait for one attempt (default 10 000 ms). */
  timeoutMs?: number;
  /** Where failed attempts are reported, URL without its query (default: nowhere). */
  logger?: Logger;
}

/**
 * A handler that POSTs each event as JSON, retrying network errors, 429 and 5xx with
 * exponential backoff; a 4xx other than 429 is not retried. Rejects after the last attempt.
 */
export function webhookHandler(options: WebhookOptions): AlertHandler {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw invalidArgument("url", "url", "must be an absolute http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw invalidArgument("url", "url", "must be http or https");
  const retries = options.retries ?? 5;
  if (!(Number.isInteger(retries) && retries >= 0))
    throw invalidArgument("retries", "non-negative-integer", "must be an integer >= 0");
  const backoff = options.backoffMs ?? 500;
  const logger = options.logger ?? noopLogger;
  const where = `${url.protocol}//${url.host}${url.pathname}`;
  return async (event: AlertEvent) => {
    let lastError = "";
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, backoff * 2 ** (attempt - 1)));
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...options.headers },
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        await response.arrayBuffer();
        if (response.ok) return;
        lastError = `HTTP ${response.status}`;
        if (response.status < 500 && response.status !== 429) break;
      } catch (error) {
        lastError = (error as Error).message;
      }
      logger.warn("alert webhook attempt failed", { url: where, attempt: attempt + 1, error: lastError });
    }
    throw new Error(`alert webhook ${where} failed: ${lastError}`);
  };
}
