import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ImageInfo, PriceInfo, RegionZoneInfo, VmSpecInfo } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { badRequest } from "../http/errors.js";
import { collectAll, str, toKeyValues } from "./convert.js";
import { connectionOf } from "./context.js";
import { ok, optionalJsonBody } from "./route-kit.js";
import { connectionNameSchema, connectionQuery, iidSchema, keyValueSchema, nameSchema } from "./schemas.js";

const tags = ["Region/Zone, image, spec and price"];

const zoneInfo = z.object({
  Name: z.string(),
  DisplayName: z.string(),
  CSPDisplayName: z.string(),
  Status: z.enum(["Available", "Unavailable", "StatusNotSupported"]),
});
const regionZoneInfo = z
  .object({
    Name: z.string(),
    DisplayName: z.string(),
    CSPDisplayName: z.string(),
    ZoneList: z.array(zoneInfo),
    KeyValueList: z.array(keyValueSchema),
  })
  .openapi("RegionZoneInfo");
const imageInfo = z
  .object({
    IId: iidSchema,
    Name: z.string(),
    OSArchitecture: z.string(),
    OSPlatform: z.string(),
    OSDistribution: z.string(),
    OSDiskType: z.string(),
    OSDiskSizeGB: z.string(),
    ImageStatus: z.string(),
    KeyValueList: z.array(keyValueSchema),
  })
  .openapi("ImageInfo");
const specInfo = z
  .object({
    Region: z.string(),
    Name: z.string(),
    VCpu: z.object({ Count: z.string(), ClockGHz: z.string() }),
    MemSizeMiB: z.string(),
    DiskSizeGB: z.string(),
    Gpu: z.array(
      z.object({
        Count: z.string(),
        Mfr: z.string(),
        Model: z.string(),
        MemSizeGB: z.string(),
        TotalMemSizeGB: z.string(),
      }),
    ),
    KeyValueList: z.array(keyValueSchema),
  })
  .openapi("VMSpecInfo");
const priceItem = z.object({
  ZoneName: z.string().optional(),
  ProductInfo: z.object({
    ProductId: z.string(),
    VMSpecName: z.string().optional(),
    VMSpecInfo: specInfo.optional(),
    Description: z.string(),
  }),
  PriceInfo: z.object({
    OnDemand: z.object({
      PricingId: z.string(),
      Unit: z.string(),
      Currency: z.string(),
      Price: z.string(),
      Description: z.string(),
    }),
  }),
});
const cloudPrice = z
  .object({
    Meta: z.object({ Version: z.string(), Description: z.string() }),
    CloudName: z.string(),
    RegionName: z.string(),
    PriceList: z.array(priceItem),
  })
  .openapi("CloudPrice");

export const toRegionZone = (r: RegionZoneInfo) => ({
  Name: r.name,
  DisplayName: r.displayName,
  CSPDisplayName: r.displayName,
  ZoneList: r.zones.map((z) => ({
    Name: z.name,
    DisplayName: z.displayName,
    CSPDisplayName: z.displayName,
    Status: z.status === "Unknown" ? ("StatusNotSupported" as const) : z.status,
  })),
  KeyValueList: r.location
    ? [
        { Key: "Latitude", Value: String(r.location.latitude) },
        { Key: "Longitude", Value: String(r.location.longitude) },
      ]
    : [],
});

const toImage = (i: ImageInfo) => ({
  IId: { NameId: i.id, SystemId: i.id },
  Name: i.name,
  OSArchitecture: i.osArchitecture,
  OSPlatform: i.osPlatform,
  OSDistribution: i.osDistribution,
  OSDiskType: i.osDiskType ?? "NA",
  OSDiskSizeGB: i.osDiskSizeGB === undefined ? "-1" : String(i.osDiskSizeGB),
  ImageStatus: i.status,
  KeyValueList: toKeyValues(i.extra),
});

export const toSpec = (s: VmSpecInfo) => ({
  Region: s.region,
  Name: s.name,
  VCpu: { Count: String(s.vcpu.count), ClockGHz: s.vcpu.clockGHz === undefined ? "-1" : String(s.vcpu.clockGHz) },
  MemSizeMiB: String(s.memorySizeMiB),
  DiskSizeGB: s.diskSizeGB === undefined ? "-1" : String(s.diskSizeGB),
  Gpu: s.gpus.map((g) => ({
    Count: String(g.count),
    Mfr: g.manufacturer,
    Model: g.model,
    MemSizeGB: g.memorySizeGB === undefined ? "-1" : String(g.memorySizeGB),
    TotalMemSizeGB: g.totalMemorySizeGB === undefined ? "-1" : String(g.totalMemorySizeGB),
  })),
  KeyValueList: [{ Key: "Architecture", Value: s.architecture }, ...toKeyValues(s.extra)],
});

/** The product family Spider asks each cloud for VM prices under. */
const vmFamily: Record<string, string> = {
  AWS: "Compute Instance",
  MOCK: "Compute Instance",
  AZURE: "Compute",
  GCP: "Compute",
  ALIBABA: "ecs",
  TENCENT: "cvm",
  IBM: "is.instance",
  OPENSTACK: "Compute",
};

