import { invalid } from "./errors.js";

/** Credential keys of the Azure driver: a service principal with a client secret, and its subscription. */
export const azureCredentialKeys = {
  required: ["tenantId", "clientId", "clientSecret", "subscriptionId"],
  optional: [],
} as const;

export interface AzureCredential {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  subscriptionId: string;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The service principal from the credential's values. Tenant, client and subscription ids are
 * GUIDs (a tenant may also be given by a domain name, "contoso.onmicrosoft.com"); the secret is the
 * secret's value, never its id. Refused before any call when malformed.
 */
export function credentialFrom(values: Readonly<Record<string, string>>): AzureCredential {
  const value = (key: keyof AzureCredential) => {
    const v = values[key] ?? "";
    if (v === "") throw invalid(`credential.${key}`, "required", "is required");
    return v;
  };
  const credential = {
    tenantId: value("tenantId"),
    clientId: value("clientId"),
    clientSecret: value("clientSecret"),
    subscriptionId: value("subscriptionId"),
  };
  if (!guid.test(credential.tenantId) && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(credential.tenantId)) {
    throw invalid("credential.tenantId", "tenant-id", "must be a GUID or a domain name");
  }
  if (!guid.test(credential.clientId))
    throw invalid("credential.clientId", "guid", "must be a GUID (the application's client id)");
  if (!guid.test(credential.subscriptionId)) throw invalid("credential.subscriptionId", "guid", "must be a GUID");
  return credential;
}
