import { kubeconfig } from "@cloud-barista/core/driver";
import { badAnswer } from "../errors.js";

/** What `POST /global/v2/applyRBACAndGetKubeconfig` answers without `format`: a kubeconfig as JSON. */
export interface IksKubeconfig {
  clusters?: { name?: string; cluster?: { server?: string; "certificate-authority-data"?: string } }[];
  users?: { name?: string; user?: { token?: string; "auth-provider"?: { config?: { "id-token"?: string } } } }[];
}

/**
 * The kubeconfig IKS handed out, for plain kubectl: IKS's user authenticates through kubectl's
 * `oidc` auth provider (removed in kubectl 1.26), whose ID token the API server takes as a bearer
 * token, so the token goes as `token` (a user with a token already keeps it).
 */
export function kubeconfigOf(answer: IksKubeconfig): string {
  const cluster = answer.clusters?.[0];
  const user = answer.users?.[0]?.user;
  const token = user?.token ?? user?.["auth-provider"]?.config?.["id-token"];
  const server = cluster?.cluster?.server;
  const ca = cluster?.cluster?.["certificate-authority-data"];
  if (!server || !ca || !token) throw badAnswer("applyRBACAndGetKubeconfig: the kubeconfig has no server, CA or token");
  return kubeconfig({
    name: cluster.name ?? "iks",
    server,
    caCertificate: Buffer.from(ca, "base64").toString("utf8"),
    user: { token },
  });
}
