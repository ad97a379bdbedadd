import { invalid } from "./errors.js";

/** Credential keys of the Tencent driver: an API key pair, and a token when it is temporary (STS). */
export const tencentCredentialKeys = {
  required: ["secretId", "secretKey"],
  optional: ["token", "uin"],
} as const;

export interface TencentCredential {
  secretId: string;
  secretKey: string;
  /** The STS session token of temporary keys (sent as X-TC-Token). */
  token?: string;
  /** The account's UIN, which the tag service's resource names hold. */
  uin?: string;
}

/**
 * The API key from the credential's values, refused before any call when a part is missing or
 * malformed. Messages never quote the values.
 */
export function credentialFrom(values: Readonly<Record<string, string>>): TencentCredential {
  const secretId = values["secretId"] ?? "";
  const secretKey = values["secretKey"] ?? "";
  const token = values["token"] ?? "";
  if (secretId === "") throw invalid("credential.secretId", "required", "is required");
  if (secretKey === "") throw invalid("credential.secretKey", "required", "is required");
  // The id goes into the Authorization header as is: printable ASCII, no separators of that header.
  if (!/^[\x21-\x7e]+$/.test(secretId) || /[,/]/.test(secretId)) {
    throw invalid("credential.secretId", "secret-id", "must be printable ASCII without spaces, commas or slashes");
  }
  const uin = values["uin"] ?? "";
  if (uin !== "" && !/^\d{1,20}$/.test(uin))
    throw invalid("credential.uin", "uin", "must be the account's numeric UIN");
  return { secretId, secretKey, ...(token === "" ? {} : { token }), ...(uin === "" ? {} : { uin }) };
}
