import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { FrontRequest } from "../http-front.js";
import type { World } from "../../world/world.js";
import type { AuthOptions, Caller, NonceBook } from "./authenticate.js";
import { AlibabaError, missingParameter } from "./errors.js";
import { percentEncode } from "./signature.js";

// The V3 signature of the newer per-product SDKs (ACS3-HMAC-SHA256): Action and Version travel in
// x-acs-action and x-acs-version; the canonical request is METHOD, the path ("/" for RPC), the sorted encoded query,
// the signed headers as "name:value" lines, their names, and the body's SHA-256; the signature is
// the hex HMAC-SHA256 under the secret of "ACS3-HMAC-SHA256\n" + the canonical request's SHA-256.

const scheme = "ACS3-HMAC-SHA256";

function header(request: FrontRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" ? value : value?.[0];
}

/** Whether a request is signed with the V3 scheme. */
export function isAcs3(request: FrontRequest): boolean {
  return (header(request, "authorization") ?? "").startsWith(`${scheme} `);
}

/** The action and version a V3 request names in its headers. */
export function acs3Target(request: FrontRequest): { action?: string | undefined; version?: string | undefined } {
  return { action: header(request, "x-acs-action"), version: header(request, "x-acs-version") };
}

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** The V3 canonical request of `request` for the headers it signed. */
export function acs3CanonicalRequest(request: FrontRequest, signedHeaders: readonly string[]): string {
  const query = [...request.url.searchParams]
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const headers = signedHeaders.map((name) => `${name}:${(header(request, name) ?? "").trim()}\n`).join("");
  // RPC requests go to "/"; ROA requests (Container Service) sign their path.
  const uri = request.url.pathname || "/";
  return [request.method.toUpperCase(), uri, query, headers, signedHeaders.join(";"), sha256Hex(request.body)].join(
    "\n",
  );
}

const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Checks a V3-signed request against the world's ALIBABA identities, in signature v1's order. */
export function authenticateAcs3(request: FrontRequest, world: World, nonces: NonceBook, options: AuthOptions): Caller {
  const m = /^ACS3-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$/.exec(
    header(request, "authorization") ?? "",
  );
  if (!m) throw new AlibabaError("IncompleteSignature", "The request signature does not conform to Aliyun standards.");
  const [, accessKeyId = "", signedText = "", signature = ""] = m;
  const signed = signedText.split(";");
  const date = header(request, "x-acs-date");
  if (date === undefined) throw missingParameter("x-acs-date");
  const nonce = header(request, "x-acs-signature-nonce");
  if (nonce === undefined) throw missingParameter("x-acs-signature-nonce");
  const unsigned = Object.keys(request.headers).filter(
    (h) => (h.startsWith("x-acs-") || h === "host") && !signed.includes(h),
  );
  if (unsigned.length > 0 || [...signed].sort().join(";") !== signedText) {
    throw new AlibabaError(
      "IncompleteSignature",
      `Signed headers must be sorted and include host and every x-acs- header (${unsigned.join(", ")}).`,
    );
  }
  const signedAt = timestampPattern.test(date) ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(signedAt)) {
    throw new AlibabaError("InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
  }
  if (Math.abs(options.now() - signedAt) > options.skewToleranceMs) {
    throw new AlibabaError("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
  }
  const identity = world.identities.find("ALIBABA", accessKeyId);
  if (!identity) throw new AlibabaError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404);
  const declared = header(request, "x-acs-content-sha256");
  if (declared !== undefined && declared.toLowerCase() !== sha256Hex(request.body)) {
    throw new AlibabaError("SignatureDoesNotMatch", "The x-acs-content-sha256 header does not match the request body.");
  }
  const canonical = acs3CanonicalRequest(request, signed);
  const expected = createHmac("sha256", identity.secret)
    .update(`${scheme}\n${sha256Hex(canonical)}`)
    .digest("hex");
  const given = Buffer.from(signature.toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) {
    throw new AlibabaError("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
  }
  if (!nonces.use(accessKeyId, nonce, options.now(), options.skewToleranceMs)) {
    throw new AlibabaError("SignatureNonceUsed", "Specified signature nonce was used already.");
  }
  const token = header(request, "x-acs-security-token");
  const expectedToken = identity.attributes?.["securityToken"];
  if (token !== expectedToken) {
    throw new AlibabaError(
      "InvalidSecurityToken.MismatchWithAccessKey",
      "Specified SecurityToken mismatch with the AccessKey.",
    );
  }
  return { accessKeyId, account: identity.account };
}
