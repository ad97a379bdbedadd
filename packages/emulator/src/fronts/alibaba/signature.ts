import { createHmac, timingSafeEqual } from "node:crypto";

// Alibaba Cloud's RPC signature, version 1.0 (HMAC-SHA1): every parameter but Signature, sorted by
// name, each name and value percent-encoded per RFC 3986 (only A-Z a-z 0-9 - _ . ~ left bare),
// joined as a query string; StringToSign = METHOD & %2F & encode(that); key = secret + "&".

/** RFC 3986 percent-encoding as Alibaba's signature wants it. */
export function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonicalized query of the parameters (Signature excluded), keys in byte order. */
export function canonicalQuery(params: ReadonlyMap<string, string>): string {
  return [...params]
    .filter(([key]) => key !== "Signature")
    .map(([key, value]) => [percentEncode(key), percentEncode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
}

export function stringToSign(method: string, params: ReadonlyMap<string, string>): string {
  return `${method.toUpperCase()}&${percentEncode("/")}&${percentEncode(canonicalQuery(params))}`;
}

/** The base64 HMAC-SHA1 signature of `text` under `secret`. */
export function signV1(text: string, secret: string): string {
  return createHmac("sha1", `${secret}&`).update(text).digest("base64");
}

/** Constant-time comparison of two base64 signatures. */
export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
