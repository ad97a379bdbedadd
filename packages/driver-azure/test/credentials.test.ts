import { collect, isBaristaError } from "@cloud-barista/core";
import { closedAfterEach, rejectionOf } from "@cloud-barista/core/testing";
import { selfSignedCertificate } from "@cloud-barista/emulator/azure";
import { describe, expect, it } from "vitest";
import { azureFixture, clientId, clientSecret, subscriptionId, tenantId } from "./setup.js";
import type { AzureFixture } from "./setup.js";

// The three ways driver-azure signs in to Microsoft Entra ID, through @azure/identity over HTTPS
// to the emulator's Entra front: a client secret (driver.test.ts), a certificate (a client
// assertion signed with its key) and the default credential chain (here its environment part).

const open = closedAfterEach(azureFixture);

async function calls(f: AzureFixture) {
  await f.barista.history.flush();
  return f.barista.history.query({ connection: f.connectionName, from: new Date(0) });
}

/** A PEM with the certificate and its private key, as an application keeps its certificate credential. */
function appCertificate(): string {
  const { key, cert } = selfSignedCertificate({ keyType: "rsa", commonName: "cloud-barista-test-app" });
  return `${key}${cert}`;
}

/** The base64 body lines of a PEM: no piece of the key may show anywhere. */
const pemLines = (pem: string) => pem.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"));

const net = { name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [{ name: "web", ipv4Cidr: "10.0.1.0/24" }] };

describe("driver-azure sign-in", () => {
  it("signs in with a certificate: a PS256 client assertion naming the certificate by its SHA-256 thumbprint", async () => {
    const pem = appCertificate();
    const f = await open({ certificate: { registered: pem } });
    const vpc = await f.conn.vpc.create(net);
    expect(vpc.iid.nameId).toBe("net");
    expect(await collect(f.conn.vpc.list())).toHaveLength(1);
    const records = JSON.stringify(await calls(f));
    for (const line of pemLines(pem)) expect(records).not.toContain(line);
  });

  it("sends the certificate chain (x5c) when asked, and still signs in", async () => {
    const f = await open({ certificate: { registered: appCertificate(), sendCertificateChain: true } });
    await expect(f.conn.keyPair.create({ name: "k" })).resolves.toMatchObject({ iid: { nameId: "k" } });
  });

  it("refuses a certificate the application does not have, with Entra ID's AADSTS700027, once", async () => {
    const other = appCertificate();
    const f = await open({ certificate: { registered: appCertificate(), given: other } });
    const error = await rejectionOf(f.conn.vpc.create(net));
    expect(isBaristaError(error, "Unauthenticated")).toBe(true);
    expect(error).toMatchObject({ provider: "AZURE", nativeCode: "invalid_client", retryable: false });
    const message = String((error as Error).message);
    expect(message).toMatch(/AADSTS700027: Client assertion failed signature validation\./);
    for (const line of pemLines(other)) {
      expect(message).not.toContain(line);
      expect(JSON.stringify(await calls(f))).not.toContain(line);
    }
    expect(f.world.resourceGroups.list({ provider: "AZURE", account: subscriptionId })).toEqual([]);
    expect((await calls(f)).map((c) => [c.api, c.error?.code])).toEqual([
      ["ResourceGroups_CreateOrUpdate", "Unauthenticated"],
    ]);
  });

  it("refuses a half-filled credential before any call, naming the missing field", async () => {
    const f = await open({ credential: { clientSecret: "" } });
    const error = await rejectionOf(f.conn.vpc.create(net));
    expect(error).toMatchObject({ code: "InvalidArgument", field: "credential.clientSecret" });
    expect(f.control.servedApis()).toEqual([]);
  });

  it("uses the default credential chain when the connection names no identity, here from the environment", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      // Only the environment part of the chain: no managed identity probe, no developer tools.
      AZURE_TOKEN_CREDENTIALS: "EnvironmentCredential",
      AZURE_TENANT_ID: tenantId,
      AZURE_CLIENT_ID: clientId,
      AZURE_CLIENT_SECRET: clientSecret,
    });
    try {
      const f = await open({ credential: { tenantId: "", clientId: "", clientSecret: "" } });
      await expect(f.conn.vpc.create(net)).resolves.toMatchObject({ iid: { nameId: "net" } });
      // A wrong secret in the environment is Entra ID's refusal, not a quiet try of the next credential.
      process.env["AZURE_CLIENT_SECRET"] = "not-the-secret";
      const g = await open({ credential: { tenantId: "", clientId: "", clientSecret: "" } });
      const error = await rejectionOf(g.conn.vpc.create(net));
      expect(error).toMatchObject({ code: "Unauthenticated", nativeCode: "invalid_client" });
      expect(String((error as Error).message)).toMatch(/AADSTS7000215/);
      // A chain the environment names wrongly is bad input, not a sign-in failure.
      process.env["AZURE_TOKEN_CREDENTIALS"] = "NoSuchCredential";
      const h = await open({ credential: { tenantId: "", clientId: "", clientSecret: "" } });
      const bad = await rejectionOf(h.conn.vpc.create(net));
      expect(bad).toMatchObject({ code: "InvalidArgument", field: "credential" });
      expect(String((bad as Error).message)).toContain("AZURE_TOKEN_CREDENTIALS");
      expect(h.control.servedApis()).toEqual([]);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
