import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { providerNames } from "@cloud-barista/core";
import type {
  CloudBarista,
  CloudDriver,
  ConnectionConfig,
  CredentialSummary,
  DriverCapabilities,
  HandlerName,
  ProviderName,
  RegionConfig,
} from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { badRequest } from "../http/errors.js";
import { connectionOf } from "./context.js";
import { booleanInfoSchema, connectionQuery, keyValueSchema, nameSchema } from "./schemas.js";
import { jsonBody, ok } from "./route-kit.js";
import { fromSpiderCredential, spiderKeyOf } from "./credential-keys.js";
import { spiderTypeName } from "./resource-type-names.js";

const tags = ["Cloud Info"];

/** Spider's handler flags, in its order; those the SDK has no handler for are always false. */
const spiderHandlers = [
  "RegionZoneHandler",
  "PriceInfoHandler",
  "ImageHandler",
  "VMSpecHandler",
  "VPCHandler",
  "SecurityHandler",
  "KeyPairHandler",
  "VMHandler",
  "DiskHandler",
  "MyImageHandler",
  "NLBHandler",
  "ClusterHandler",
  "FileSystemHandler",
  "QuotaInfoHandler",
  "RDBMSHandler",
  "DBSpecHandler",
  "RDBMSMySQLHandler",
  "RDBMSMariaDBHandler",
  "RDBMSPostgreSQLHandler",
  "PublicIPHandler",
  "NICHandler",
  "TagHandler",
] as const;
const ourHandler: Partial<Record<(typeof spiderHandlers)[number], HandlerName>> = {
  RegionZoneHandler: "regionZone",
  PriceInfoHandler: "price",
  ImageHandler: "image",
  VMSpecHandler: "spec",
  VPCHandler: "vpc",
  SecurityHandler: "securityGroup",
  KeyPairHandler: "keyPair",
  VMHandler: "vm",
  DiskHandler: "disk",
  MyImageHandler: "myImage",
  NLBHandler: "nlb",
  ClusterHandler: "cluster",
  QuotaInfoHandler: "quota",
  TagHandler: "tag",
};

function toCapability(caps: DriverCapabilities) {
  const handlers = Object.fromEntries(
    spiderHandlers.map((name) => {
      const ours = ourHandler[name];
      return [name, ours === undefined ? false : caps.handlers[ours]];
    }),
  );
  return {
    ZoneBasedControl: caps.quirks.zoneBasedControl,
    ...handlers,
    TagSupportResourceType: caps.tagResourceTypes.map((t) => spiderTypeName[t] ?? t),
    VPC_CIDR: caps.quirks.vpcCidr,
    EMULATED_VPC: false,
    SINGLE_VPC: false,
  };
}
const providerSchema = z.enum(providerNames as unknown as [ProviderName, ...ProviderName[]]);

const driverInfo = z
  .object({ DriverName: nameSchema, ProviderName: providerSchema, DriverLibFileName: z.string().max(256) })
  .openapi("CloudDriverInfo");
const credentialInfo = z
  .object({
    CredentialName: nameSchema,
    ProviderName: providerSchema,
    // Key names only: a credential's values never leave the server.
    KeyValueInfoList: z.array(z.object({ Key: z.string() })),
  })
  .openapi("CredentialInfo");
const credentialRequest = z
  .object({
    CredentialName: nameSchema,
    ProviderName: providerSchema,
    KeyValueInfoList: z
      .array(z.object({ Key: z.string().min(1).max(128), Value: z.string().max(16_384) }))
      .min(1)
      .max(32),
  })
  .openapi("CredentialRegisterRequest");
const regionInfo = z
  .object({
    RegionName: nameSchema,
    ProviderName: providerSchema,
    KeyValueInfoList: z.array(keyValueSchema).max(8),
    AvailableZoneList: z.array(z.string()).optional(),
  })
  .openapi("RegionInfo");
