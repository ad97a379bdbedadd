import { invalid } from "./errors.js";

/** Credential keys of the Alibaba driver: an AccessKey pair, and an STS token when it is temporary. */
export const alibabaCredentialKeys = {
  required: ["accessKeyId", "accessKeySecret"],
  optional: ["securityToken"],
} as const;

export interface AlibabaCredential {
  accessKeyId: string;
  accessKeySecret: string;
  /** The STS security token of a temporary AccessKey ("STS." ids). */
  securityToken?: string;
}

/**
 * The AccessKey from the credential's values, refused before any call when a part is missing or
 * an STS AccessKey id comes without its token. Messages never quote the values.
 */
export function credentialFrom(values: Readonly<Record<string, string>>): AlibabaCredential {
  const accessKeyId = values["accessKeyId"] ?? "";
  const accessKeySecret = values["accessKeySecret"] ?? "";
  const securityToken = values["securityToken"] ?? "";
  if (accessKeyId === "") throw invalid("credential.accessKeyId", "required", "is required");
  if (accessKeySecret === "") throw invalid("credential.accessKeySecret", "required", "is required");
  if (!/^[\x21-\x7e]+$/.test(accessKeyId)) {
    throw invalid("credential.accessKeyId", "access-key-id", "must be printable ASCII without spaces");
  }
  if (accessKeyId.startsWith("STS.") && securityToken === "") {
    throw invalid("credential.securityToken", "required", "is required with an STS AccessKey");
  }
  return { accessKeyId, accessKeySecret, ...(securityToken === "" ? {} : { securityToken }) };
}
