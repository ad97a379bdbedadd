import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { SubnetInfo, VpcInfo } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { HttpError, badRequest } from "../http/errors.js";
import { bodyCall, createCall, queryCall } from "./call-kit.js";
import { str, toIid, toKeyValues, toTags } from "./convert.js";
import { deleteConnection } from "./context.js";
import { deleteOrForget, resourceFamilyRoutes } from "./resource-kit.js";
import { ok, optionalJsonBody } from "./route-kit.js";
import {
  booleanInfoSchema,
  connectionNameSchema,
  deleteBody,
  deleteQuery,
  idTransformModeSchema,
  iidSchema,
  keyValueListSchema,
  keyValueSchema,
  nameSchema,
} from "./schemas.js";

const tag = "VPC";

export const subnetInfoSchema = z
  .object({
    IId: iidSchema,
    Zone: z.string(),
    IPv4_CIDR: z.string(),
    TagList: z.array(keyValueSchema),
    KeyValueList: z.array(keyValueSchema),
  })
  .openapi("SubnetInfo");
export const vpcInfoSchema = z
  .object({
    IId: iidSchema,
    IPv4_CIDR: z.string(),
    SubnetInfoList: z.array(subnetInfoSchema),
    TagList: z.array(keyValueSchema),
    KeyValueList: z.array(keyValueSchema),
  })
  .openapi("VPCInfo");

const subnetRequest = z.object({
  Name: nameSchema,
  Zone: z.string().max(128).optional(),
  IPv4_CIDR: z.string().min(1).max(64),
  TagList: keyValueListSchema.optional(),
});
const subnetAddBody = z
  .object({ ConnectionName: connectionNameSchema, IDTransformMode: idTransformModeSchema, ReqInfo: subnetRequest })
  .openapi("SubnetAddRequest");

const toSubnet = (s: SubnetInfo) => ({
  IId: toIid(s.iid),
  Zone: str(s.zone),
  IPv4_CIDR: str(s.ipv4Cidr),
  TagList: toKeyValues(s.tags),
  KeyValueList: toKeyValues({ ...s.extra, ...(s.ipv6Cidr ? { IPv6_CIDR: s.ipv6Cidr } : {}) }),
});

export const toVpc = (v: VpcInfo) => ({
  IId: toIid(v.iid),
  IPv4_CIDR: str(v.ipv4Cidr),
  SubnetInfoList: v.subnets.map(toSubnet),
  TagList: toKeyValues(v.tags),
  KeyValueList: toKeyValues(v.extra),
});

const toSubnetRequest = (s: z.infer<typeof subnetRequest>, field: string) => {
  const tags = toTags(s.TagList, `${field}.TagList`);
  return { name: s.Name, ipv4Cidr: s.IPv4_CIDR, ...(s.Zone ? { zone: s.Zone } : {}), ...(tags && { tags }) };
};

/** VPCs and their subnets: create, list, get, delete, add and remove a subnet, register, list-all. */
export function vpcRoutes(app: OpenAPIHono<ServerEnv>): void {
  createCall(app, {
    path: "/spider/vpc",
    tag,
    summary: "Creates a VPC with its subnets",
    requestName: "VPCCreateRequest",
    reqInfo: {
      Name: nameSchema,
      IPv4_CIDR: z.string().max(64).optional(),
      SubnetInfoList: z.array(subnetRequest).max(64),
      TagList: keyValueListSchema.optional(),
    },
    info: vpcInfoSchema,
    toSpider: toVpc,
    create: (conn, req, tags) =>
      conn.vpc.create({
        name: req.Name,
        ...(req.IPv4_CIDR ? { ipv4Cidr: req.IPv4_CIDR } : {}),
        subnets: req.SubnetInfoList.map((s, i) => toSubnetRequest(s, `ReqInfo.SubnetInfoList.${i}`)),
        ...(tags && { tags }),
      }),
  });
  resourceFamilyRoutes(app, {
    path: "vpc",
    listKey: "vpc",
    tag,
    info: vpcInfoSchema,
    service: (conn) => conn.vpc,
    toSpider: toVpc,
  });
  bodyCall(app, {
    method: "post",
    path: "/spider/vpc/{VPCName}/subnet",
    tag,
    summary: "Adds a subnet to a VPC; answers the VPC",
    params: z.object({ VPCName: nameSchema }),
    body: subnetAddBody,
    answer: vpcInfoSchema,
    run: async (conn, body, { VPCName }) =>
      toVpc(await conn.vpc.addSubnet(VPCName, toSubnetRequest(body.ReqInfo, "ReqInfo"))),
  });
  queryCall(app, {
    path: "/spider/vpc/{VPCName}/subnet/{Name}",
    tag,
    params: z.object({ VPCName: nameSchema, Name: nameSchema }),
    answer: subnetInfoSchema,
    run: async (conn, { VPCName, Name }) => {
      const subnet = (await conn.vpc.get(VPCName)).subnets.find((s) => s.iid.nameId === Name);
      if (!subnet)
        throw new HttpError(404, { message: `subnet "${Name}" not found in VPC "${VPCName}"`, code: "NotFound" });
      return toSubnet(subnet);
    },
  });
  app.openapi(
    createRoute({
      method: "delete",
      path: "/spider/vpc/{VPCName}/subnet/{SubnetName}",
      tags: [tag],
      request: {
        params: z.object({ VPCName: nameSchema, SubnetName: nameSchema }),
        query: deleteQuery,
        body: optionalJsonBody(deleteBody),
      },
      responses: ok(booleanInfoSchema),
    }),
    async (c) => {
      const query = c.req.valid("query");
      const conn = await deleteConnection(c, query, c.req.valid("json"));
      const { VPCName, SubnetName } = c.req.valid("param");
      await deleteOrForget(
        query.force === "true",
        () => conn.vpc.removeSubnet(VPCName, SubnetName),
        () => conn.vpc.unregisterSubnet(VPCName, SubnetName),
      );
      return c.json({ Result: "true" as const }, 200);
    },
  );
  bodyCall(app, {
    method: "post",
    path: "/spider/regsubnet",
    tag,
    summary: "Registers an existing subnet of a registered VPC",
    body: z.object({
      ConnectionName: connectionNameSchema,
      ReqInfo: z.object({
        Name: nameSchema,
        Zone: z.string().max(128).optional(),
        VPCName: nameSchema,
        CSPId: z.string().min(1).max(512),
      }),
    }),
    answer: subnetInfoSchema,
    run: async (conn, { ReqInfo: r }) =>
      toSubnet(await conn.vpc.registerSubnet(r.VPCName, { name: r.Name, systemId: r.CSPId })),
  });
  bodyCall(app, {
    method: "delete",
    path: "/spider/regsubnet/{Name}",
    tag,
    params: z.object({ Name: nameSchema }),
    body: z.object({ ConnectionName: connectionNameSchema, ReqInfo: z.object({ VPCName: nameSchema }) }),
    answer: booleanInfoSchema,
    run: async (conn, { ReqInfo }, { Name }) => {
      if (!ReqInfo.VPCName) throw badRequest("ReqInfo.VPCName", "is required", "required");
      await conn.vpc.unregisterSubnet(ReqInfo.VPCName, Name);
      return { Result: "true" as const };
    },
  });
}
