import { invalid } from "./errors.js";

/**
 * Credential keys of the GCP driver: a service-account key (its JSON key file's `project_id`,
 * `client_email`, `private_key` and `private_key_id`). All optional: without a key the driver
 * uses Google's application default credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's user
 * credentials, the metadata server), and the project is then `projectId` or the one they name.
 */
export const gcpCredentialKeys = {
  required: [],
  optional: ["projectId", "clientEmail", "privateKey", "privateKeyId"],
} as const;

/** A service-account key, or (no key) the application default credentials. */
export type GcpCredential =
  | { kind: "service-account"; projectId: string; clientEmail: string; privateKey: string; privateKeyId: string }
  | { kind: "default"; projectId: string | undefined };

const projectIdRule = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

/** The credential from the connection's values, refused before any call when malformed. */
export function credentialFrom(values: Readonly<Record<string, string>>): GcpCredential {
  const value = (key: string) => {
    const v = values[key];
    return v === undefined || v === "" ? undefined : v;
  };
  const projectId = value("projectId");
  if (projectId !== undefined && !projectIdRule.test(projectId)) {
    throw invalid(
      "credential.projectId",
      "gcp-project-id",
      "must be a project id (6-30 lower-case letters, digits, -)",
    );
  }
  const keyParts = ["clientEmail", "privateKey", "privateKeyId"].map(value);
  if (keyParts.every((v) => v === undefined)) return { kind: "default", projectId };
  const [clientEmail, privateKey, privateKeyId] = keyParts;
  if (projectId === undefined)
    throw invalid("credential.projectId", "required", "is required with a service-account key");
  if (clientEmail === undefined || !/^[^@\s]+@[^@\s]+$/.test(clientEmail)) {
    throw invalid("credential.clientEmail", "email", "must be the service account's e-mail address");
  }
  if (privateKey === undefined || !privateKey.includes("PRIVATE KEY-----")) {
    throw invalid("credential.privateKey", "pem", "must be the key file's PEM private key");
  }
  if (privateKeyId === undefined)
    throw invalid("credential.privateKeyId", "required", "is required with a service-account key");
  return { kind: "service-account", projectId, clientEmail, privateKey, privateKeyId };
}
