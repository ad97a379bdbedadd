import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { CloudBarista } from "@cloud-barista/core";
import type { Tenant, ServerEnv } from "./env.js";
import { HttpError } from "./errors.js";

/** What a request presented in its Authorization header. */
export type RequestCredentials =
  { scheme: "bearer"; token: string } | { scheme: "basic"; username: string; password: string };

/** Finds the tenant of a request's credentials; undefined refuses the request (401). */
export type TenantResolver = (credentials: RequestCredentials) => Tenant | undefined | Promise<Tenant | undefined>;

/** One tenant of `tenantsByToken`: its API tokens and, for Spider clients, HTTP Basic user and password. */
export interface TenantEntry {
  id: string;
  barista: CloudBarista;
  tokens?: readonly string[];
  basic?: { username: string; password: string };
}

// Lookups go by a hash of what was presented, so the time a lookup takes says nothing about how much
// of a secret a guess got right, and the map holds no secret in the clear.
const digest = (text: string): string => createHash("sha256").update(text).digest("hex");
const basicKey = (username: string, password: string): string => digest(`basic\0${username}\0${password}`);
const bearerKey = (token: string): string => digest(`bearer\0${token}`);

/** A resolver over a fixed list of tenants; a token or user given twice is refused at start. */
export function tenantsByToken(entries: readonly TenantEntry[]): TenantResolver {
  const byKey = new Map<string, Tenant>();
  const ids = new Set<string>();
  const add = (key: string, tenant: Tenant, what: string): void => {
    if (byKey.has(key)) throw new Error(`tenant "${tenant.id}": ${what} is already another tenant's`);
    byKey.set(key, tenant);
  };
  for (const entry of entries) {
    if (ids.has(entry.id)) throw new Error(`tenant "${entry.id}" is listed twice`);
    ids.add(entry.id);
    const tenant: Tenant = { id: entry.id, barista: entry.barista };
    for (const token of entry.tokens ?? []) {
      if (token.length < 16) throw new Error(`tenant "${entry.id}": a token needs at least 16 characters`);
      add(bearerKey(token), tenant, "a token");
    }
    if (entry.basic) add(basicKey(entry.basic.username, entry.basic.password), tenant, "its Basic user");
  }
  return (credentials) =>
    byKey.get(
      credentials.scheme === "bearer"
        ? bearerKey(credentials.token)
        : basicKey(credentials.username, credentials.password),
    );
}

/** Reads `Authorization: Bearer <token>` or `Authorization: Basic <base64 user:password>`. */
export function parseAuthorization(header: string | undefined): RequestCredentials | undefined {
  if (!header) return undefined;
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header);
  if (!match) return undefined;
  const scheme = match[1]?.toLowerCase();
  const value = match[2] ?? "";
  if (scheme === "bearer") return { scheme: "bearer", token: value };
  if (scheme !== "basic") return undefined;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { scheme: "basic", username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const unauthenticated = (message: string): HttpError => new HttpError(401, { message, code: "Unauthenticated" });

/** Puts the request's tenant in the context (`c.get("tenant")`), or answers 401. */
export function requireTenant(resolve: TenantResolver): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const credentials = parseAuthorization(c.req.header("authorization"));
    if (!credentials) {
      c.header("WWW-Authenticate", 'Basic realm="cloud-barista", Bearer realm="cloud-barista"');
      throw unauthenticated("give an API token (Authorization: Bearer) or HTTP Basic credentials");
    }
    const tenant = await resolve(credentials);
    if (!tenant) throw unauthenticated("unknown token or user");
    c.set("tenant", tenant);
    await next();
  };
}
