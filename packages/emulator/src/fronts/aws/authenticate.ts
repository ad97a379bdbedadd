import type { FrontRequest } from "../http-front.js";
import type { World } from "../../world/world.js";
import { expectedSignature, parseAmzDate, parseAuthorization, sha256Hex, signaturesMatch } from "./sigv4.js";

/** Why a request was refused before any service looked at it. Each service words it its own way. */
export type AuthFailureReason = "missing" | "incomplete" | "unknown-key" | "signature" | "expired" | "token" | "region";

export interface AuthFailure {
  ok: false;
  reason: AuthFailureReason;
  message: string;
}

/** A request whose signature checked out: who sent it, and where it goes. */
export interface Authenticated {
  ok: true;
  accessKeyId: string;
  /** The world account of the access key. */
  account: string;
  /** From the credential scope, as AWS reads it. */
  region: string;
  /** From the credential scope: "ec2", "elasticloadbalancing", "pricing". */
  service: string;
}

export interface AuthOptions {
  /** How far the signing time may be from `now` (AWS: 15 minutes). */
  skewToleranceMs: number;
  /** Wall-clock time: clients sign with real clocks, whatever the world's clock says. */
  now: () => number;
}

function header(request: FrontRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" ? value : value?.[0];
}

const fail = (reason: AuthFailureReason, message: string): AuthFailure => ({ ok: false, reason, message });

/** The SigV4 service name a request is scoped to, even when it is not properly signed. */
export function scopedService(request: FrontRequest): string | undefined {
  return parseAuthorization(header(request, "authorization"))?.service;
}

/**
 * Checks a request's SigV4 signature against the world's AWS identities (key = access key id).
 * The order of checks follows what AWS reports first: a missing or malformed signature, an
 * unknown key, a stale date, then the signature itself.
 */
export function authenticate(request: FrontRequest, world: World, options: AuthOptions): Authenticated | AuthFailure {
  const auth = parseAuthorization(header(request, "authorization"));
  if (!auth) return fail("missing", "Request is missing Authentication Token");
  const amzDate = header(request, "x-amz-date");
  const signedAt = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (amzDate === undefined || signedAt === undefined) {
    return fail("incomplete", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (!auth.signedHeaders.includes("host") || !auth.signedHeaders.includes("x-amz-date")) {
    return fail("incomplete", "Signed headers must include 'host' and 'x-amz-date'.");
  }
  if (amzDate.slice(0, 8) !== auth.date) {
    return fail(
      "signature",
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}'`,
    );
  }
  const identity = world.identities.find("AWS", auth.accessKeyId);
  if (!identity) return fail("unknown-key", "AWS was not able to validate the provided access credentials");
  if (!world.catalog("AWS").regions.some((r) => r.name === auth.region)) {
    return fail("region", `Credential should be scoped to a valid region, not '${auth.region}'.`);
  }
  if (Math.abs(options.now() - signedAt) > options.skewToleranceMs) {
    return fail(
      "expired",
      `Request has expired. Signed at ${amzDate}, which is more than ${Math.round(options.skewToleranceMs / 60_000)} minutes away from the server's time.`,
    );
  }
  const declaredHash = header(request, "x-amz-content-sha256");
  if (declaredHash !== undefined && declaredHash !== sha256Hex(request.body)) {
    return fail("signature", "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const expected = expectedSignature(request, auth, amzDate, identity.secret);
  if (!signaturesMatch(expected, auth.signature)) {
    return fail(
      "signature",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
    );
  }
  const token = header(request, "x-amz-security-token");
  const expectedToken = identity.attributes?.["sessionToken"];
  if (token !== expectedToken) return fail("token", "The security token included in the request is invalid.");
  return {
    ok: true,
    accessKeyId: auth.accessKeyId,
    account: identity.account,
    region: auth.region,
    service: auth.service,
  };
}
