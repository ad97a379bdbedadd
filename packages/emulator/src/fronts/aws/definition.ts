import { randomBytes } from "node:crypto";
import type { FrontDefinition } from "../definition.js";
import { startAwsFront } from "./front.js";
import type { AwsFrontOptions } from "./front.js";

const defaults = { region: "ap-northeast-2", zone: "ap-northeast-2a" };

/** The AWS front for the registry: an access key for the account, and the front's URL as endpoint. */
export const frontDefinition: FrontDefinition<Omit<AwsFrontOptions, "world" | "port">> = {
  provider: "AWS",
  name: "aws",
  description: "EC2 and ELBv2 (Query, XML), Pricing and Service Quotas (JSON 1.1), signed with SigV4",
  defaults,
  async start(world, { account, port, credential = {}, ...options }) {
    const accessKeyId = credential["accessKeyId"] ?? `AKIA${randomBytes(8).toString("hex").toUpperCase()}`;
    const secretAccessKey = credential["secretAccessKey"] ?? randomBytes(24).toString("base64url");
    world.identities.add({ provider: "AWS", key: accessKeyId, secret: secretAccessKey, account });
    const front = await startAwsFront({ ...options, world, port });
    return {
      provider: "AWS",
      name: "aws",
      endpoint: front.url,
      account,
      credential: { accessKeyId, secretAccessKey },
      connectionEndpoint: front.url,
      ...defaults,
      usage: "driver-aws (createAwsDriver()) with the connection endpoint set to this URL",
      close: () => front.close(),
    };
  },
};
