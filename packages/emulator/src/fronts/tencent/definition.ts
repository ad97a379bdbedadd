import { randomBytes } from "node:crypto";
import type { FrontDefinition } from "../definition.js";
import { startTencentFront } from "./front.js";
import type { TencentFrontOptions } from "./front.js";

const defaults = { region: "ap-seoul", zone: "ap-seoul-1" };

/**
 * The Tencent Cloud front for the registry: a SecretId and SecretKey (optionally an STS token) for
 * the account, and one server for CVM, VPC, CBS, CLB, region and tag, told apart by Host.
 */
export const frontDefinition: FrontDefinition<Omit<TencentFrontOptions, "world" | "port">> = {
  provider: "TENCENT",
  name: "tencent",
  description:
    "Tencent Cloud API 3.0: CVM, VPC, CBS (2017-03-12), CLB (2018-03-17), region (2022-06-27) and tag (2018-08-13), JSON, signed with TC3-HMAC-SHA256",
  defaults,
  async start(world, { account, port, credential = {}, ...options }) {
    const secretId = credential["secretId"] ?? `AKID${randomBytes(24).toString("base64url").replace(/[-_]/g, "x")}`;
    const secretKey =
      credential["secretKey"] ?? randomBytes(24).toString("base64url").replace(/[-_]/g, "x").slice(0, 32);
    const token = credential["token"];
    world.identities.add({
      provider: "TENCENT",
      key: secretId,
      secret: secretKey,
      account,
      ...(token === undefined ? {} : { attributes: { token } }),
    });
    const front = await startTencentFront({ defaultRegion: defaults.region, ...options, world, port });
    return {
      provider: "TENCENT",
      name: "tencent",
      endpoint: front.url,
      account,
      credential: {
        secretId,
        secretKey,
        ...(token === undefined ? {} : { token }),
        // The account's UIN names resources in the tag service's six-segment names (when numeric, as on Tencent).
        ...(/^\d{1,20}$/.test(account) ? { uin: account } : {}),
      },
      connectionEndpoint: front.url,
      ...defaults,
      usage:
        "driver-tencent (createTencentDriver()) with the connection endpoint (routeTo) set to this URL: requests keep the <service>.tencentcloudapi.com host names and are dialled here",
      close: () => front.close(),
    };
  },
};
