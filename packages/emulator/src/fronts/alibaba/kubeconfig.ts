// The kubeconfig ACK's DescribeClusterUserKubeconfig hands out: the cluster's CA, its API address
// and a client certificate of the caller's RAM identity, in the context "<user>-<cluster>".

const q = (value: string) => JSON.stringify(value);
const b64 = (pem: string) => q(Buffer.from(pem, "utf8").toString("base64"));

export function certificateKubeconfig(input: {
  clusterId: string;
  user: string;
  server: string;
  caCertificate: string;
  key: string;
  cert: string;
}): string {
  const context = `${input.user}-${input.clusterId}`;
  return [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    server: ${q(input.server)}`,
    `    certificate-authority-data: ${b64(input.caCertificate)}`,
    "  name: kubernetes",
    "contexts:",
    "- context:",
    "    cluster: kubernetes",
    `    user: ${q(input.user)}`,
    `  name: ${q(context)}`,
    `current-context: ${q(context)}`,
    "kind: Config",
    "preferences: {}",
    "users:",
    `- name: ${q(input.user)}`,
    "  user:",
    `    client-certificate-data: ${b64(input.cert)}`,
    `    client-key-data: ${b64(input.key)}`,
    "",
  ].join("\n");
}
