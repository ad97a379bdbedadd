import { randomBytes, randomUUID } from "node:crypto";
import type { FrontDefinition } from "../definition.js";
import { startAzureFront } from "./front.js";
import type { AzureFrontOptions } from "./front.js";

const defaults = { region: "koreacentral", zone: "1" };

/**
 * The Azure front for the registry: a service principal (tenant, client id and secret, or a
 * certificate given as `credential.clientCertificate`) with access to one subscription, the world
 * account. Its URL is both the Entra ID authority host and the ARM
 * endpoint; clients trust its self-signed certificate through their TLS options.
 */
export const frontDefinition: FrontDefinition<Omit<AzureFrontOptions, "world" | "port">> = {
  provider: "AZURE",
  name: "azure",
  description: "Microsoft Entra ID (client secret or certificate) and Azure Resource Manager over HTTPS",
  defaults,
  async start(world, { account, port, credential = {}, ...options }) {
    const tenantId = credential["tenantId"] ?? randomUUID();
    const clientId = credential["clientId"] ?? randomUUID();
    const clientSecret = credential["clientSecret"] ?? randomBytes(30).toString("base64url");
    // A certificate credential (PEM; its private key, if there, is the client's and is not kept):
    // the application accepts assertions signed with its key, and its secret is then nobody's.
    const clientCertificate = credential["clientCertificate"];
    const certificates = clientCertificate?.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    world.identities.add({
      provider: "AZURE",
      key: `${tenantId}/${clientId}`,
      secret: clientSecret,
      account,
      ...(certificates ? { attributes: { certificates: certificates.join("\n") } } : {}),
    });
    const proof: Record<string, string> =
      clientCertificate !== undefined && credential["clientSecret"] === undefined
        ? { clientCertificate }
        : { clientSecret };
    const front = await startAzureFront({ ...options, world, port });
    return {
      provider: "AZURE",
      name: "azure",
      endpoint: front.url,
      account,
      credential: { tenantId, clientId, ...proof, subscriptionId: account },
      connectionEndpoint: front.url,
      caCertificate: front.caCertificate,
      ...defaults,
      usage:
        "driver-azure (createAzureDriver({ transport: { httpsAgent } }) trusting caCertificate) with the connection endpoint set to this URL",
      close: () => front.close(),
    };
  },
};
