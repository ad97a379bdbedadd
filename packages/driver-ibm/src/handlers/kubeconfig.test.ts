import { describe, expect, it } from "vitest";
import { kubeconfigOf } from "./kubeconfig.js";

const ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const cluster = {
  name: "demo/c1",
  cluster: { server: "https://c1.containers.example:30000", "certificate-authority-data": btoa(ca) },
};

describe("kubeconfigOf", () => {
  it("turns IKS's oidc auth-provider user into a bearer token kubectl sends as it is", () => {
    const yaml = kubeconfigOf({
      clusters: [cluster],
      users: [{ name: "IAM#x", user: { "auth-provider": { config: { "id-token": "eyJid" } } } }],
    });
    expect(yaml).toContain('server: "https://c1.containers.example:30000"');
    expect(yaml).toContain(`certificate-authority-data: "${btoa(ca)}"`);
    expect(yaml).toContain('token: "eyJid"');
    expect(yaml).not.toContain("auth-provider");
  });

  it("keeps a user's own token, and refuses an answer without a server, CA or token", () => {
    expect(kubeconfigOf({ clusters: [cluster], users: [{ user: { token: "t" } }] })).toContain('token: "t"');
    expect(() => kubeconfigOf({ clusters: [cluster], users: [{ user: {} }] })).toThrow(/no server, CA or token/);
    expect(() => kubeconfigOf({ users: [{ user: { token: "t" } }] })).toThrow(/no server, CA or token/);
  });
});
