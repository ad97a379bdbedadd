import { isBaristaError } from "../errors.js";
import type { Clock } from "../util/clock.js";
import type { CallContext } from "./call-context.js";

/** A bearer credential with its lifetime on the driver's clock (Keystone token, OAuth access token). */
export interface IssuedToken {
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
}

/** Options of a `TokenCache`. */
export interface TokenCacheOptions<T extends IssuedToken> {
  clock: Clock;
  /** Renew this long before expiry (at most half the token's life), so no call carries a lapsing token. */
  refreshMarginMs: number;
  /** Issues a token; its native call goes through `ctx.call`, so it is retried and recorded. */
  issue: (ctx: CallContext) => Promise<T>;
}

/**
 * One connection's token: issued on first use, reused until shortly before it expires, forgotten
 * when a service refuses it. Concurrent callers share one issue call.
 */
export class TokenCache<T extends IssuedToken> {
  readonly #options: TokenCacheOptions<T>;
  #current: T | undefined;
  #pending: Promise<T> | undefined;

  constructor(options: TokenCacheOptions<T>) {
    this.#options = options;
  }

  /** The current token, issued first when there is none or it is about to expire. */
  get(ctx: CallContext): Promise<T> {
    const current = this.#current;
    const margin = current
      ? Math.min(this.#options.refreshMarginMs, (current.expiresAtMs - current.issuedAtMs) / 2)
      : 0;
    if (current && this.#options.clock.now() < current.expiresAtMs - margin) return Promise.resolve(current);
    this.#pending ??= this.#options
      .issue(ctx)
      .then((token) => (this.#current = token))
      .finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  /**
   * Runs `fn` with a valid token. A token the cloud refuses (401: expired early, revoked) is
   * renewed once and `fn` runs again; a second refusal stands.
   */
  async use<R>(ctx: CallContext, fn: (token: T) => Promise<R>): Promise<R> {
    const token = await this.get(ctx);
    try {
      return await fn(token);
    } catch (error) {
      if (!isBaristaError(error, "Unauthenticated") || error.statusCode !== 401) throw error;
      this.invalidate(token);
      return fn(await this.get(ctx));
    }
  }

  /** Forgets a token a service refused, unless a newer one has replaced it already. */
  invalidate(token: T): void {
    if (this.#current === token) this.#current = undefined;
  }
}
