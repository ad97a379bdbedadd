import { abortedError, closedError as storeClosed, isBaristaError } from "@cloud-barista/core";
import type { BaristaError } from "@cloud-barista/core";
import { etcdError, malformedAnswer, neverConnected, timeoutError, unreachableError } from "./errors.js";
import type { GatewayErrorBody } from "./errors.js";

/** etcd credentials for its built-in auth (simple or JWT tokens). */
export interface EtcdAuth {
  username: string;
  password: string;
}

export interface GatewayOptions {
  /** Base URLs of etcd client endpoints, e.g. "http://10.0.0.5:2379". */
  endpoints: readonly string[];
  auth?: EtcdAuth | undefined;
  requestTimeoutMs: number;
}

export interface GatewayCallOptions {
  abortSignal?: AbortSignal | undefined;
}

interface AttemptOptions extends GatewayCallOptions {
  timeoutMs: number;
  /** Also move to the next endpoint after a timeout or broken connection (only for harmless calls). */
  failoverOnAnyError?: boolean;
}

/** Thrown by calls that were in flight when the store closed, and by every call after. */
export function closedError(): BaristaError {
  return storeClosed("EtcdStore");
}

/**
 * A client for etcd's gRPC gateway (the HTTP/JSON form of the v3 API, served on the client port).
 * It sends each call to the endpoint that last answered and moves on to the next one only when a
 * connection could not be made, so a write is never sent twice.
 */
export class Gateway {
  readonly #endpoints: readonly string[];
  readonly #auth: EtcdAuth | undefined;
  readonly #requestTimeoutMs: number;
  readonly #closing = new AbortController();
  #current = 0;
  /** The current auth token, shared by concurrent calls (and by concurrent re-authentications). */
  #token: Promise<string> | undefined;

  constructor(options: GatewayOptions) {
    this.#endpoints = options.endpoints.map((url) => url.replace(/\/+$/, ""));
    this.#auth = options.auth;
    this.#requestTimeoutMs = options.requestTimeoutMs;
  }

  /** Authenticates (when configured) and checks that some endpoint answers, each step within `timeoutMs`. */
  async connect(timeoutMs: number): Promise<void> {
    const attempt = { timeoutMs, failoverOnAnyError: true };
    const token = this.#auth ? await this.#login(timeoutMs) : undefined;
    await this.#post("/v3/maintenance/status", {}, token, attempt);
  }

  /** One v3 API call, e.g. `call("/v3/kv/range", {...})`; failures are BaristaErrors. */
  async call<T>(path: string, body: object, options: GatewayCallOptions = {}): Promise<T> {
    const attempt = { ...options, timeoutMs: this.#requestTimeoutMs };
    const used = this.#auth ? (this.#token ?? this.#login(this.#requestTimeoutMs)) : undefined;
    try {
      return await this.#post<T>(path, body, await used, attempt);
    } catch (error) {
      // Tokens expire (simple tokens after --auth-token-ttl idle seconds); log in again once.
      // Concurrent calls that failed with the same token share one new login.
      if (used === undefined || !isStaleToken(error)) throw error;
      const renewed = this.#token !== undefined && this.#token !== used;
      const fresh = renewed ? (this.#token as Promise<string>) : this.#login(this.#requestTimeoutMs);
      return await this.#post<T>(path, body, await fresh, attempt);
    }
  }

  /** Aborts calls in flight; later calls fail. */
  close(): void {
    this.#closing.abort(closedError());
  }

  /**
   * Logs in; the token is shared until it goes stale, and forgotten if the login fails. No caller's
   * abort signal applies, as the login serves every caller; logging in twice is harmless, so any
   * endpoint failure moves on to the next endpoint.
   */
  #login(timeoutMs: number): Promise<string> {
    const auth = this.#auth as EtcdAuth;
    const body = { name: auth.username, password: auth.password };
    const options = { timeoutMs, failoverOnAnyError: true };
    const token = this.#post<{ token?: string }>("/v3/auth/authenticate", body, undefined, options).then(
      (answer) => answer.token ?? "",
    );
    this.#token = token;
    void token.catch(() => {
      if (this.#token === token) this.#token = undefined;
    });
    return token;
  }

  async #post<T>(path: string, body: object, token: string | undefined, options: AttemptOptions): Promise<T> {
    let lastError: unknown;
    for (let i = 0; i < this.#endpoints.length; i++) {
      const index = (this.#current + i) % this.#endpoints.length;
      const endpoint = this.#endpoints[index] ?? "";
      try {
        const result = await this.#attempt<T>(endpoint, path, body, token, options);
        this.#current = index;
        return result;
      } catch (error) {
        if (this.#closing.signal.aborted) throw error;
        const network = !isBaristaError(error) || isBaristaError(error, "Timeout");
        const moveOn = neverConnected(error) || (options.failoverOnAnyError === true && network);
        if (!moveOn) throw isBaristaError(error) ? error : unreachableError(endpoint, error);
        lastError = isBaristaError(error) ? error : unreachableError(endpoint, error);
      }
    }
    throw lastError;
  }

  /** One HTTP request; a network failure is thrown as is, everything else as a BaristaError. */
  async #attempt<T>(
    endpoint: string,
    path: string,
    body: object,
    token: string | undefined,
    options: AttemptOptions,
  ): Promise<T> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signals = [this.#closing.signal, timeout, ...(options.abortSignal ? [options.abortSignal] : [])];
    const signal = AbortSignal.any(signals);
    try {
      if (signal.aborted) throw signal.reason;
      const response = await fetch(endpoint + path, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token === undefined ? {} : { authorization: token }) },
        body: JSON.stringify(body),
        signal,
      });
      const text = await response.text();
      if (!response.ok) throw etcdError(response.status, parseJson<GatewayErrorBody>(text), path);
      return parseJson<T>(text) ?? throwError(malformedAnswer(endpoint, path, response.status));
    } catch (error) {
      // Which signal fired decides the error: the caller's, close, or the request timeout.
      if (options.abortSignal?.aborted) throw abortedError(options.abortSignal);
      if (this.#closing.signal.aborted) throw closedError();
      if (timeout.aborted) throw timeoutError(path, options.timeoutMs);
      throw error;
    }
  }
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function throwError(error: Error): never {
  throw error;
}

function isStaleToken(error: unknown): boolean {
  return isBaristaError(error) && /invalid auth token|revision of auth store is old/.test(error.message);
}
