import { randomBytes } from "node:crypto";
import type { Identity } from "../../world/identities.js";
import type { FrontRequest, FrontResponse } from "../http-front.js";
import { serviceCatalog } from "./catalog.js";
import { errorResponse, unauthorized } from "./errors.js";
import { FrontError, badRequest, json, newRequestId, noContent, objectField, readJson, stringField } from "./http.js";
import { derivedHexId, projectIdOf } from "./ids.js";
import type { FrontContext } from "./service.js";
import type { TokenClaims } from "./tokens.js";

const provider = "OPENSTACK";

/** Keystone's identity of a user, for token bodies. */
function userOf(claims: TokenClaims): Record<string, unknown> {
  return {
    id: derivedHexId("user", claims.userDomain, claims.userName),
    name: claims.userName,
    domain: { id: derivedHexId("domain", claims.userDomain), name: claims.userDomain },
    password_expires_at: null,
  };
}

function tokenBody(ctx: FrontContext, claims: TokenClaims, baseUrl: string): Record<string, unknown> {
  const regions = ctx.world.catalog(provider).regions.map((r) => r.name);
  const projectId = projectIdOf(claims.account);
  return {
    token: {
      methods: claims.methods,
      user: userOf(claims),
      audit_ids: [claims.auditId],
      issued_at: new Date(claims.issuedAtMs).toISOString().replace("Z", "000Z"),
      expires_at: new Date(claims.expiresAtMs).toISOString().replace("Z", "000Z"),
      project: {
        id: projectId,
        name: claims.projectName,
        domain: { id: derivedHexId("domain", claims.projectDomain), name: claims.projectDomain },
      },
      is_domain: false,
      roles: [
        { id: derivedHexId("role", "member"), name: "member" },
        { id: derivedHexId("role", "reader"), name: "reader" },
      ],
      ...(claims.applicationCredentialId
        ? {
            application_credential: {
              id: claims.applicationCredentialId,
              name: claims.applicationCredentialId,
              restricted: true,
            },
          }
        : {}),
      catalog: serviceCatalog(ctx.deployment, baseUrl, projectId, regions),
    },
  };
}

/** A user or domain named by name or id ({"name": ...} or {"id": ...}). */
function nameOrId(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  const name = v["name"] ?? v["id"];
  return typeof name === "string" ? name : undefined;
}

/** Checks the credentials of a token request; undefined (a 401) when they are wrong. */
function authenticate(
  ctx: FrontContext,
  body: Record<string, unknown>,
):
  | { identity: Identity; methods: string[]; claims: Omit<TokenClaims, "issuedAtMs" | "expiresAtMs" | "auditId"> }
  | undefined {
  const auth = objectField(body, "auth");
  const identity = objectField(auth, "identity");
  const methods = identity["methods"];
  if (!Array.isArray(methods) || methods.length === 0) throw badRequest("auth.identity.methods is required");
  const scope = auth["scope"] as Record<string, unknown> | undefined;
  if (methods.includes("application_credential")) {
    const cred = objectField(identity, "application_credential");
    const id = stringField(cred, "id") ?? stringField(cred, "name");
    const secret = stringField(cred, "secret", true);
    const found = id === undefined ? undefined : ctx.world.identities.find(provider, id);
    if (!found || found.secret !== secret) return undefined;
    // Application credentials carry their own scope; Keystone refuses another one.
    if (scope !== undefined) throw badRequest("Application credentials cannot request a scope.");
    const a = found.attributes ?? {};
    return {
      identity: found,
      methods: ["application_credential"],
      claims: {
        account: found.account,
        userName: a["userName"] ?? found.key,
        userDomain: a["userDomainName"] ?? "Default",
        projectName: a["projectName"] ?? found.account,
        projectDomain: a["projectDomainName"] ?? "Default",
        methods: ["application_credential"],
        applicationCredentialId: found.key,
      },
    };
  }
  if (!methods.includes("password"))
    throw new FrontError(401, `Unsupported authentication method(s): ${methods.join(", ")}`);
  const user = objectField(objectField(identity, "password"), "user");
  const userName = nameOrId(user);
  const userDomain = nameOrId(user["domain"]) ?? "Default";
  const password = stringField(user, "password", true);
  if (userName === undefined) return undefined;
  const found = ctx.world.identities.find(provider, `${userDomain}/${userName}`);
  if (!found || found.secret !== password) return undefined;
  const a = found.attributes ?? {};
  const project = scope === undefined ? undefined : (scope["project"] as Record<string, unknown> | undefined);
  const projectName = project === undefined ? (a["projectName"] ?? found.account) : nameOrId(project);
  const projectDomain =
    project === undefined ? (a["projectDomainName"] ?? "Default") : (nameOrId(project["domain"]) ?? "Default");
  // The identity has a role in one project only: its world account.
  const expectedProject = a["projectName"] ?? found.account;
  const expectedDomain = a["projectDomainName"] ?? "Default";
  if (projectName === undefined || projectName !== expectedProject || projectDomain !== expectedDomain)
    return undefined;
  return {
    identity: found,
    methods: ["password"],
    claims: { account: found.account, userName, userDomain, projectName, projectDomain, methods: ["password"] },
  };
}

