import { timingSafeEqual } from "node:crypto";
import type { FrontRequest } from "../http-front.js";
import type { World } from "../../world/world.js";
import { TencentError } from "./errors.js";
import { canonicalRequest, scopeDate, stringToSign, tc3Signature } from "./tc3.js";

/** A request whose signature checked out. */
export interface Caller {
  secretId: string;
  /** The world account of the key. */
  account: string;
}

export interface AuthOptions {
  /** How far X-TC-Timestamp may be from `now` (Tencent: 5 minutes). */
  skewToleranceMs: number;
  /** Wall-clock time: clients sign with real clocks, whatever the world's clock says. */
  now: () => number;
}

export function header(request: FrontRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" ? value : value?.[0];
}

const authorizationPattern =
  /^TC3-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9-]+)\/tc3_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

const invalidAuthorization = (detail: string) =>
  new TencentError("AuthFailure.InvalidAuthorization", `The Authorization header is not valid: ${detail}.`);

/**
 * Checks a TC3-HMAC-SHA256 request against the world's TENCENT identities, in the order Tencent
 * reports: the Authorization header's form, the timestamp, the SecretId, the scope, the signature,
 * then an STS token.
 */
export function authenticate(request: FrontRequest, service: string, world: World, options: AuthOptions): Caller {
  const authorization = header(request, "authorization");
  if (authorization === undefined) throw invalidAuthorization("it is missing");
  const m = authorizationPattern.exec(authorization);
  if (!m) throw invalidAuthorization("it must be TC3-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...");
  const [, secretId = "", date = "", scopeService = "", signedText = "", signature = ""] = m;
  const signed = signedText.split(";");
  if (!signed.includes("host") || !signed.includes("content-type")) {
    throw invalidAuthorization("SignedHeaders must include content-type and host");
  }
  const timestampText = header(request, "x-tc-timestamp") ?? "";
  if (!/^\d{1,12}$/.test(timestampText)) {
    throw new TencentError("MissingParameter", "The request is missing a required parameter `X-TC-Timestamp`.");
  }
  const timestamp = Number(timestampText);
  if (Math.abs(options.now() - timestamp * 1000) > options.skewToleranceMs) {
    throw new TencentError(
      "AuthFailure.SignatureExpire",
      "Signature expire. Timestamp is more than 5 minutes away from the server time.",
    );
  }
  const identity = world.identities.find("TENCENT", secretId);
  if (!identity) throw new TencentError("AuthFailure.SecretIdNotFound", "The SecretId is not found.");
  if (date !== scopeDate(timestamp) || scopeService !== service) {
    throw new TencentError(
      "AuthFailure.SignatureFailure",
      `The credential scope must be ${scopeDate(timestamp)}/${service}/tc3_request.`,
    );
  }
  const canonical = canonicalRequest({
    method: request.method,
    query: request.url.search.slice(1),
    headers: signed.map((name) => [name, name === "host" ? hostName(request) : (header(request, name) ?? "")]),
    body: request.body,
  });
  const expected = tc3Signature(identity.secret, date, service, stringToSign(timestamp, service, canonical));
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    throw new TencentError(
      "AuthFailure.SignatureFailure",
      "The provided credentials could not be validated. Please check your signature is correct.",
    );
  }
  const token = header(request, "x-tc-token");
  const expectedToken = identity.attributes?.["token"];
  if (token !== expectedToken) {
    throw new TencentError("AuthFailure.TokenFailure", "The token is not valid for this SecretId.");
  }
  return { secretId, account: identity.account };
}

/** The Host header without a port, as clients sign it. */
export function hostName(request: FrontRequest): string {
  return (header(request, "host") ?? "").replace(/:\d+$/, "");
}
