import { createPublicKey, createVerify, randomBytes } from "node:crypto";
import type { FrontRequest, FrontResponse } from "../http-front.js";
import type { World } from "../../world/world.js";
import { json } from "./context.js";
import { GcpError } from "./errors.js";
import type { GcpFrontState } from "./front-state.js";

// Google's two ways a service-account key authenticates (both accepted on every call):
// (1) a self-signed JWT used directly as the bearer token: RS256, header `kid` = the key id, `iss`
//     (and `sub`) = the client e-mail, `aud` = the service ("https://compute.googleapis.com/", or
//     the endpoint's own origin as google-auth-library derives it), or a `scope` claim instead;
// (2) the OAuth 2.0 JWT-bearer grant: POST /token with the same kind of assertion (aud = the token
//     URL, with a `scope`), answered with an opaque access token.
// Signatures are checked against the key registered in the world's identities (provider "GCP",
// key = the private key id, secret = the PKCS#8 private key PEM, attribute clientEmail).

export interface AuthSettings {
  world: World;
  state: GcpFrontState;
  /** "http://127.0.0.1:port". */
  origin: () => string;
  tokenTtlMs: number;
  /** Real time, as google-auth-library stamps iat/exp (default Date.now). */
  now: () => number;
}

export interface Caller {
  account: string;
  clientEmail: string;
}

interface Jwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signed: string;
  signature: Buffer;
}

/** Why a JWT was refused: the token endpoint's and the API's words for it. */
class JwtRefusal extends Error {}

const serviceAudiences = [
  "https://compute.googleapis.com/",
  "https://www.googleapis.com/compute/v1/",
  "https://cloudbilling.googleapis.com/",
  "https://container.googleapis.com/",
];
const tokenAudiences = ["https://oauth2.googleapis.com/token", "https://www.googleapis.com/oauth2/v4/token"];
const maxLifetimeSeconds = 3600;
const skewSeconds = 300;

function decode(token: string): Jwt {
  const parts = token.split(".");
  if (parts.length !== 3) throw new JwtRefusal("Invalid JWT: not a compact JWS.");
  const [head = "", body = "", sig = ""] = parts;
  try {
    const header = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
    if (typeof header !== "object" || typeof claims !== "object" || !header || !claims) throw new Error("shape");
    return { header, claims, signed: `${head}.${body}`, signature: Buffer.from(sig, "base64url") };
  } catch {
    throw new JwtRefusal("Invalid JWT: the token could not be decoded.");
  }
}

/** Checks signature, key id, issuer and lifetime; returns the caller and the claims. */
function verify(settings: AuthSettings, token: string): { caller: Caller; claims: Record<string, unknown> } {
  const jwt = decode(token);
  if (jwt.header["alg"] !== "RS256") throw new JwtRefusal("Invalid JWT: alg must be RS256.");
  const iss = jwt.claims["iss"];
  const kid = jwt.header["kid"];
  const identities = settings.world.identities.list("GCP");
  const identity =
    typeof kid === "string"
      ? identities.find((i) => i.key === kid)
      : identities.find((i) => i.attributes?.["clientEmail"] === iss);
  if (!identity) throw new JwtRefusal("Invalid JWT Signature.");
  const clientEmail = identity.attributes?.["clientEmail"] ?? "";
  const ok = createVerify("RSA-SHA256").update(jwt.signed).verify(createPublicKey(identity.secret), jwt.signature);
  if (!ok) throw new JwtRefusal("Invalid JWT Signature.");
  if (iss !== clientEmail) throw new JwtRefusal("Invalid JWT: iss is not the key's service account.");
  const sub = jwt.claims["sub"];
  if (sub !== undefined && sub !== clientEmail)
    throw new JwtRefusal("Invalid JWT: sub is not the key's service account.");
  const iat = jwt.claims["iat"];
  const exp = jwt.claims["exp"];
  const now = Math.floor(settings.now() / 1000);
  if (
    typeof iat !== "number" ||
    typeof exp !== "number" ||
    exp <= iat ||
    exp - iat > maxLifetimeSeconds ||
    iat > now + skewSeconds ||
    exp <= now
  ) {
    throw new JwtRefusal(
      "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.",
    );
  }
  return { caller: { account: identity.account, clientEmail }, claims: jwt.claims };
}

function unauthenticated(missing: boolean): GcpError {
  return new GcpError(
    401,
    missing ? "required" : "authError",
    `Request ${missing ? "is missing required authentication credential" : "had invalid authentication credentials"}. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.`,
    {
      withStatus: true,
      detail: { location: "Authorization", locationType: "header" },
      headers: {
        "www-authenticate": missing
          ? 'Bearer realm="https://accounts.google.com/"'
          : 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
      },
    },
  );
}

/** The caller of an API call (a self-signed JWT or an access token), or 401 UNAUTHENTICATED. */
export function verifyBearer(settings: AuthSettings, request: FrontRequest): Caller {
  const header = request.headers.authorization;
  const match = typeof header === "string" ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match?.[1]) throw unauthenticated(true);
  const token = match[1];
  if (token.split(".").length !== 3) {
    const issued = settings.state.tokens.get(token);
    if (!issued || issued.expiresAt <= settings.now()) throw unauthenticated(false);
    return { account: issued.account, clientEmail: issued.clientEmail };
  }
  try {
    const { caller, claims } = verify(settings, token);
    const aud = claims["aud"];
    const host = request.headers.host ?? "";
    const audiences = [...serviceAudiences, `${settings.origin()}/`, `https://${host}/`, `http://${host}/`];
    const scoped = typeof claims["scope"] === "string" && claims["scope"] !== "";
    if (!(typeof aud === "string" && audiences.includes(aud)) && !scoped) throw new JwtRefusal("Invalid JWT audience.");
    return caller;
  } catch (error) {
    if (error instanceof JwtRefusal) throw unauthenticated(false);
    throw error;
  }
}

const oauthError = (error: string, description: string) =>
  json(400, { error, error_description: description }, { "cache-control": "no-store" });

/** POST /token: the JWT-bearer grant, answered as Google's token endpoint does. */
export function serveToken(settings: AuthSettings, request: FrontRequest): FrontResponse {
  const form = new URLSearchParams(request.body.toString("utf8"));
  const grant = form.get("grant_type");
  if (grant !== "urn:ietf:params:oauth:grant-type:jwt-bearer") {
    return oauthError("unsupported_grant_type", `Invalid grant_type: ${grant ?? ""}`);
  }
  const assertion = form.get("assertion");
  if (!assertion) return oauthError("invalid_request", "Missing required parameter: assertion");
  let verified: ReturnType<typeof verify>;
  try {
    verified = verify(settings, assertion);
  } catch (error) {
    if (error instanceof JwtRefusal) return oauthError("invalid_grant", error.message);
    throw error;
  }
  const aud = verified.claims["aud"];
  if (typeof aud !== "string" || ![...tokenAudiences, `${settings.origin()}/token`].includes(aud)) {
    return oauthError("invalid_grant", "Invalid JWT: Failed audience check.");
  }
  const scope = verified.claims["scope"];
  if (typeof scope !== "string" || scope.trim() === "") {
    return oauthError("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
  }
  const token = `ya29.${randomBytes(48).toString("base64url")}`;
  settings.state.tokens.set(token, {
    ...verified.caller,
    expiresAt: settings.now() + settings.tokenTtlMs,
  });
  return json(
    200,
    { access_token: token, expires_in: Math.floor(settings.tokenTtlMs / 1000) - 1, token_type: "Bearer" },
    { "cache-control": "no-store" },
  );
}
