import type { CredentialKeys } from "@cloud-barista/core/driver";
import { invalid } from "./errors.js";

/**
 * Credential keys. `authUrl` is Keystone v3 ("https://keystone.example:5000/v3"). Either a password
 * (`username`, `password`, `projectName`, with `userDomainName` and `projectDomainName` defaulting
 * to "Default") or an application credential (`applicationCredentialId` and
 * `applicationCredentialSecret`, whose project is fixed when it is made).
 */
export const openStackCredentialKeys: CredentialKeys = {
  required: ["authUrl"],
  optional: [
    "username",
    "password",
    "userDomainName",
    "projectName",
    "projectDomainName",
    "applicationCredentialId",
    "applicationCredentialSecret",
  ],
};

export type AuthMethod =
  | {
      kind: "password";
      username: string;
      password: string;
      userDomainName: string;
      projectName: string;
      projectDomainName: string;
    }
  | { kind: "applicationCredential"; id: string; secret: string };

/** The auth method a credential describes, or InvalidArgument naming the missing key. */
export function authMethodOf(credential: Readonly<Record<string, string>>): AuthMethod {
  const value = (key: string): string | undefined => {
    const v = credential[key];
    return typeof v === "string" && v.trim() !== "" ? v : undefined;
  };
  const appId = value("applicationCredentialId");
  if (appId !== undefined) {
    const secret = value("applicationCredentialSecret");
    if (secret === undefined)
      throw invalid("credential.applicationCredentialSecret", "required", "is required with applicationCredentialId");
    return { kind: "applicationCredential", id: appId, secret };
  }
  const need = (key: string): string => {
    const v = value(key);
    if (v === undefined)
      throw invalid(
        `credential.${key}`,
        "required",
        "is required for password authentication (or give an application credential)",
      );
    return v;
  };
  return {
    kind: "password",
    username: need("username"),
    password: need("password"),
    projectName: need("projectName"),
    userDomainName: value("userDomainName") ?? "Default",
    projectDomainName: value("projectDomainName") ?? "Default",
  };
}

/** The body of `POST /v3/auth/tokens` for an auth method. */
export function tokenRequestBody(method: AuthMethod): unknown {
  if (method.kind === "applicationCredential") {
    return {
      auth: {
        identity: {
          methods: ["application_credential"],
          application_credential: { id: method.id, secret: method.secret },
        },
      },
    };
  }
  return {
    auth: {
      identity: {
        methods: ["password"],
        password: {
          user: { name: method.username, domain: { name: method.userDomainName }, password: method.password },
        },
      },
      scope: { project: { name: method.projectName, domain: { name: method.projectDomainName } } },
    },
  };
}