const connectionInfo = z
  .object({
    ConfigName: nameSchema,
    ProviderName: providerSchema,
    DriverName: nameSchema,
    CredentialName: nameSchema,
    RegionName: nameSchema,
  })
  .openapi("ConnectionConfigInfo");
const capabilityInfo = z
  .object({
    ZoneBasedControl: z.boolean(),
    ...Object.fromEntries(spiderHandlers.map((name) => [name, z.boolean()])),
    TagSupportResourceType: z.array(z.string()),
    VPC_CIDR: z.boolean(),
    EMULATED_VPC: z.boolean(),
    SINGLE_VPC: z.boolean(),
  })
  .openapi("DriverCapabilityInfo");

const providerQuery = z.object({ ProviderName: providerSchema.optional(), provider: providerSchema.optional() });

/** Library file names as Spider clients registered them (drivers are code here; the name is kept for echo). */
const libFileNames = new WeakMap<CloudBarista, Map<string, string>>();

function toDriverInfo(barista: CloudBarista, d: { name: string; provider: string; version: string }) {
  return {
    DriverName: d.name,
    ProviderName: d.provider as ProviderName,
    DriverLibFileName: libFileNames.get(barista)?.get(d.name) ?? `${d.provider.toLowerCase()}-driver-v${d.version}`,
  };
}

const toCredentialInfo = (s: CredentialSummary) => ({
  CredentialName: s.name,
  ProviderName: s.provider as ProviderName,
  KeyValueInfoList: s.keys.map((key) => ({ Key: spiderKeyOf(s.provider, key) })),
});

const toRegionInfo = (r: RegionConfig) => ({
  RegionName: r.name,
  ProviderName: r.provider as ProviderName,
  KeyValueInfoList: [
    { Key: "Region", Value: r.region },
    ...(r.zone === undefined ? [] : [{ Key: "Zone", Value: r.zone }]),
  ],
  AvailableZoneList: r.zone === undefined ? [] : [r.zone],
});

function toConnectionInfo(barista: CloudBarista, config: ConnectionConfig) {
  return {
    ConfigName: config.name,
    ProviderName: barista.drivers.get(config.driver).provider,
    DriverName: config.driver,
    CredentialName: config.credential,
    RegionName: config.region,
  };
}

const pickProvider = (q: { ProviderName?: ProviderName | undefined; provider?: ProviderName | undefined }) =>
  q.ProviderName ?? q.provider;
const tenantBarista = (c: Context<ServerEnv>): CloudBarista => c.get("tenant").barista;
const done = { Result: "true" as const };

