import { BaristaError } from "../src/errors.js";
import { defineDriver } from "../src/driver/define-driver.js";
import type { CloudDriver, ConnectionInfo } from "../src/driver/driver.js";

const apis = {
  CreateNetwork: "not-idempotent",
  GetNetwork: "read",
  ListNetworks: "read",
  DeleteNetwork: "idempotent",
  CreateSubnet: "not-idempotent",
  DeleteSubnet: "idempotent",
} as const;

/**
 * A driver for runtime tests that need a cloud that misbehaves on purpose. It has only a VPC
 * handler whose calls fail, echoing the credential back as a careless cloud might. Registered
 * under the name "leaky" (its provider is MOCK, whose driver these tests do not register).
 * With `ownErrors`, its reads (of any VPC but "vpc-1"), listings and deletes fail outside any native
 * call, in the driver's own code, quoting the id they were given or the credential.
 */
export function createLeakyDriver(options: { ownErrors?: boolean } = {}): CloudDriver & {
  connections: ConnectionInfo[];
} {
  const connections: ConnectionInfo[] = [];
  const driver = defineDriver<ConnectionInfo, "network">({
    provider: "MOCK",
    version: "0.0.1",
    credentialKeys: { required: ["apiKey"] },
    apis,
    // Like a cloud with its own endpoint (OpenStack's Keystone URL): where its credential is sent.
    endpoints: { services: ["network"] },
    capabilities: {
      unsupportedOperations: [],
      quirks: { vpcCidr: true, zoneBasedControl: false },
      tagResourceTypes: [],
      naming: { maxLength: {}, defaultMaxLength: 63, separator: "-", lowerCase: true },
    },
    open: ({ info }) => {
      connections.push(info);
      return info;
    },
    handlers: {
      regionZone: false,
      image: false,
      spec: false,
      price: false,
      quota: false,
      securityGroup: false,
      keyPair: false,
      vm: false,
      disk: false,
      myImage: false,
      nlb: false,
      cluster: false,
      tag: false,
      orphan: false,
      vpc: (info) => {
        const key = info.credential.apiKey ?? "";
        // What a vendor HTTP client throws: the request (body, headers) rides along in its properties.
        const vendorError = (): Error =>
          Object.assign(new Error(`request with ${key} failed`), {
            code: "ECONNRESET",
            config: { headers: { authorization: `Bearer ${key}` }, data: JSON.stringify({ apiKey: key }) },
          });
        const fail = (): never => {
          throw new BaristaError("Unauthenticated", `api key ${key} was rejected`, {
            provider: "MOCK",
            requestId: "req-1",
            cause: new BaristaError("ProviderError", `inner ${key}`, { cause: vendorError() }),
          });
        };
        return {
          create: (_req, ctx) => ctx.call("CreateNetwork", async () => fail()),
          get: (iid, ctx) => {
            if (options.ownErrors && iid.systemId === "vpc-1")
              return Promise.resolve({ iid: { nameId: "vpc-1", systemId: "vpc-1" }, subnets: [] });
            if (options.ownErrors) throw new BaristaError("NotFound", `vpc "${iid.systemId}" not found`);
            return ctx.call("GetNetwork", async () => {
              throw vendorError();
            });
          },
          list: async function* (ctx) {
            if (options.ownErrors) throw new BaristaError("Unauthenticated", `api key ${key} may not list`);
            yield await ctx.call("ListNetworks", async () => fail());
          },
          delete: (_iid, ctx) => {
            if (options.ownErrors) throw new BaristaError("Unauthenticated", `api key ${key} is not allowed to delete`);
            return ctx.call("DeleteNetwork", async () => fail());
          },
          addSubnet: (_vpc, _subnet, ctx) => ctx.call("CreateSubnet", async () => fail()),
          removeSubnet: (_vpc, _subnet, ctx) => ctx.call("DeleteSubnet", async () => fail()),
        };
      },
    },
  });
  return Object.assign(driver, { connections });
}
