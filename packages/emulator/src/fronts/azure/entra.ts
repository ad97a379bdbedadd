import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { Identity } from "../../world/identities.js";
import type { FrontRequest, FrontResponse } from "../http-front.js";
import type { World } from "../../world/world.js";
import { ArmError } from "./arm-error.js";
import { checkClientAssertion } from "./client-assertion.js";

// Microsoft Entra ID as a confidential client sees it: the tenant's OpenID configuration and the v2
// token endpoint with the client-credentials grant. Identities are registered in world.identities
// under provider "AZURE" with key "{tenantId}/{clientId}", the client secret as secret, the
// subscription as account, and the application's certificates (PEM, public part) in the
// `certificates` attribute: a client proves itself with the secret or with a client assertion
// signed by one of those certificates' keys (see client-assertion.ts).

/** Resources a management token may be asked for (the scope is "{resource}/.default"). */
const managementResources = ["https://management.azure.com", "https://management.core.windows.net"];

export interface EntraSettings {
  world: World;
  /** The front's origin, "https://127.0.0.1:port": authority host and ARM endpoint at once. */
  origin: () => string;
  /** Key the front signs its tokens with (fresh per start). */
  signingKey: Buffer;
  tokenTtlMs: number;
  /** Token times are real time, as MSAL measures them (default Date.now). */
  now: () => number;
}

/** What a valid bearer token says. */
export interface TokenClaims {
  tid: string;
  appid: string;
  /** The world account (subscription) of the identity. */
  sub: string;
  iat: number;
  exp: number;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

function sign(settings: EntraSettings, data: string): string {
  return createHmac("sha256", settings.signingKey).update(data).digest("base64url");
}

function oauthError(
  settings: EntraSettings,
  status: number,
  error: string,
  aadsts: number,
  description: string,
): FrontResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date(settings.now())
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "x-ms-request-id": traceId },
    body: JSON.stringify({
      error,
      error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${settings.origin()}/error?code=${aadsts}`,
    }),
  };
}

const json = (body: unknown): FrontResponse => ({
  status: 200,
  headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store, no-cache" },
  body: JSON.stringify(body),
});

function knownTenant(world: World, tenant: string): boolean {
  return world.identities.list("AZURE").some((i) => i.key.startsWith(`${tenant}/`));
}

/** GET /{tenant}/v2.0/.well-known/openid-configuration: endpoints on the same authority. */
function openIdConfiguration(settings: EntraSettings, tenant: string): FrontResponse {
  if (!knownTenant(settings.world, tenant)) {
    return oauthError(
      settings,
      400,
      "invalid_tenant",
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  }
  const authority = `${settings.origin()}/${tenant}`;
  return json({
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${authority}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${authority}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${settings.origin()}/oidc/userinfo`,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    claims_supported: ["sub", "iss", "aud", "exp", "iat", "nonce", "tid", "ver"],
    kerberos_endpoint: `${authority}/kerberos`,
    tenant_region_scope: "AS",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
  });
}