/** Spider's cloud-info registries: cloud OS list, drivers, credentials, regions and connection configs. */
export function cloudInfoRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/cloudos",
      tags,
      summary: "The cloud OS (provider) names this server has drivers for",
      responses: ok(z.object({ cloudos: z.array(z.string()) })),
    }),
    (c) => c.json({ cloudos: [...providerNames] }, 200),
  );

  // Before /driver/{DriverName}, which would take "capability" for a driver's name.
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/driver/capability",
      tags,
      summary: "What the connection's driver can do, as Spider's DriverCapabilityInfo",
      request: { query: connectionQuery },
      responses: ok(capabilityInfo),
    }),
    async (c) => {
      const conn = await connectionOf(c, c.req.valid("query").ConnectionName);
      return c.json(toCapability(conn.capabilities), 200);
    },
  );

  // Drivers
  app.openapi(
    createRoute({
      method: "post",
      path: "/spider/driver",
      tags,
      summary: "Registers the driver of a provider under a name",
      request: { body: jsonBody(driverInfo) },
      responses: ok(driverInfo),
    }),
    async (c) => {
      const body = c.req.valid("json");
      const barista = tenantBarista(c);
      const driver: CloudDriver = await c.get("drivers")(body.ProviderName);
      const name = barista.drivers.register(driver, { name: body.DriverName });
      let names = libFileNames.get(barista);
      if (!names) libFileNames.set(barista, (names = new Map<string, string>()));
      names.set(name, body.DriverLibFileName);
      return c.json(toDriverInfo(barista, { name, provider: driver.provider, version: driver.version }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/driver",
      tags,
      request: { query: providerQuery },
      responses: ok(z.object({ driver: z.array(driverInfo) })),
    }),
    (c) => {
      const provider = pickProvider(c.req.valid("query"));
      const barista = tenantBarista(c);
      const list = barista.drivers.list().filter((d) => provider === undefined || d.provider === provider);
      return c.json({ driver: list.map((d) => toDriverInfo(barista, d)) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/driver/{DriverName}",
      tags,
      request: { params: z.object({ DriverName: nameSchema }) },
      responses: ok(driverInfo),
    }),
    (c) => {
      const { DriverName } = c.req.valid("param");
      const barista = tenantBarista(c);
      const d = barista.drivers.get(DriverName);
      return c.json(toDriverInfo(barista, { name: DriverName, provider: d.provider, version: d.version }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/spider/driver/{DriverName}",
      tags,
      request: { params: z.object({ DriverName: nameSchema }) },
      responses: ok(booleanInfoSchema),
    }),
    async (c) => {
      const { DriverName } = c.req.valid("param");
      const barista = tenantBarista(c);
      barista.drivers.get(DriverName); // 404 when there is none
      const users = (await barista.connections.list()).filter((x) => x.driver === DriverName).map((x) => x.name);
      if (users.length > 0) throw badRequest("DriverName", `is used by connection(s) ${users.join(", ")}`, "in-use");
      barista.drivers.unregister(DriverName);
      libFileNames.get(barista)?.delete(DriverName);
      return c.json(done, 200);
    },
  );

  // Credentials
  app.openapi(
    createRoute({
      method: "post",
      path: "/spider/credential",
      tags,
      summary: "Registers a credential (sealed at rest); the answer lists its key names, never values",
      request: { body: jsonBody(credentialRequest) },
      responses: ok(credentialInfo),
    }),
    async (c) => {
      const body = c.req.valid("json");
      const barista = tenantBarista(c);
      const values = fromSpiderCredential(body.ProviderName, body.KeyValueInfoList);
      const summary = await barista.credentials.add({ name: body.CredentialName, provider: body.ProviderName, values });
      return c.json(toCredentialInfo(summary), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/credential",
      tags,
      request: { query: providerQuery },
      responses: ok(z.object({ credential: z.array(credentialInfo) })),
    }),
    async (c) => {
      const provider = pickProvider(c.req.valid("query"));
      const list = (await tenantBarista(c).credentials.list()).filter((s) => !provider || s.provider === provider);
      return c.json({ credential: list.map(toCredentialInfo) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/credential/{CredentialName}",
      tags,
      request: { params: z.object({ CredentialName: nameSchema }) },
      responses: ok(credentialInfo),
    }),
    async (c) =>
      c.json(toCredentialInfo(await tenantBarista(c).credentials.get(c.req.valid("param").CredentialName)), 200),
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/spider/credential/{CredentialName}",
      tags,
      request: { params: z.object({ CredentialName: nameSchema }) },
      responses: ok(booleanInfoSchema),
    }),
    async (c) => {
      await tenantBarista(c).credentials.remove(c.req.valid("param").CredentialName);
      return c.json(done, 200);
    },
  );

  // Regions
  app.openapi(
    createRoute({
      method: "post",
      path: "/spider/region",
      tags,
      summary: "Registers a region: KeyValueInfoList keys Region and Zone",
      request: { body: jsonBody(regionInfo) },
      responses: ok(regionInfo),
    }),
    async (c) => {
      const body = c.req.valid("json");
      const value = (key: string) =>
        body.KeyValueInfoList.find((kv) => kv.Key.toLowerCase() === key.toLowerCase())?.Value;
      const region = value("Region");
      if (!region) throw badRequest("KeyValueInfoList", 'needs a "Region" key', "required");
      const zone = value("Zone") ?? body.AvailableZoneList?.[0];
      const added = await tenantBarista(c).regions.add({
        name: body.RegionName,
        provider: body.ProviderName,
        region,
        ...(zone ? { zone } : {}),
      });
      return c.json(toRegionInfo(added), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/region",
      tags,
      request: { query: providerQuery },
      responses: ok(z.object({ region: z.array(regionInfo) })),
    }),
    async (c) => {
      const provider = pickProvider(c.req.valid("query"));
      const list = (await tenantBarista(c).regions.list()).filter((r) => !provider || r.provider === provider);
      return c.json({ region: list.map(toRegionInfo) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/region/{RegionName}",
      tags,
      request: { params: z.object({ RegionName: nameSchema }) },
      responses: ok(regionInfo),
    }),
    async (c) => c.json(toRegionInfo(await tenantBarista(c).regions.get(c.req.valid("param").RegionName)), 200),
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/spider/region/{RegionName}",
      tags,
      request: { params: z.object({ RegionName: nameSchema }) },
      responses: ok(booleanInfoSchema),
    }),
    async (c) => {
      await tenantBarista(c).regions.remove(c.req.valid("param").RegionName);
      return c.json(done, 200);
    },
  );

  // Connection configs
  app.openapi(
    createRoute({
      method: "post",
      path: "/spider/connectionconfig",
      tags,
      summary: "Registers a connection config: a driver, a credential and a region of one provider",
      request: { body: jsonBody(connectionInfo.partial({ ProviderName: true })) },
      responses: ok(connectionInfo),
    }),
    async (c) => {
      const body = c.req.valid("json");
      const barista = tenantBarista(c);
      const provider = barista.drivers.get(body.DriverName).provider;
      if (body.ProviderName !== undefined && body.ProviderName !== provider) {
        throw badRequest("ProviderName", `is ${body.ProviderName}, the driver is for ${provider}`, "provider-match");
      }
      const config = await barista.connections.add({
        name: body.ConfigName,
        driver: body.DriverName,
        credential: body.CredentialName,
        region: body.RegionName,
      });
      return c.json(toConnectionInfo(barista, config), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/connectionconfig",
      tags,
      request: { query: providerQuery },
      responses: ok(z.object({ connectionconfig: z.array(connectionInfo) })),
    }),
    async (c) => {
      const provider = pickProvider(c.req.valid("query"));
      const barista = tenantBarista(c);
      const list = (await barista.connections.list()).map((x) => toConnectionInfo(barista, x));
      return c.json({ connectionconfig: list.filter((x) => !provider || x.ProviderName === provider) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/connectionconfig/{ConfigName}",
      tags,
      request: { params: z.object({ ConfigName: nameSchema }) },
      responses: ok(connectionInfo),
    }),
    async (c) => {
      const barista = tenantBarista(c);
      return c.json(toConnectionInfo(barista, await barista.connections.get(c.req.valid("param").ConfigName)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/spider/connectionconfig/{ConfigName}",
      tags,
      request: {
        params: z.object({ ConfigName: nameSchema }),
        query: z.object({ force: z.enum(["true", "false"]).optional() }),
      },
      responses: ok(booleanInfoSchema),
    }),
    async (c) => {
      await tenantBarista(c).connections.remove(c.req.valid("param").ConfigName, {
        force: c.req.valid("query").force === "true",
      });
      return c.json(done, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/countconnectionconfig",
      tags,
      responses: ok(z.object({ count: z.number().int() })),
    }),
    async (c) => c.json({ count: (await tenantBarista(c).connections.list()).length }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/countconnectionconfig/{ProviderName}",
      tags,
      request: { params: z.object({ ProviderName: providerSchema }) },
      responses: ok(z.object({ count: z.number().int() })),
    }),
    async (c) => {
      const barista = tenantBarista(c);
      const { ProviderName } = c.req.valid("param");
      const configs = (await barista.connections.list()).map((x) => toConnectionInfo(barista, x));
      return c.json({ count: configs.filter((x) => x.ProviderName === ProviderName).length }, 200);
    },
  );
}
