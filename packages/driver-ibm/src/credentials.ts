import { invalid } from "./errors.js";

/** Credential keys of the IBM driver: an IBM Cloud API key (a user's or a service ID's). */
export const ibmCredentialKeys = {
  required: ["apiKey"],
  optional: ["resourceGroupId"],
} as const;

export interface IbmCredential {
  apiKey: string;
  /** The resource group new resources go to; the account's default group when absent. */
  resourceGroupId?: string;
}

/** The API key from the credential's values, refused before any call when missing. Messages never quote it. */
export function credentialFrom(values: Readonly<Record<string, string>>): IbmCredential {
  const apiKey = values["apiKey"] ?? "";
  const resourceGroupId = values["resourceGroupId"] ?? "";
  if (apiKey.trim() === "") throw invalid("credential.apiKey", "required", "is required");
  if (!/^[\x21-\x7e]+$/.test(apiKey))
    throw invalid("credential.apiKey", "api-key", "must be printable ASCII without spaces");
  if (resourceGroupId !== "" && !/^[0-9a-zA-Z-]+$/.test(resourceGroupId)) {
    throw invalid("credential.resourceGroupId", "resource-group-id", "must be a resource group id (hex)");
  }
  return { apiKey, ...(resourceGroupId === "" ? {} : { resourceGroupId }) };
}
