import { randomBytes } from "node:crypto";
import type { FrontDefinition } from "../definition.js";
import { startAlibabaFront } from "./front.js";
import type { AlibabaFrontOptions } from "./front.js";

const defaults = { region: "ap-northeast-2", zone: "ap-northeast-2a" };

/**
 * The Alibaba Cloud front for the registry: an AccessKey (id and secret, optionally an STS token)
 * for the account, and one URL serving ECS, VPC and SLB as the endpoint of each.
 */
export const frontDefinition: FrontDefinition<Omit<AlibabaFrontOptions, "world" | "port">> = {
  provider: "ALIBABA",
  name: "alibaba",
  description: "ECS (2014-05-26), VPC (2016-04-28) and SLB (2014-05-15) RPC APIs, JSON, signed with signature v1",
  defaults,
  async start(world, { account, port, credential = {}, ...options }) {
    const accessKeyId =
      credential["accessKeyId"] ?? `LTAI${randomBytes(10).toString("base64url").replace(/[-_]/g, "x")}`;
    const accessKeySecret = credential["accessKeySecret"] ?? randomBytes(22).toString("base64url").slice(0, 30);
    const securityToken = credential["securityToken"];
    world.identities.add({
      provider: "ALIBABA",
      key: accessKeyId,
      secret: accessKeySecret,
      account,
      ...(securityToken === undefined ? {} : { attributes: { securityToken } }),
    });
    const front = await startAlibabaFront({ defaultRegion: defaults.region, ...options, world, port });
    return {
      provider: "ALIBABA",
      name: "alibaba",
      endpoint: front.url,
      account,
      credential: {
        accessKeyId,
        accessKeySecret,
        ...(securityToken === undefined ? {} : { securityToken }),
      },
      connectionEndpoint: front.url,
      ...defaults,
      usage:
        "driver-alibaba (createAlibabaDriver()) with the connection endpoint set to this URL, used for ECS, VPC and SLB alike",
      close: () => front.close(),
    };
  },
};
