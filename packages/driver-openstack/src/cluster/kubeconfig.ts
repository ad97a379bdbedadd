/**
 * A kubeconfig for one cluster and one client-certificate user, in YAML (quoted as JSON strings,
 * which YAML reads as they are). Plain `kubectl` needs nothing else: no exec plugin, no cloud CLI.
 */
export function certificateKubeconfig(input: {
  name: string;
  server: string;
  caPem: string;
  certPem: string;
  keyPem: string;
  user: string;
}): string {
  const b64 = (pem: string) => JSON.stringify(Buffer.from(pem, "utf8").toString("base64"));
  const name = JSON.stringify(input.name);
  const user = JSON.stringify(input.user);
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${name}`,
    "  cluster:",
    `    server: ${JSON.stringify(input.server)}`,
    `    certificate-authority-data: ${b64(input.caPem)}`,
    "users:",
    `- name: ${user}`,
    "  user:",
    `    client-certificate-data: ${b64(input.certPem)}`,
    `    client-key-data: ${b64(input.keyPem)}`,
    "contexts:",
    `- name: ${name}`,
    "  context:",
    `    cluster: ${name}`,
    `    user: ${user}`,
    `current-context: ${name}`,
    "",
  ].join("\n");
}