/** POST /{tenant}/oauth2/v2.0/token with the client-credentials grant (a secret or a client assertion in the form body). */
function token(settings: EntraSettings, tenant: string, request: FrontRequest): FrontResponse {
  const form = new URLSearchParams(request.body.toString("utf8"));
  const grant = form.get("grant_type");
  if (!grant)
    return oauthError(
      settings,
      400,
      "invalid_request",
      900144,
      "The request body must contain the following parameter: 'grant_type'.",
    );
  if (grant !== "client_credentials") {
    return oauthError(
      settings,
      400,
      "unsupported_grant_type",
      70003,
      `The app requested an unsupported grant type '${grant}'.`,
    );
  }
  const clientId = form.get("client_id") ?? "";
  if (!clientId)
    return oauthError(
      settings,
      400,
      "invalid_request",
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  if (!knownTenant(settings.world, tenant)) {
    return oauthError(settings, 400, "invalid_tenant", 90002, `Tenant '${tenant}' not found.`);
  }
  const identity = settings.world.identities.find("AZURE", `${tenant}/${clientId}`);
  if (!identity) {
    return oauthError(
      settings,
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
    );
  }
  const refusal = authenticate(settings, tenant, identity, form);
  if (refusal) return refusal;
  const scope = form.get("scope") ?? "";
  const resource = scope.endsWith("/.default") ? scope.slice(0, -"/.default".length).replace(/\/$/, "") : undefined;
  if (resource === undefined) {
    return oauthError(
      settings,
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  if (!managementResources.includes(resource)) {
    return oauthError(
      settings,
      400,
      "invalid_resource",
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}.`,
    );
  }
  const iat = Math.floor(settings.now() / 1000);
  const ttl = Math.max(1, Math.round(settings.tokenTtlMs / 1000));
  const claims = {
    aud: `${resource}/`,
    iss: `https://sts.windows.net/${tenant}/`,
    iat,
    nbf: iat,
    exp: iat + ttl,
    appid: clientId,
    tid: tenant,
    sub: identity.account,
    ver: "1.0",
  };
  const unsigned = `${b64({ typ: "JWT", alg: "HS256" })}.${b64(claims)}`;
  return json({
    token_type: "Bearer",
    expires_in: ttl,
    ext_expires_in: ttl,
    access_token: `${unsigned}.${sign(settings, unsigned)}`,
  });
}

/**
 * The client's proof: a client assertion (private_key_jwt, the certificate credential) or the
 * client secret; neither is AADSTS7000218. Undefined when the client proved who it is.
 */
function authenticate(
  settings: EntraSettings,
  tenant: string,
  identity: Identity,
  form: URLSearchParams,
): FrontResponse | undefined {
  const refuse = (status: number, error: string, aadsts: number, description: string) =>
    oauthError(settings, status, error, aadsts, description);
  const assertion = form.get("client_assertion");
  const secret = form.get("client_secret");
  if (assertion !== null) {
    const refusal = checkClientAssertion({
      assertion,
      assertionType: form.get("client_assertion_type"),
      clientId: identity.key.slice(identity.key.indexOf("/") + 1),
      certificates: identity.attributes?.["certificates"] ?? "",
      audience: `${settings.origin()}/${tenant}/oauth2/v2.0/token`,
      nowSeconds: Math.floor(settings.now() / 1000),
    });
    return refusal && refuse(refusal.status, refusal.error, refusal.aadsts, refusal.description);
  }
  if (secret === null) {
    return refuse(
      401,
      "invalid_client",
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  const given = Buffer.from(secret);
  const expected = Buffer.from(identity.secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    const clientId = identity.key.slice(identity.key.indexOf("/") + 1);
    return refuse(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    );
  }
  return undefined;
}

/** Serves the identity paths, or undefined when the request is not one of them. */
export function serveEntra(settings: EntraSettings, request: FrontRequest): FrontResponse | undefined {
  const path = request.url.pathname;
  const config = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
  if (config && request.method === "GET") return openIdConfiguration(settings, decodeURIComponent(config[1] ?? ""));
  const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
  if (tokenPath && request.method === "POST") return token(settings, decodeURIComponent(tokenPath[1] ?? ""), request);
  return undefined;
}

const challenge = (error: string) =>
  `Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="${error}"`;

/**
 * Checks a management call's bearer token on every call: missing is AuthenticationFailed, a
 * token this front did not sign InvalidAuthenticationToken, an expired one ExpiredAuthenticationToken,
 * all 401 with WWW-Authenticate as ARM answers.
 */
export function verifyBearer(settings: EntraSettings, request: FrontRequest): TokenClaims {
  const header = request.headers.authorization ?? "";
  if (!header) {
    throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.", {
      headers: {
        "www-authenticate": challenge("The authentication failed because of missing 'Authorization' header."),
      },
    });
  }
  const invalid = () =>
    new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.", {
      headers: { "www-authenticate": challenge("The access token is invalid.") },
    });
  const match = /^Bearer (([\w-]+)\.([\w-]+))\.([\w-]+)$/.exec(header);
  if (!match) throw invalid();
  const [, unsigned = "", , payload = "", signature = ""] = match;
  const expected = Buffer.from(sign(settings, unsigned));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as TokenClaims;
  const now = Math.floor(settings.now() / 1000);
  if (claims.exp <= now) {
    const at = (s: number) =>
      new Date(s * 1000)
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, "");
    throw new ArmError(
      401,
      "ExpiredAuthenticationToken",
      `The access token expiry UTC time '${at(claims.exp)}' is earlier than current UTC time '${at(now)}'.`,
      { headers: { "www-authenticate": challenge("The access token has expired.") } },
    );
  }
  // A token outlives nothing it was issued for: an identity removed since is refused.
  if (!settings.world.identities.find("AZURE", `${claims.tid}/${claims.appid}`)) throw invalid();
  return claims;
}
