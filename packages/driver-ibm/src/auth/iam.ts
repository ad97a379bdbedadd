import type { AxiosInstance } from "axios";
import { TokenCache } from "@cloud-barista/core/driver";
import type { CallContext, Clock } from "@cloud-barista/core/driver";
import { badAnswer, httpError } from "../errors.js";
import { send } from "../http/transport.js";

/** An IAM access token and what the driver reads from it. */
export interface IamToken {
  accessToken: string;
  /** When the token was issued and when it expires, on the driver's clock. */
  issuedAtMs: number;
  expiresAtMs: number;
  /** The account the API key belongs to (the token's `account.bss`), when the token says. */
  accountId: string | undefined;
}

export interface IamOptions {
  http: AxiosInstance;
  /** IAM's root, e.g. "https://iam.cloud.ibm.com"; the token endpoint is `/identity/token` below it. */
  iamUrl: string;
  apiKey: string;
  clock: Clock;
  /** Renew this long before the token expires (IBM's SDKs renew after 80% of its life). */
  refreshMarginMs: number;
}

/** The grant type of an API key exchange (IAM's "Create an IAM access token ... using an API key"). */
export const apiKeyGrant = "urn:ibm:params:oauth:grant-type:apikey";

/**
 * One connection's IAM access token (POST /identity/token with the API key), cached and renewed
 * by the kit's token cache: before it expires, and once when a service answers 401.
 */
export function iamTokens(options: IamOptions): TokenCache<IamToken> {
  const { http, clock, apiKey } = options;
  const api = "get_token_api_key";
  const url = `${options.iamUrl.replace(/\/+$/, "").replace(/\/identity\/token$/, "")}/identity/token`;
  const issue = async (ctx: CallContext): Promise<IamToken> => {
    const answer = await ctx.call(
      api,
      async (signal) => {
        const form = { grant_type: apiKeyGrant, apikey: apiKey };
        const response = await send(http, { method: "POST", url, headers: {}, form, signal }, api);
        if (response.status !== 200) {
          throw httpError({ ...response, body: response.data, service: "iam", nowMs: clock.now() }, api);
        }
        return response;
      },
      { requestIdOf: (r) => r.headers["transaction-id"] ?? r.headers["x-request-id"] },
    );
    return parseToken(answer.data, clock.now());
  };
  return new TokenCache({ clock, refreshMarginMs: options.refreshMarginMs, issue });
}

interface TokenBody {
  access_token?: unknown;
  expires_in?: unknown;
  expiration?: unknown;
}

/** The claims of a JWT's payload, or {} when it is not one. */
export function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split(".")[1];
  if (payload === undefined) return {};
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return claims !== null && typeof claims === "object" ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * A token answer on the driver's clock: its lifetime is `expires_in` (else the JWT's exp − iat,
 * else `expiration` − now), counted from now, so a server clock that differs from ours does not
 * matter.
 */
export function parseToken(body: unknown, nowMs: number): IamToken {
  const b = (body ?? {}) as TokenBody;
  if (typeof b.access_token !== "string" || b.access_token === "") {
    throw badAnswer("get_token_api_key: the answer carries no access_token");
  }
  const claims = jwtClaims(b.access_token);
  const exp = Number(claims["exp"]);
  const iat = Number(claims["iat"]);
  const lifetimeS =
    typeof b.expires_in === "number" && b.expires_in > 0
      ? b.expires_in
      : Number.isFinite(exp) && Number.isFinite(iat) && exp > iat
        ? exp - iat
        : typeof b.expiration === "number"
          ? b.expiration - nowMs / 1000
          : 0;
  if (!(lifetimeS > 0)) throw badAnswer("get_token_api_key: the token's lifetime is unknown");
  const account = claims["account"] as { bss?: unknown } | undefined;
  return {
    accessToken: b.access_token,
    issuedAtMs: nowMs,
    expiresAtMs: nowMs + lifetimeS * 1000,
    accountId: typeof account?.bss === "string" ? account.bss : undefined,
  };
}
