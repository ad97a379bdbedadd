import { describe, expect, it } from "vitest";
import { kubeconfig } from "./kubeconfig.js";

describe("kubeconfig", () => {
  it("inlines the CA and a token, quoting every value", () => {
    const text = kubeconfig({
      name: "a: b",
      server: "https://127.0.0.1:6443",
      caCertificate: "PEM",
      user: { token: "t#1" },
    });
    expect(text).toContain(`certificate-authority-data: "${Buffer.from("PEM").toString("base64")}"`);
    expect(text).toContain('token: "t#1"');
    expect(text).toContain('current-context: "a: b"');
  });

  it("inlines a client certificate and key", () => {
    const text = kubeconfig({
      name: "c",
      server: "https://h",
      caCertificate: "CA",
      user: { clientCertificate: "CERT", clientKey: "KEY" },
    });
    expect(text).toContain(`client-certificate-data: "${Buffer.from("CERT").toString("base64")}"`);
    expect(text).toContain(`client-key-data: "${Buffer.from("KEY").toString("base64")}"`);
    expect(text).not.toContain("token");
  });
});
