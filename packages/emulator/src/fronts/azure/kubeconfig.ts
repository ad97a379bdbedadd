import type { ClusterView } from "../gcp/container/world-clusters.js";
import type { ManagedClusterEntry } from "./front-state.js";

/**
 * The clusterUser kubeconfig of an AKS cluster with local accounts, as listClusterUserCredential
 * returns it: the API server with the cluster CA, and a user with the cluster's bearer token.
 */
export function clusterKubeconfig(entry: ManagedClusterEntry, cluster: ClusterView): string {
  const user = `clusterUser_${entry.group}_${entry.name}`;
  const ca = Buffer.from(cluster.caCertificate ?? "").toString("base64");
  return [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${ca}`,
    `    server: ${cluster.endpoint ?? ""}`,
    `  name: ${entry.name}`,
    "contexts:",
    "- context:",
    `    cluster: ${entry.name}`,
    `    user: ${user}`,
    `  name: ${entry.name}`,
    `current-context: ${entry.name}`,
    "kind: Config",
    "preferences: {}",
    "users:",
    `- name: ${user}`,
    "  user:",
    `    token: ${entry.userToken}`,
    "",
  ].join("\n");
}
