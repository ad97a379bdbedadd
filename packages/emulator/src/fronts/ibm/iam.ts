import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { World } from "../../world/world.js";
import type { FrontRequest, FrontResponse } from "../http-front.js";
import { IbmError, json } from "./http.js";
import type { IamClaims, JwtSigner } from "./jwt.js";

const apikeyGrant = "urn:ibm:params:oauth:grant-type:apikey";

export interface IamSettings {
  world: World;
  signer: JwtSigner;
  /** Access token lifetime on the world's clock (IAM: one hour). */
  tokenTtlMs: number;
  /** Refresh tokens issued, by value: the account and IAM id they renew. */
  refreshTokens: Map<string, { account: string; iamId: string; apiKeyId: string }>;
}

/** IAM's error body: `{ errorCode, errorMessage, errorDetails?, context }`, always status 400 here. */
function iamError(status: number, errorCode: string, errorMessage: string, errorDetails?: string): FrontResponse {
  const now = new Date();
  return json(status, {
    errorCode,
    errorMessage,
    ...(errorDetails === undefined ? {} : { errorDetails }),
    context: {
      requestId: randomUUID().replace(/-/g, ""),
      requestType: "incoming.OIDC_Token",
      userAgent: "",
      url: "https://iam.cloud.ibm.com",
      instanceId: "iamid-emulator",
      threadId: randomBytes(4).toString("hex"),
      host: "iamid-emulator",
      startTime: now.toUTCString(),
      endTime: now.toUTCString(),
      elapsedTime: "0",
      locale: "en_US",
      clusterName: "iam-id-emulator",
    },
  });
}

const missing = (property: string): FrontResponse =>
  iamError(400, "BXNIM0109E", "Property missing or empty.", `Property '${property}' either missing or empty.`);

/** An IAM id derived from the API key, stable across tokens (IAM names the key's owner). */
function iamIdOf(apiKey: string): string {
  return `iam-ServiceId-${createHash("sha256")
    .update(apiKey)
    .digest("hex")
    .slice(0, 32)
    .replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-")}`;
}

/**
 * `POST /identity/token`: an API key (or a refresh token) for an RS256 access token whose claims
 * hold `iat`, `exp`, `iam_id` and `account.bss` (the world account the key acts in).
 */
export function handleToken(settings: IamSettings, request: FrontRequest): FrontResponse {
  if (request.method !== "POST")
    return iamError(
      405,
      "BXNIM0060E",
      "Web application exception 'javax.ws.rs.ClientErrorException' during request processing.",
      "HTTP 405 Method Not Allowed",
    );
  const type = String(request.headers["content-type"] ?? "");
  if (!type.startsWith("application/x-www-form-urlencoded")) return missing("grant_type");
  const form = new URLSearchParams(request.body.toString("utf8"));
  const grant = form.get("grant_type") ?? "";
  if (grant === "") return missing("grant_type");
  let account: string;
  let iamId: string;
  let apiKeyId: string;
  if (grant === apikeyGrant) {
    const apiKey = form.get("apikey") ?? "";
    if (apiKey === "") return missing("apikey");
    const identity = settings.world.identities.find("IBM", apiKey);
    if (!identity) return iamError(400, "BXNIM0415E", "Provided API key could not be found.");
    account = identity.account;
    iamId = iamIdOf(apiKey);
    apiKeyId = `ApiKey-${iamId.slice(14, 50)}`;
  } else if (grant === "refresh_token") {
    const token = form.get("refresh_token") ?? "";
    if (token === "") return missing("refresh_token");
    const known = settings.refreshTokens.get(token);
    if (!known) return iamError(400, "BXNIM0407E", "Provided refresh token is invalid.");
    ({ account, iamId, apiKeyId } = known);
  } else {
    return iamError(400, "BXNIM0109E", "Property missing or empty.", `Property 'grant_type' has an unsupported value.`);
  }
  const nowMs = settings.world.clock.now();
  const iat = Math.floor(nowMs / 1000);
  const exp = Math.floor((nowMs + settings.tokenTtlMs) / 1000);
  const claims: IamClaims = {
    iam_id: iamId,
    id: iamId,
    realmid: "iam",
    jti: randomUUID(),
    identifier: apiKeyId,
    sub: apiKeyId,
    sub_type: "ServiceId",
    account: { valid: true, bss: account },
    iat,
    exp,
    iss: "https://iam.cloud.ibm.com/identity",
    grant_type: grant === "refresh_token" ? "refresh_token" : apikeyGrant,
    scope: "ibm openid",
    client_id: "default",
  };
  const refreshToken = randomBytes(48).toString("base64url");
  settings.refreshTokens.set(refreshToken, { account, iamId, apiKeyId });
  return json(200, {
    access_token: settings.signer.sign(claims),
    refresh_token: refreshToken,
    token_type: "Bearer",
    expires_in: Math.round(settings.tokenTtlMs / 1000),
    expiration: exp,
    scope: "ibm openid",
  });
}

/**
 * The claims of the request's bearer token, or a 401 `not_authorized` (missing, malformed,
 * badly signed or expired on the world's clock).
 */
export function authorize(settings: IamSettings, request: FrontRequest): IamClaims {
  const header = String(request.headers.authorization ?? "");
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1])
    throw new IbmError(401, "not_authorized", "The request is not authorized: the IAM token is missing.", {
      name: "Authorization",
      type: "header",
    });
  const claims = settings.signer.verify(match[1]);
  if (!claims)
    throw new IbmError(401, "not_authorized", "The request is not authorized: the IAM token is invalid.", {
      name: "Authorization",
      type: "header",
    });
  if (claims.exp * 1000 <= settings.world.clock.now())
    throw new IbmError(401, "not_authorized", "The request is not authorized: the IAM token is expired.", {
      name: "Authorization",
      type: "header",
    });
  return claims;
}
