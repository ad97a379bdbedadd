import { randomBytes } from "node:crypto";
import type { FrontDefinition } from "../definition.js";
import { startIbmFront } from "./front.js";
import type { IbmFrontOptions } from "./front.js";

const defaults = { region: "us-south", zone: "us-south-1" };

/**
 * The IBM Cloud front for the registry: one API key for the account (registered in the world's
 * identities) and one URL serving IAM, the VPC API of every region, the Global Catalog and Global
 * Tagging, told apart by path.
 */
export const frontDefinition: FrontDefinition<Omit<IbmFrontOptions, "world" | "port">> = {
  provider: "IBM",
  name: "ibm",
  description: "IAM tokens, VPC API v1 (generation 2) per region, Global Catalog pricing and Global Tagging",
  defaults,
  async start(world, { account, port, credential = {}, ...options }) {
    const apiKey = credential["apiKey"] ?? randomBytes(33).toString("base64url").slice(0, 44);
    world.identities.add({ provider: "IBM", key: apiKey, secret: apiKey, account });
    const front = await startIbmFront({ ...options, world, port });
    return {
      provider: "IBM",
      name: "ibm",
      endpoint: front.url,
      account,
      credential: { apiKey },
      connectionEndpoint: front.endpoints,
      ...defaults,
      usage:
        "driver-ibm (createIbmDriver()) with endpoints { iam, vpc (a {region} template), catalog, tagging } set to this front's URLs",
      close: () => front.close(),
    };
  },
};
