// The kubeconfig TKE's DescribeClusterKubeconfig hands out: the cluster's CA, its API address and
// a token user named after the account, in the context "<cluster>-<account>-context-default".

const q = (value: string) => JSON.stringify(value);

export function tokenKubeconfig(input: {
  clusterId: string;
  user: string;
  server: string;
  caCertificate: string;
  token: string;
}): string {
  const context = `${input.clusterId}-${input.user}-context-default`;
  return [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${q(Buffer.from(input.caCertificate, "utf8").toString("base64"))}`,
    `    server: ${q(input.server)}`,
    `  name: ${q(input.clusterId)}`,
    "contexts:",
    "- context:",
    `    cluster: ${q(input.clusterId)}`,
    `    user: ${q(input.user)}`,
    `  name: ${q(context)}`,
    `current-context: ${q(context)}`,
    "kind: Config",
    "preferences: {}",
    "users:",
    `- name: ${q(input.user)}`,
    "  user:",
    `    token: ${q(input.token)}`,
    "",
  ].join("\n");
}
