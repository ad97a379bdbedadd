import { createHmac, timingSafeEqual } from "node:crypto";
import type { FrontRequest } from "../http-front.js";
import type { World } from "../../world/world.js";
import type { AuthOptions, Caller, NonceBook } from "./authenticate.js";
import { AlibabaError, missingParameter } from "./errors.js";

// The ROA signature of Alibaba's REST products (Container Service among them), as the Darabonba
// SDKs send it: `Authorization: acs <AccessKeyId>:<signature>`, the base64 HMAC-SHA1 under the
// secret of METHOD, Accept, Content-MD5, Content-Type and Date (one per line), the x-acs- headers
// sorted ("name:value" lines), and the path with its sorted, unencoded query.

function header(request: FrontRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" ? value : value?.[0];
}

/** Whether a request carries a ROA signature. */
export function isRoa(request: FrontRequest): boolean {
  return /^acs [^:\s]+:/.test(header(request, "authorization") ?? "");
}

/** The string a ROA request signs. */
export function roaStringToSign(request: FrontRequest): string {
  const lines = [
    request.method.toUpperCase(),
    header(request, "accept") ?? "",
    header(request, "content-md5") ?? "",
    header(request, "content-type") ?? "",
    header(request, "date") ?? "",
  ];
  const acs = Object.keys(request.headers)
    .filter((name) => name.startsWith("x-acs-"))
    .sort()
    .map((name) => `${name}:${(header(request, name) ?? "").trim()}\n`)
    .join("");
  const query = [...request.url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const resource =
    query.length === 0
      ? request.url.pathname
      : `${request.url.pathname}?${query.map(([k, v]) => `${k}=${v}`).join("&")}`;
  return `${lines.join("\n")}\n${acs}${resource}`;
}

/** Checks a ROA-signed request against the world's ALIBABA identities. */
export function authenticateRoa(request: FrontRequest, world: World, nonces: NonceBook, options: AuthOptions): Caller {
  const m = /^acs ([^:\s]+):(\S+)$/.exec(header(request, "authorization") ?? "");
  if (!m) throw new AlibabaError("IncompleteSignature", "The request signature does not conform to Aliyun standards.");
  const [, accessKeyId = "", signature = ""] = m;
  const date = header(request, "date");
  if (date === undefined) throw missingParameter("Date");
  const signedAt = Date.parse(date);
  if (Number.isNaN(signedAt))
    throw new AlibabaError("InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
  if (Math.abs(options.now() - signedAt) > options.skewToleranceMs)
    throw new AlibabaError("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
  const identity = world.identities.find("ALIBABA", accessKeyId);
  if (!identity) throw new AlibabaError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404);
  const expected = createHmac("sha1", identity.secret).update(roaStringToSign(request), "utf8").digest("base64");
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected)))
    throw new AlibabaError("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
  const nonce = header(request, "x-acs-signature-nonce");
  if (nonce !== undefined && !nonces.use(accessKeyId, nonce, options.now(), options.skewToleranceMs))
    throw new AlibabaError("SignatureNonceUsed", "Specified signature nonce was used already.");
  const token = header(request, "x-acs-security-token");
  if (token !== identity.attributes?.["securityToken"])
    throw new AlibabaError(
      "InvalidSecurityToken.MismatchWithAccessKey",
      "Specified SecurityToken mismatch with the AccessKey.",
    );
  return { accessKeyId, account: identity.account };
}
