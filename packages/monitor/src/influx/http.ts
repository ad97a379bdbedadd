import { BaristaError, invalidArgument } from "@cloud-barista/core";

/** Where an InfluxDB 1.x server is and how to log in (Basic auth: never in the URL, never logged). */
export interface InfluxConnection {
  /** Base URL, e.g. `http://127.0.0.1:8086`. */
  url: string;
  username?: string;
  password?: string;
  /** Per request (default 10 s). */
  timeoutMs?: number;
}

/** Checks a connection before anything is sent; errors name the field. */
export function checkConnection(connection: InfluxConnection): URL {
  let url: URL;
  try {
    url = new URL(connection?.url);
  } catch {
    throw invalidArgument("url", "url", "must be an absolute http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw invalidArgument("url", "url", "must be an http or https URL");
  }
  if (url.username || url.password) {
    throw invalidArgument("url", "no-credentials", "put the credentials in username and password, not in the URL");
  }
  if ((connection.username === undefined) !== (connection.password === undefined)) {
    throw invalidArgument("password", "pair", "username and password go together");
  }
  const timeout = connection.timeoutMs;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) {
    throw invalidArgument("timeoutMs", "positive-integer", "must be a positive integer");
  }
  return url;
}

/** An endpoint of the server with its query parameters. */
export function endpoint(connection: InfluxConnection, path: string, params: Record<string, string | undefined>): URL {
  const url = new URL(path, connection.url.endsWith("/") ? connection.url : `${connection.url}/`);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url;
}

export function authHeaders(connection: InfluxConnection): Record<string, string> {
  if (connection.username === undefined) return {};
  const basic = Buffer.from(`${connection.username}:${connection.password ?? ""}`).toString("base64");
  return { authorization: `Basic ${basic}` };
}

/**
 * An InfluxDB answer that is not a success, as a BaristaError: 400 InvalidArgument (malformed
 * points, a bad query), 401 Unauthenticated, 403 PermissionDenied, 404 NotFound (no such
 * database), 413 InvalidArgument, 429 Throttled, 5xx ProviderError (retryable). The message
 * carries InfluxDB's own error text, which never contains the credentials.
 */
export function influxError(status: number, body: string, what: string): BaristaError {
  let detail = body.trim();
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === "string") detail = parsed.error;
  } catch {
    // Not JSON: keep the text.
  }
  detail = detail.slice(0, 500);
  const message = `InfluxDB ${what} failed (HTTP ${status})${detail ? `: ${detail}` : ""}`;
  const options = { provider: "InfluxDB", statusCode: status, nativeCode: detail.slice(0, 120) };
  if (status === 401) return new BaristaError("Unauthenticated", message, options);
  if (status === 403) return new BaristaError("PermissionDenied", message, options);
  if (status === 404) return new BaristaError("NotFound", message, { ...options, resourceType: "database" });
  if (status === 429) return new BaristaError("Throttled", message, options);
  if (status >= 500) return new BaristaError("ProviderError", message, { ...options, retryable: true });
  return new BaristaError("InvalidArgument", message, options);
}

/** A network failure (refused, reset, timed out) as a retryable BaristaError. */
export function networkError(error: unknown, what: string): BaristaError {
  const e = error as { name?: string; message?: string; cause?: { code?: string } };
  if (e?.name === "TimeoutError") {
    return new BaristaError("Timeout", `InfluxDB ${what} timed out`, { provider: "InfluxDB", cause: error });
  }
  const code = e?.cause?.code;
  return new BaristaError(
    "ProviderError",
    `InfluxDB ${what} failed: ${e?.message ?? String(error)}${code ? ` (${code})` : ""}`,
    {
      provider: "InfluxDB",
      retryable: true,
      unsent: code === "ECONNREFUSED" || code === "ENOTFOUND",
      cause: error,
    },
  );
}

/** POSTs or GETs, mapping failures onto BaristaErrors; resolves with the answer's text. */
export async function influxRequest(
  connection: InfluxConnection,
  url: URL,
  init: {
    method: "GET" | "POST";
    headers?: Record<string, string>;
    body?: Uint8Array | string;
    what: string;
    signal?: AbortSignal;
  },
): Promise<{ status: number; text: string }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: { ...authHeaders(connection), ...init.headers },
      ...(init.body === undefined ? {} : { body: init.body }),
      signal: AbortSignal.any([
        AbortSignal.timeout(connection.timeoutMs ?? 10_000),
        ...(init.signal ? [init.signal] : []),
      ]),
    });
  } catch (error) {
    throw networkError(error, init.what);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw networkError(error, init.what);
  }
  if (response.status >= 300) throw influxError(response.status, text, init.what);
  return { status: response.status, text };
}