function toPrice(p: PriceInfo, spec: VmSpecInfo | undefined, simple: boolean) {
  return {
    ...(p.zone === undefined ? {} : { ZoneName: p.zone }),
    ProductInfo: {
      ProductId: p.onDemand.pricingId ?? `${p.region}/${p.specName}`,
      ...(simple || !spec ? { VMSpecName: p.specName } : { VMSpecInfo: toSpec(spec) }),
      Description: p.source,
    },
    PriceInfo: {
      OnDemand: {
        PricingId: str(p.onDemand.pricingId),
        Unit: p.onDemand.unit,
        Currency: p.onDemand.currency,
        Price: String(p.onDemand.price),
        Description: `retrieved ${p.retrievedAt.toISOString()}`,
      },
    },
  };
}

const priceQuery = z.object({ ConnectionName: connectionNameSchema.optional(), simple: z.string().optional() });
const priceBody = z.object({ ConnectionName: connectionNameSchema.optional() });

async function priceAnswer(
  c: Context<ServerEnv>,
  region: string,
  query: z.infer<typeof priceQuery>,
  body: z.infer<typeof priceBody> | undefined,
) {
  const conn = await connectionOf(c, query.ConnectionName ?? body?.ConnectionName);
  if (region !== conn.region) {
    throw badRequest("RegionName", `this connection answers prices of its own region (${conn.region}) only`, "region");
  }
  const simple = query.simple !== undefined && query.simple !== "false";
  const prices = await collectAll(conn.metadata.prices());
  const specs = simple
    ? new Map<string, VmSpecInfo>()
    : new Map((await collectAll(conn.metadata.specs())).map((s) => [s.name, s]));
  return {
    Meta: { Version: "0.5", Description: "Multi-Cloud Price Info" },
    CloudName: conn.provider,
    RegionName: region,
    PriceList: prices.map((p) => toPrice(p, specs.get(p.specName), simple)),
  };
}

/** Catalog reads: regions and zones, public images, VM specs, product families and VM prices. */
export function catalogRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/regionzone",
      tags,
      request: { query: connectionQuery },
      responses: ok(z.object({ regionzone: z.array(regionZoneInfo) })),
    }),
    async (c) => {
      const conn = await connectionOf(c, c.req.valid("query").ConnectionName);
      return c.json({ regionzone: (await collectAll(conn.metadata.regionZones())).map(toRegionZone) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/regionzone/{Name}",
      tags,
      request: { params: z.object({ Name: nameSchema }), query: connectionQuery },
      responses: ok(regionZoneInfo),
    }),
    async (c) => {
      const conn = await connectionOf(c, c.req.valid("query").ConnectionName);
      const { Name } = c.req.valid("param");
      const found = (await collectAll(conn.metadata.regionZones())).find((r) => r.name === Name);
      if (!found) return c.json({ message: `region "${Name}" not found`, code: "NotFound" }, 404);
      return c.json(toRegionZone(found), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/vmimage",
      tags,
      request: { query: connectionQuery },
      responses: ok(z.object({ image: z.array(imageInfo) })),
    }),
    async (c) => {
      const conn = await connectionOf(c, c.req.valid("query").ConnectionName);
      return c.json({ image: (await collectAll(conn.metadata.images())).map(toImage) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/vmimage/{Name}",
      tags,
      request: { params: z.object({ Name: z.string().min(1).max(512) }), query: connectionQuery },
      responses: ok(imageInfo),
    }),
    async (c) => {
      const conn = await connectionOf(c, c.req.valid("query").ConnectionName);
      return c.json(toImage(await conn.metadata.image(c.req.valid("param").Name)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/vmspec",
      tags,
      request: { query: connectionQuery },
      responses: ok(z.object({ vmspec: z.array(specInfo) })),
    }),
    async (c) => {
      const conn = await connectionOf(c, c.req.valid("query").ConnectionName);
      return c.json({ vmspec: (await collectAll(conn.metadata.specs())).map(toSpec) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/vmspec/{Name}",
      tags,
      request: { params: z.object({ Name: z.string().min(1).max(256) }), query: connectionQuery },
      responses: ok(specInfo),
    }),
    async (c) => {
      const conn = await connectionOf(c, c.req.valid("query").ConnectionName);
      return c.json(toSpec(await conn.metadata.spec(c.req.valid("param").Name)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/productfamily/{RegionName}",
      tags,
      request: { params: z.object({ RegionName: nameSchema }), query: connectionQuery },
      responses: ok(z.object({ productfamily: z.array(z.string()) })),
    }),
    async (c) => {
      const conn = await connectionOf(c, c.req.valid("query").ConnectionName);
      return c.json({ productfamily: [vmFamily[conn.provider] ?? "Compute"] }, 200);
    },
  );
  for (const method of ["get", "post"] as const) {
    app.openapi(
      createRoute({
        method,
        path: "/spider/priceinfo/vm/{RegionName}",
        tags,
        summary: "On-demand VM prices of the connection's region (`simple` gives spec names, not spec infos)",
        request: {
          params: z.object({ RegionName: nameSchema }),
          query: priceQuery,
          ...(method === "post" && { body: optionalJsonBody(priceBody) }),
        },
        responses: ok(cloudPrice),
      }),
      async (c) => {
        const body =
          method === "post" ? ((await c.req.json().catch(() => ({}))) as z.infer<typeof priceBody>) : undefined;
        const parsed = body === undefined ? undefined : priceBody.safeParse(body);
        if (parsed && !parsed.success) throw badRequest("ConnectionName", "must be a name", "type");
        return c.json(await priceAnswer(c, c.req.valid("param").RegionName, c.req.valid("query"), parsed?.data), 200);
      },
    );
  }
}
