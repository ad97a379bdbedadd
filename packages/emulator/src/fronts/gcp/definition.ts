import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { FrontDefinition } from "../definition.js";
import { startGcpFront } from "./front.js";
import type { GcpFrontOptions } from "./front.js";

const defaults = { region: "asia-northeast3", zone: "asia-northeast3-a" };

/**
 * The GCP front for the registry: a service-account key (RSA, made at start unless given) whose
 * project is the world account, registered in the world's identities by its key id.
 */
export const frontDefinition: FrontDefinition<Omit<GcpFrontOptions, "world" | "port">> = {
  provider: "GCP",
  name: "gcp",
  description: "Compute Engine REST v1, the OAuth token endpoint (JWT bearer) and the Cloud Billing Catalog over HTTP",
  defaults,
  async start(world, { account, port, credential = {}, ...options }) {
    const privateKey =
      credential["privateKey"] ??
      generateKeyPairSync("rsa", { modulusLength: 2048 })
        .privateKey.export({ type: "pkcs8", format: "pem" })
        .toString();
    const privateKeyId = credential["privateKeyId"] ?? randomBytes(20).toString("hex");
    const clientEmail = credential["clientEmail"] ?? `cb-emulator@${account}.iam.gserviceaccount.com`;
    world.identities.add({
      provider: "GCP",
      key: privateKeyId,
      secret: privateKey,
      account,
      attributes: { clientEmail },
    });
    const front = await startGcpFront({ ...options, world, port });
    return {
      provider: "GCP",
      name: "gcp",
      endpoint: front.url,
      account,
      credential: { projectId: account, clientEmail, privateKey, privateKeyId },
      connectionEndpoint: front.url,
      ...defaults,
      usage:
        "driver-gcp with the connection endpoint set to this URL (Compute Engine at /compute/v1, token endpoint /token, Billing Catalog /v1/services) and the service-account key in the credential",
      close: () => front.close(),
    };
  },
};
