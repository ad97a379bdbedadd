import type { ProviderName } from "@cloud-barista/core";
import { badRequest } from "../http/errors.js";

/**
 * CB-Spider's credential key names (its flat `CredentialInfo`) and the SDK drivers' names for the
 * same values, per provider. Keys not listed pass through with a lower-case first letter, so a
 * driver's own key names (`accessKeyId`) work as well.
 */
const spiderKeys: Record<ProviderName, Record<string, string>> = {
  AWS: { ClientId: "accessKeyId", ClientSecret: "secretAccessKey", StsToken: "sessionToken" },
  AZURE: { ClientId: "clientId", ClientSecret: "clientSecret", TenantId: "tenantId", SubscriptionId: "subscriptionId" },
  GCP: { ProjectID: "projectId", ClientEmail: "clientEmail", PrivateKey: "privateKey" },
  ALIBABA: { ClientId: "accessKeyId", ClientSecret: "accessKeySecret", StsToken: "securityToken" },
  TENCENT: { ClientId: "secretId", ClientSecret: "secretKey", StsToken: "token" },
  IBM: { ApiKey: "apiKey" },
  OPENSTACK: {
    IdentityEndpoint: "authUrl",
    Username: "username",
    Password: "password",
    DomainName: "userDomainName",
    ProjectID: "projectName",
  },
  MOCK: { MockName: "mockName" },
};

const lowerFirst = (key: string): string => key.charAt(0).toLowerCase() + key.slice(1);

/** A Spider credential's key/value list as the driver's values. */
export function fromSpiderCredential(
  provider: ProviderName,
  list: readonly { Key: string; Value: string }[],
): Record<string, string> {
  const names = spiderKeys[provider];
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  list.forEach(({ Key, Value }, i) => {
    const key = names[Key] ?? lowerFirst(Key);
    if (Object.hasOwn(values, key))
      throw badRequest(`KeyValueInfoList.${i}.Key`, `"${Key}" is given twice`, "duplicate");
    values[key] = Value;
  });
  // OpenStack: Spider has one domain for the user and the project.
  if (provider === "OPENSTACK" && values.userDomainName !== undefined && values.projectDomainName === undefined) {
    values.projectDomainName = values.userDomainName;
  }
  return values;
}

/** A driver's credential key as Spider names it (for the key-name lists reads return). */
export function spiderKeyOf(provider: string, key: string): string {
  const names = spiderKeys[provider as ProviderName] ?? {};
  const found = Object.entries(names).find(([, ours]) => ours === key);
  return found ? found[0] : key;
}
