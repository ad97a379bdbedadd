import type { AxiosInstance } from "axios";
import { BaristaError } from "@cloud-barista/core";
import type { CallContext, Clock } from "@cloud-barista/core";
import type { AuthMethod } from "../credentials.js";
import { tokenRequestBody } from "../credentials.js";
import { httpError, provider } from "../errors.js";
import { send } from "../http/transport.js";
import type { CatalogEntry } from "./catalog.js";

/** A Keystone token and what came with it. */
export interface AuthSession {
  token: string;
  /** When the token was issued and when it expires, on the driver's clock. */
  issuedAtMs: number;
  expiresAtMs: number;
  projectId: string;
  catalog: CatalogEntry[];
}

export interface AuthenticatorOptions {
  http: AxiosInstance;
  /** Keystone v3 root, e.g. "https://keystone.example:5000/v3". */
  identityUrl: string;
  method: AuthMethod;
  clock: Clock;
  /** Renew this long before the token expires, so no call carries a token about to lapse. */
  refreshMarginMs: number;
}

/**
 * Holds one connection's token: issued on first use, reused until shortly before it expires,
 * renewed at once when a service answers 401. Concurrent callers share one issue call.
 */
export class Authenticator {
  readonly #options: AuthenticatorOptions;
  #current: AuthSession | undefined;
  #pending: Promise<AuthSession> | undefined;

  constructor(options: AuthenticatorOptions) {
    this.#options = options;
  }

  /** A valid session, issuing a token (through `ctx.call`, so it is retried and recorded) when needed. */
  session(ctx: CallContext): Promise<AuthSession> {
    const current = this.#current;
    // Short-lived tokens are renewed at half their life rather than never being fresh enough.
    const margin = current
      ? Math.min(this.#options.refreshMarginMs, (current.expiresAtMs - current.issuedAtMs) / 2)
      : 0;
    if (current && this.#options.clock.now() < current.expiresAtMs - margin) return Promise.resolve(current);
    this.#pending ??= this.#issue(ctx).finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  /** Forgets a token a service refused, unless a newer one has replaced it already. */
  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = undefined;
  }

  async #issue(ctx: CallContext): Promise<AuthSession> {
    const { http, identityUrl, method } = this.#options;
    const api = "keystone:IssueToken";
    const session = await ctx.call(
      api,
      async (signal) => {
        const response = await send(
          http,
          { method: "POST", url: `${identityUrl}/auth/tokens`, headers: {}, body: tokenRequestBody(method), signal },
          api,
        );
        if (response.status !== 201 && response.status !== 200) {
          throw httpError(
            { ...response, body: response.data, service: "identity", nowMs: this.#options.clock.now() },
            api,
          );
        }
        return {
          session: parseToken(response.data, response.headers["x-subject-token"], this.#options.clock.now()),
          requestId: response.headers["x-openstack-request-id"],
        };
      },
      { idempotent: true, requestIdOf: (r) => r.requestId },
    );
    this.#current = session.session;
    return session.session;
  }
}

function parseToken(body: unknown, token: string | undefined, nowMs: number): AuthSession {
  const t = (
    body as
      | { token?: { expires_at?: string; issued_at?: string; project?: { id?: string }; catalog?: CatalogEntry[] } }
      | undefined
  )?.token;
  const expiresAtMs = Date.parse(t?.expires_at ?? "");
  if (!token || !t || Number.isNaN(expiresAtMs)) {
    throw new BaristaError(
      "ProviderError",
      "keystone:IssueToken: the answer carries no X-Subject-Token or expires_at",
      { provider, retryable: false },
    );
  }
  if (!t.project?.id || !Array.isArray(t.catalog)) {
    throw new BaristaError(
      "PermissionDenied",
      "keystone:IssueToken: the token is not scoped to a project (no catalog)",
      { provider },
    );
  }
  // The lifetime is measured from the server's issued_at, the expiry placed on the driver's clock.
  const issuedAtMs = Date.parse(t.issued_at ?? "");
  const lifetimeMs = Number.isNaN(issuedAtMs) ? expiresAtMs - nowMs : expiresAtMs - issuedAtMs;
  return { token, issuedAtMs: nowMs, expiresAtMs: nowMs + lifetimeMs, projectId: t.project.id, catalog: t.catalog };
}
