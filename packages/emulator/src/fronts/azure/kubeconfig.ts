import type { ClusterView } from "../world-clusters.js";
import type { ManagedClusterEntry } from "./front-state.js";

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
// JSON strings are YAML double-quoted scalars.
const q = (value: string) => JSON.stringify(value);

/**
 * The clusterUser kubeconfig of an AKS cluster with local accounts, as listClusterUserCredential
 * returns it: the API server with the cluster CA, and a client certificate the CA signed.
 */
export function clusterKubeconfig(
  entry: ManagedClusterEntry,
  cluster: ClusterView,
  user: { key: string; cert: string },
): string {
  const userName = `clusterUser_${entry.group}_${entry.name}`;
  return [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${q(base64(cluster.caCertificate ?? ""))}`,
    `    server: ${q(cluster.endpoint ?? "")}`,
    `  name: ${q(entry.name)}`,
    "contexts:",
    "- context:",
    `    cluster: ${q(entry.name)}`,
    `    user: ${q(userName)}`,
    `  name: ${q(entry.name)}`,
    `current-context: ${q(entry.name)}`,
    "kind: Config",
    "preferences: {}",
    "users:",
    `- name: ${q(userName)}`,
    "  user:",
    `    client-certificate-data: ${q(base64(user.cert))}`,
    `    client-key-data: ${q(base64(user.key))}`,
    "",
  ].join("\n");
}
