import type { World } from "../../world/world.js";
import { AlibabaError, missingParameter } from "./errors.js";
import type { RpcParams } from "./params.js";
import { signV1, signaturesMatch, stringToSign } from "./signature.js";

/** A request whose signature checked out. */
export interface Caller {
  accessKeyId: string;
  /** The world account of the AccessKey. */
  account: string;
}

export interface AuthOptions {
  /** How far Timestamp may be from `now` (Alibaba: 15 minutes). */
  skewToleranceMs: number;
  /** Wall-clock time: clients sign with real clocks, whatever the world's clock says. */
  now: () => number;
}

/** Nonces seen within the tolerance window, per AccessKey; a nonce used twice is refused. */
export class NonceBook {
  readonly #seen = new Map<string, number>();

  /** Records a nonce; false when it was already used within `windowMs`. */
  use(accessKeyId: string, nonce: string, now: number, windowMs: number): boolean {
    if (this.#seen.size > 10_000) for (const [key, at] of this.#seen) if (now - at > windowMs) this.#seen.delete(key);
    const key = `${accessKeyId}\u0000${nonce}`;
    const at = this.#seen.get(key);
    if (at !== undefined && now - at <= windowMs) return false;
    this.#seen.set(key, now);
    return true;
  }
}

/** Parameters whose values never appear in an error message. */
const secretParams = new Set(["Password", "SecurityToken"]);

const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * Checks a request's signature version 1.0 (HMAC-SHA1) against the world's ALIBABA identities,
 * in the order Alibaba reports: missing parameters, the method, the timestamp, the AccessKey, the
 * signature, the nonce, then an STS token.
 */
export function authenticate(
  method: string,
  params: RpcParams,
  world: World,
  nonces: NonceBook,
  options: AuthOptions,
): Caller {
  const signature = params.required("Signature");
  const accessKeyId = params.required("AccessKeyId");
  const signatureMethod = params.required("SignatureMethod");
  const version = params.required("SignatureVersion");
  const timestamp = params.required("Timestamp");
  const nonce = params.required("SignatureNonce");
  if (signatureMethod !== "HMAC-SHA1") {
    throw new AlibabaError("InvalidSignatureMethod.Malformed", "Specified signature method is not valid.");
  }
  if (version !== "1.0") {
    throw new AlibabaError("InvalidSignatureVersion.Malformed", "Specified signature version is not valid.");
  }
  const signedAt = timestampPattern.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(signedAt)) {
    throw new AlibabaError("InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
  }
  if (Math.abs(options.now() - signedAt) > options.skewToleranceMs) {
    throw new AlibabaError("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
  }
  const identity = world.identities.find("ALIBABA", accessKeyId);
  if (!identity) throw new AlibabaError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404);
  const text = stringToSign(method, params.values);
  if (!signaturesMatch(signV1(text, identity.secret), signature)) {
    // Alibaba echoes its string to sign; secrets a request may carry are blanked in the echo.
    const shown = new Map([...params.values].map(([k, v]) => [k, secretParams.has(k) ? "***" : v]));
    throw new AlibabaError(
      "SignatureDoesNotMatch",
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign(method, shown)}`,
    );
  }
  if (!nonces.use(accessKeyId, nonce, options.now(), options.skewToleranceMs)) {
    throw new AlibabaError("SignatureNonceUsed", "Specified signature nonce was used already.");
  }
  const token = params.string("SecurityToken");
  const expected = identity.attributes?.["securityToken"];
  if (expected !== undefined && token === undefined) throw missingParameter("SecurityToken");
  if (token !== expected) {
    throw new AlibabaError(
      "InvalidSecurityToken.MismatchWithAccessKey",
      "Specified SecurityToken mismatch with the AccessKey.",
    );
  }
  return { accessKeyId, account: identity.account };
}
