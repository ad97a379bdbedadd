import { BaristaError } from "../src/errors.js";
import type { DriverCapabilities, HandlerName } from "../src/driver/capabilities.js";
import { handlerNames } from "../src/driver/capabilities.js";
import type { CloudConnection, CloudDriver, ConnectionInfo } from "../src/driver/driver.js";
import type { VpcHandler } from "../src/driver/handlers.js";

/**
 * A driver for runtime tests that need a cloud that misbehaves on purpose. It has only a VPC
 * handler whose calls fail, echoing the credential back as a careless cloud might.
 */
export function createLeakyDriver(): CloudDriver & { connections: ConnectionInfo[] } {
  const connections: ConnectionInfo[] = [];
  const capabilities: DriverCapabilities = {
    handlers: Object.fromEntries(handlerNames.map((h) => [h, h === "vpc"])) as Record<HandlerName, boolean>,
    unsupportedOperations: [],
    quirks: { vpcCidr: true, zoneBasedControl: false },
    tagResourceTypes: [],
    naming: { maxLength: {}, defaultMaxLength: 63, separator: "-", lowerCase: true },
  };
  return {
    provider: "LEAKY",
    version: "0.0.1",
    capabilities,
    credentialKeys: { required: ["apiKey"] },
    connections,
    connect(info): Promise<CloudConnection> {
      connections.push(info);
      const fail = (): never => {
        throw new BaristaError("Unauthenticated", `api key ${info.credential.apiKey ?? ""} was rejected`, {
          provider: "LEAKY",
          requestId: "req-1",
        });
      };
      const vpc: VpcHandler = {
        create: (_req, ctx) => ctx.call("CreateNetwork", async () => fail()),
        get: (_iid, ctx) => ctx.call("GetNetwork", async () => fail()),
        list: async function* (ctx) {
          yield await ctx.call("ListNetworks", async () => fail());
        },
        delete: (_iid, ctx) => ctx.call("DeleteNetwork", async () => fail()),
        addSubnet: (_vpc, _subnet, ctx) => ctx.call("CreateSubnet", async () => fail()),
        removeSubnet: (_vpc, _subnet, ctx) => ctx.call("DeleteSubnet", async () => fail()),
      };
      return Promise.resolve({ vpc, close: () => Promise.resolve() });
    },
  };
}
