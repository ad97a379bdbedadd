import { X509Certificate, createPrivateKey } from "node:crypto";
import { invalid } from "./errors.js";

/**
 * Credential keys of the Azure driver: the subscription, and how to sign in to Microsoft Entra ID:
 * a service principal with a client secret or a certificate, or, with neither (nor a tenant or
 * client id), the default credential chain.
 */
export const azureCredentialKeys = {
  required: ["subscriptionId"],
  optional: ["tenantId", "clientId", "clientSecret", "clientCertificate", "sendCertificateChain"],
} as const;

/** How the connection signs in, decided from the keys it was given (never by trying one after another). */
export type AzureSignIn =
  | { kind: "secret"; tenantId: string; clientId: string; clientSecret: string }
  | { kind: "certificate"; tenantId: string; clientId: string; certificate: string; sendCertificateChain: boolean }
  | { kind: "default" };

export interface AzureCredential {
  subscriptionId: string;
  signIn: AzureSignIn;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The PEM of a certificate credential: the certificate (and its chain) with its unencrypted
 * private key, an RSA key (Entra ID signs assertions with RS256/PS256 only) that matches the first
 * certificate. Refused before any call, naming the field and never quoting it.
 */
function checkCertificate(pem: string): void {
  const field = "credential.clientCertificate";
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!cert) throw invalid(field, "pem-certificate", "must hold a PEM certificate (-----BEGIN CERTIFICATE-----)");
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem)) {
    throw invalid(field, "pem-private-key", "holds an encrypted private key: give the key unencrypted");
  }
  const key = /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+?-----END (RSA )?PRIVATE KEY-----/.exec(pem)?.[0];
  if (!key)
    throw invalid(field, "pem-private-key", "must hold the certificate's private key (-----BEGIN PRIVATE KEY-----)");
  let x509: X509Certificate;
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    x509 = new X509Certificate(cert);
    privateKey = createPrivateKey(key);
  } catch {
    // The parser's message is not kept: nothing of the key goes into an error.
    throw invalid(field, "pem", "holds a certificate or private key that cannot be read");
  }
  if (privateKey.asymmetricKeyType !== "rsa") {
    throw invalid(field, "rsa-key", "must have an RSA key: Microsoft Entra ID accepts RS256/PS256 assertions only");
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw invalid(field, "key-mismatch", "holds a private key that is not the first certificate's");
  }
}

/**
 * The subscription and the sign-in from the credential's values, refused before any call when
 * malformed or half filled (each error names its field):
 * - `clientSecret`: a client secret (its value, never its id), with `tenantId` and `clientId`;
 * - `clientCertificate`: PEM certificate and private key, with `tenantId` and `clientId`, and
 *   `sendCertificateChain` ("true" or "false") for subject name / issuer authentication;
 * - neither, and no `tenantId` or `clientId` either: `DefaultAzureCredential`, the chain that reads
 *   the environment (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET` or
 *   `AZURE_CLIENT_CERTIFICATE_PATH`), workload identity, managed identity, then developer tools.
 *   A tenant or client id without a secret or certificate is a mistake, not a reason to fall back.
 */
export function credentialFrom(values: Readonly<Record<string, string>>): AzureCredential {
  const given = (key: string) => {
    const v = values[key] ?? "";
    return v === "" ? undefined : v;
  };
  const subscriptionId = given("subscriptionId");
  if (subscriptionId === undefined) throw invalid("credential.subscriptionId", "required", "is required");
  if (!guid.test(subscriptionId)) throw invalid("credential.subscriptionId", "guid", "must be a GUID");
  const tenantId = given("tenantId");
  const clientId = given("clientId");
  const clientSecret = given("clientSecret");
  const clientCertificate = given("clientCertificate");
  const chain = given("sendCertificateChain");
  if (chain !== undefined && clientCertificate === undefined) {
    throw invalid("credential.sendCertificateChain", "requires-certificate", "applies to a clientCertificate only");
  }
  if (chain !== undefined && chain !== "true" && chain !== "false") {
    throw invalid("credential.sendCertificateChain", "boolean", 'must be "true" or "false"');
  }
  if (clientSecret !== undefined && clientCertificate !== undefined) {
    throw invalid("credential.clientCertificate", "one-of", "give clientSecret or clientCertificate, not both");
  }
  if (clientSecret === undefined && clientCertificate === undefined) {
    if (tenantId === undefined && clientId === undefined) return { subscriptionId, signIn: { kind: "default" } };
    throw invalid(
      "credential.clientSecret",
      "required",
      "is required with tenantId and clientId (or clientCertificate); leave tenantId and clientId out too for the default credential chain",
    );
  }
  if (tenantId === undefined) throw invalid("credential.tenantId", "required", "is required");
  if (clientId === undefined) throw invalid("credential.clientId", "required", "is required");
  if (!guid.test(tenantId) && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(tenantId)) {
    throw invalid("credential.tenantId", "tenant-id", "must be a GUID or a domain name");
  }
  if (!guid.test(clientId))
    throw invalid("credential.clientId", "guid", "must be a GUID (the application's client id)");
  if (clientSecret !== undefined)
    return { subscriptionId, signIn: { kind: "secret", tenantId, clientId, clientSecret } };
  const certificate = clientCertificate ?? "";
  checkCertificate(certificate);
  return {
    subscriptionId,
    signIn: { kind: "certificate", tenantId, clientId, certificate, sendCertificateChain: chain === "true" },
  };
}
