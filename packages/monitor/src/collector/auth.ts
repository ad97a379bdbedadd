import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * True when the request carries the token: `Authorization: Bearer <token>`, Basic auth with the
 * token as password (any user), or InfluxDB v1's `p` query parameter. Compared in constant time.
 */
export function hasToken(request: IncomingMessage, url: URL, token: string): boolean {
  const expected = digest(token);
  const header = request.headers.authorization ?? "";
  const candidates: string[] = [];
  const space = header.indexOf(" ");
  const scheme = space > 0 ? header.slice(0, space).toLowerCase() : "";
  const credential = space > 0 ? header.slice(space + 1).trim() : "";
  if (scheme === "bearer" || scheme === "token") candidates.push(credential);
  if (scheme === "basic") {
    const decoded = Buffer.from(credential, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon >= 0) candidates.push(decoded.slice(colon + 1));
  }
  const p = url.searchParams.get("p");
  if (p !== null) candidates.push(p);
  return candidates.some((c) => timingSafeEqual(digest(c), expected));
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
