import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { issueCertificate, newCertificateAuthority } from "./pki.js";

describe("cluster PKI", () => {
  const ca = newCertificateAuthority("kubernetes");

  it("makes a CA that verifies the server and client certificates it issues", () => {
    const caCert = new X509Certificate(ca.cert);
    expect(caCert.ca).toBe(true);
    const server = new X509Certificate(issueCertificate(ca, "server", { commonName: "kube-apiserver" }).cert);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(caCert)).toBe(true);
    expect(server.verify(caCert.publicKey)).toBe(true);
    expect(server.checkIP("127.0.0.1")).toBe("127.0.0.1");
    const client = new X509Certificate(
      issueCertificate(ca, "client", { commonName: "admin", organizations: ["system:masters"] }).cert,
    );
    expect(client.subject).toContain("O=system:masters");
    expect(client.subject).toContain("CN=admin");
    expect(client.verify(caCert.publicKey)).toBe(true);
  });

  it("does not verify certificates of another CA", () => {
    const other = newCertificateAuthority("kubernetes");
    const cert = new X509Certificate(issueCertificate(other, "client", { commonName: "admin" }).cert);
    expect(cert.verify(new X509Certificate(ca.cert).publicKey)).toBe(false);
  });
});
