import { createHmac } from "node:crypto";
import type { World } from "../../../world/world.js";
import { canonicalQuery, parseAmzDate, sha256Hex, signaturesMatch, signingKey, sigV4Algorithm } from "../sigv4.js";

// How EKS (aws-iam-authenticator) checks a bearer token: "k8s-aws-v1." and a base64url presigned
// STS GetCallerIdentity URL whose signed headers include x-k8s-aws-id = the cluster's name. EKS
// sends it to STS; the emulator checks the SigV4 query signature against the world's AWS
// identities itself, and refuses tokens signed more than 15 minutes ago.

export const eksTokenPrefix = "k8s-aws-v1.";
const maxAgeMs = 15 * 60_000;

/** The user (an IAM ARN) an EKS token stands for at cluster `clusterName`, or undefined. */
export function verifyEksToken(
  world: World,
  token: string,
  audience: { account: string; clusterName: string },
  now: number = Date.now(),
): string | undefined {
  if (!token.startsWith(eksTokenPrefix)) return undefined;
  let url: URL;
  try {
    url = new URL(Buffer.from(token.slice(eksTokenPrefix.length), "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  const q = url.searchParams;
  if (url.protocol !== "https:" || !/^sts(\.[a-z0-9-]+)?\.amazonaws\.com$/.test(url.hostname)) return undefined;
  if (q.get("Action") !== "GetCallerIdentity" || q.get("X-Amz-Algorithm") !== sigV4Algorithm) return undefined;
  const [key = "", date = "", region = "", service = "", terminator = ""] = (q.get("X-Amz-Credential") ?? "").split(
    "/",
  );
  const signedHeaders = (q.get("X-Amz-SignedHeaders") ?? "").split(";");
  const amzDate = q.get("X-Amz-Date") ?? "";
  const signature = q.get("X-Amz-Signature") ?? "";
  const signedAt = parseAmzDate(amzDate);
  if (service !== "sts" || terminator !== "aws4_request" || signedAt === undefined || amzDate.slice(0, 8) !== date)
    return undefined;
  if (!signedHeaders.includes("host") || !signedHeaders.includes("x-k8s-aws-id")) return undefined;
  const expires = Number(q.get("X-Amz-Expires") ?? "0");
  if (now < signedAt - 60_000 || now > signedAt + Math.min(maxAgeMs, expires * 1000)) return undefined;
  const identity = world.identities.find("AWS", key);
  if (!identity || identity.account !== audience.account) return undefined;
  const headers: Record<string, string> = { host: url.host, "x-k8s-aws-id": audience.clusterName };
  const unsigned = new URLSearchParams([...q].filter(([k]) => k !== "X-Amz-Signature"));
  const canonical = [
    "GET",
    url.pathname || "/",
    canonicalQuery(unsigned),
    signedHeaders.map((h) => `${h}:${headers[h] ?? ""}\n`).join(""),
    signedHeaders.join(";"),
    sha256Hex(""),
  ].join("\n");
  const scope = `${date}/${region}/sts/aws4_request`;
  const expected = createHmac("sha256", signingKey(identity.secret, date, region, "sts"))
    .update([sigV4Algorithm, amzDate, scope, sha256Hex(canonical)].join("\n"))
    .digest("hex");
  return signaturesMatch(expected, signature.toLowerCase())
    ? `arn:aws:iam::${identity.account}:user/${key}`
    : undefined;
}
