// The kubeconfig a cluster handler returns (ClusterAccessInfo.kubeconfig): one cluster, one user,
// one context, with the CA and credentials inline so the file works on its own with plain kubectl.

/** How kubectl authenticates: a bearer token, or a client certificate and its key (PEM). */
export type KubeconfigUser =
  /** A bearer token (an EKS presigned-URL token, a GKE access token, a static token). */
  | { token: string }
  /** A client certificate and its key, PEM (signed by the cluster's CA). */
  | { clientCertificate: string; clientKey: string };

/** What one kubeconfig holds: the cluster's endpoint and CA, and one user. */
export interface KubeconfigInput {
  /** Names the cluster, user and context entries. */
  name: string;
  /** The API server's URL. */
  server: string;
  /** PEM of the CA that signed the API server's certificate. */
  caCertificate: string;
  user: KubeconfigUser;
}

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
// JSON strings are YAML double-quoted scalars, so every value is quoted safely.
const q = (value: string) => JSON.stringify(value);

/** A kubeconfig (YAML) for one cluster and one user. */
export function kubeconfig(input: KubeconfigInput): string {
  const user =
    "token" in input.user
      ? [`    token: ${q(input.user.token)}`]
      : [
          `    client-certificate-data: ${q(base64(input.user.clientCertificate))}`,
          `    client-key-data: ${q(base64(input.user.clientKey))}`,
        ];
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${q(input.name)}`,
    "  cluster:",
    `    server: ${q(input.server)}`,
    `    certificate-authority-data: ${q(base64(input.caCertificate))}`,
    "users:",
    `- name: ${q(input.name)}`,
    "  user:",
    ...user,
    "contexts:",
    `- name: ${q(input.name)}`,
    "  context:",
    `    cluster: ${q(input.name)}`,
    `    user: ${q(input.name)}`,
    `current-context: ${q(input.name)}`,
    "preferences: {}",
    "",
  ].join("\n");
}
