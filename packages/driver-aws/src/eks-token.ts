import { createHash, createHmac } from "node:crypto";

// The bearer token `aws eks get-token` prints, made without the AWS CLI: a SigV4-presigned STS
// GetCallerIdentity URL with the header x-k8s-aws-id (the cluster's name) signed in, base64url
// encoded after "k8s-aws-v1.". EKS asks STS who signed it; the token is good for 15 minutes.

export interface EksTokenInput {
  clusterName: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined };
  /** When the token is signed (wall-clock time: STS checks it against its own). */
  now: Date;
}

/** How long a token is valid for, as aws-iam-authenticator enforces it. */
export const eksTokenLifetimeMs = 15 * 60_000;

const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

export function eksToken(input: EksTokenInput): string {
  const host = `sts.${input.region}.amazonaws.com`;
  const amzDate = input.now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const date = amzDate.slice(0, 8);
  const scope = `${date}/${input.region}/sts/aws4_request`;
  const params: [string, string][] = [
    ["Action", "GetCallerIdentity"],
    ["Version", "2011-06-15"],
    ["X-Amz-Algorithm", "AWS4-HMAC-SHA256"],
    ["X-Amz-Credential", `${input.credentials.accessKeyId}/${scope}`],
    ["X-Amz-Date", amzDate],
    ["X-Amz-Expires", "60"],
    ["X-Amz-SignedHeaders", "host;x-k8s-aws-id"],
    ...(input.credentials.sessionToken
      ? [["X-Amz-Security-Token", input.credentials.sessionToken] as [string, string]]
      : []),
  ];
  const query = params
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonical = [
    "GET",
    "/",
    query,
    `host:${host}\nx-k8s-aws-id:${input.clusterName}\n`,
    "host;x-k8s-aws-id",
    sha256(""),
  ].join("\n");
  const key = hmac(
    hmac(hmac(hmac(`AWS4${input.credentials.secretAccessKey}`, date), input.region), "sts"),
    "aws4_request",
  );
  const signature = createHmac("sha256", key)
    .update(["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n"))
    .digest("hex");
  const url = `https://${host}/?${query}&X-Amz-Signature=${signature}`;
  return `k8s-aws-v1.${Buffer.from(url).toString("base64url")}`;
}