/** The claims of the request's X-Auth-Token while it is valid on the world's clock. */
export function validToken(ctx: FrontContext, token: string | string[] | undefined): TokenClaims | undefined {
  if (typeof token !== "string" || token === "") return undefined;
  const claims = ctx.signer.verify(token);
  return claims && ctx.world.clock.now() < claims.expiresAtMs ? claims : undefined;
}

/** Keystone v3: token issue and validation, and the region list. */
export async function handleIdentity(
  ctx: FrontContext,
  request: FrontRequest,
  path: string,
  baseUrl: string,
): Promise<FrontResponse> {
  const headers = { "x-openstack-request-id": newRequestId(), vary: "X-Auth-Token" };
  const identityUrl = `${baseUrl}/identity/v3`;
  const defaultRegion = ctx.world.catalog(provider).regions[0]?.name ?? "RegionOne";
  try {
    if (path === "/v3" || path === "/v3/") {
      return json(
        200,
        {
          version: {
            id: "v3.14",
            status: "stable",
            updated: "2020-04-07T00:00:00Z",
            links: [{ rel: "self", href: `${identityUrl}/` }],
            "media-types": [{ base: "application/json", type: "application/vnd.openstack.identity-v3+json" }],
          },
        },
        headers,
      );
    }
    if (path === "/v3/auth/tokens" && request.method === "POST") {
      const result = authenticate(ctx, readJson(request));
      if (!result) return unauthorized("keystone", headers, identityUrl);
      // Identity is global; the gate needs a place, so token calls count in the first region.
      return await ctx.world.call(
        { provider, account: result.claims.account, region: defaultRegion, api: "keystone:IssueToken" },
        () => {
          const now = ctx.world.clock.now();
          const claims: TokenClaims = {
            ...result.claims,
            issuedAtMs: now,
            expiresAtMs: now + ctx.tokenTtlMs,
            auditId: randomBytes(16).toString("base64url"),
          };
          return json(201, tokenBody(ctx, claims, baseUrl), {
            ...headers,
            "x-subject-token": ctx.signer.issue(claims),
          });
        },
      );
    }
    const caller = validToken(ctx, request.headers["x-auth-token"]);
    if (!caller) return unauthorized("keystone", headers, identityUrl);
    const target = { provider, account: caller.account, region: defaultRegion };
    if (path === "/v3/auth/tokens" && (request.method === "GET" || request.method === "HEAD")) {
      return await ctx.world.call({ ...target, api: "keystone:ValidateToken" }, () => {
        const subject = validToken(ctx, request.headers["x-subject-token"]);
        if (!subject) throw new FrontError(404, "Could not find token.");
        return request.method === "HEAD"
          ? noContent(200, headers)
          : json(200, tokenBody(ctx, subject, baseUrl), {
              ...headers,
              "x-subject-token": String(request.headers["x-subject-token"]),
            });
      });
    }
    if (path === "/v3/regions" && request.method === "GET") {
      return await ctx.world.call({ ...target, api: "keystone:ListRegions" }, (cloud) => {
        const regions = cloud.catalog.listRegions().items.map((r) => ({
          id: r.name,
          description: r.displayName,
          parent_region_id: null,
          links: { self: `${identityUrl}/regions/${encodeURIComponent(r.name)}` },
        }));
        return json(200, { regions, links: { self: `${identityUrl}/regions`, previous: null, next: null } }, headers);
      });
    }
    throw new FrontError(404, "The resource could not be found.");
  } catch (error) {
    return errorResponse("keystone", error, headers);
  }
}
