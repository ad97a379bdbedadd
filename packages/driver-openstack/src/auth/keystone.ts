import type { AxiosInstance } from "axios";
import { BaristaError, TokenCache } from "@cloud-barista/core/driver";
import type { CallContext, Clock } from "@cloud-barista/core/driver";
import type { AuthMethod } from "../credentials.js";
import { tokenRequestBody } from "../credentials.js";
import { badAnswer, httpError, provider } from "../errors.js";
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

export interface KeystoneOptions {
  http: AxiosInstance;
  /** Keystone v3 root, e.g. "https://keystone.example:5000/v3". */
  identityUrl: string;
  method: AuthMethod;
  clock: Clock;
  /** Renew this long before the token expires, so no call carries a token about to lapse. */
  refreshMarginMs: number;
}

/** One connection's Keystone token (POST /v3/auth/tokens), cached and renewed by the kit's token cache. */
export function keystoneTokens(options: KeystoneOptions): TokenCache<AuthSession> {
  const { http, identityUrl, method, clock } = options;
  const api = "keystone:IssueToken";
  const issue = async (ctx: CallContext): Promise<AuthSession> => {
    const issued = await ctx.call(
      api,
      async (signal) => {
        const url = `${identityUrl}/auth/tokens`;
        const response = await send(
          http,
          { method: "POST", url, headers: {}, body: tokenRequestBody(method), signal },
          api,
        );
        if (response.status !== 201 && response.status !== 200) {
          throw httpError({ ...response, body: response.data, service: "identity", nowMs: clock.now() }, api);
        }
        const session = parseToken(response.data, response.headers["x-subject-token"], clock.now());
        return { session, requestId: response.headers["x-openstack-request-id"] };
      },
      { requestIdOf: (r) => r.requestId },
    );
    return issued.session;
  };
  return new TokenCache({ clock, refreshMarginMs: options.refreshMarginMs, issue });
}

interface TokenBody {
  token?: { expires_at?: string; issued_at?: string; project?: { id?: string }; catalog?: CatalogEntry[] };
}

function parseToken(body: unknown, token: string | undefined, nowMs: number): AuthSession {
  const t = (body as TokenBody | undefined)?.token;
  const expiresAtMs = Date.parse(t?.expires_at ?? "");
  if (!token || !t || Number.isNaN(expiresAtMs)) {
    throw badAnswer("keystone:IssueToken: the answer carries no X-Subject-Token or expires_at");
  }
  if (!t.project?.id || !Array.isArray(t.catalog)) {
    const message = "keystone:IssueToken: the token is not scoped to a project (no catalog)";
    throw new BaristaError("PermissionDenied", message, { provider });
  }
  // The lifetime is measured from the server's issued_at, the expiry placed on the driver's clock.
  const issuedAtMs = Date.parse(t.issued_at ?? "");
  const lifetimeMs = Number.isNaN(issuedAtMs) ? expiresAtMs - nowMs : expiresAtMs - issuedAtMs;
  return { token, issuedAtMs: nowMs, expiresAtMs: nowMs + lifetimeMs, projectId: t.project.id, catalog: t.catalog };
}
