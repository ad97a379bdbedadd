import { invalid } from "./errors.js";
import type { EC2ClientConfig } from "@aws-sdk/client-ec2";

/** Credential keys of the AWS driver; all optional (see `credentialsFrom`). */
export const awsCredentialKeys = {
  required: [],
  optional: ["accessKeyId", "secretAccessKey", "sessionToken"],
} as const;

/**
 * Static credentials from the credential's `accessKeyId` and `secretAccessKey` (plus an optional
 * `sessionToken` for temporary credentials). With neither key, undefined: the AWS SDK then uses
 * its default provider chain (environment, shared config and credentials files, SSO, web
 * identity, container and instance metadata).
 */
export function credentialsFrom(values: Readonly<Record<string, string>>): EC2ClientConfig["credentials"] {
  const accessKeyId = values["accessKeyId"] ?? "";
  const secretAccessKey = values["secretAccessKey"] ?? "";
  const sessionToken = values["sessionToken"] ?? "";
  if (accessKeyId === "" && secretAccessKey === "") {
    if (sessionToken !== "")
      throw missing("credential.accessKeyId", "a sessionToken needs an accessKeyId and a secretAccessKey");
    return undefined;
  }
  if (accessKeyId === "") throw missing("credential.accessKeyId", "is required with a secretAccessKey");
  if (secretAccessKey === "") throw missing("credential.secretAccessKey", "is required with an accessKeyId");
  return { accessKeyId, secretAccessKey, ...(sessionToken === "" ? {} : { sessionToken }) };
}

function missing(field: string, message: string) {
  return invalid(field, "required", message);
}
