import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { SubnetInfo, VpcInfo } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { badRequest } from "../http/errors.js";
import { str, toIid, toKeyValues, toTags } from "./convert.js";
import { connectionOf, deleteConnection } from "./context.js";
import { deleteOrForget, resourceFamilyRoutes } from "./resource-kit.js";
import { jsonBody, ok, optionalJsonBody } from "./route-kit.js";
import {
  booleanInfoSchema,
  connectionNameSchema,
  connectionQuery,
  deleteBody,
  deleteQuery,
  idTransformModeSchema,
  iidSchema,
  keyValueListSchema,
  keyValueSchema,
  nameSchema,
} from "./schemas.js";
import { checkIdTransform } from "./id-transform.js";

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
const vpcCreateBody = z
  .object({
    ConnectionName: connectionNameSchema,
    IDTransformMode: idTransformModeSchema,
    ReqInfo: z.object({
      Name: nameSchema,
      IPv4_CIDR: z.string().max(64).optional(),
      SubnetInfoList: z.array(subnetRequest).max(64),
      TagList: keyValueListSchema.optional(),
    }),
  })
  .openapi("VPCCreateRequest");
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
  app.openapi(
    createRoute({
      method: "post",
      path: "/spider/vpc",
      tags: [tag],
      summary: "Creates a VPC with its subnets",
      request: { body: jsonBody(vpcCreateBody) },
      responses: ok(vpcInfoSchema),
    }),
    async (c) => {
      const body = c.req.valid("json");
      checkIdTransform(body.IDTransformMode);
      const conn = await connectionOf(c, body.ConnectionName);
      const req = body.ReqInfo;
      const tags = toTags(req.TagList, "ReqInfo.TagList");
      const vpc = await conn.vpc.create({
        name: req.Name,
        ...(req.IPv4_CIDR ? { ipv4Cidr: req.IPv4_CIDR } : {}),
        subnets: req.SubnetInfoList.map((s, i) => toSubnetRequest(s, `ReqInfo.SubnetInfoList.${i}`)),
        ...(tags && { tags }),
      });
      return c.json(toVpc(vpc), 200);
    },
  );
  resourceFamilyRoutes(app, {
    path: "vpc",
    listKey: "vpc",
    tag,
    info: vpcInfoSchema,
    service: (conn) => conn.vpc,
    toSpider: toVpc,
  });
  app.openapi(
    createRoute({
      method: "post",
      path: "/spider/vpc/{VPCName}/subnet",
      tags: [tag],
      summary: "Adds a subnet to a VPC; answers the VPC",
      request: { params: z.object({ VPCName: nameSchema }), body: jsonBody(subnetAddBody) },
      responses: ok(vpcInfoSchema),
    }),
    async (c) => {
      const body = c.req.valid("json");
      checkIdTransform(body.IDTransformMode);
      const conn = await connectionOf(c, body.ConnectionName);
      const vpc = await conn.vpc.addSubnet(c.req.valid("param").VPCName, toSubnetRequest(body.ReqInfo, "ReqInfo"));
      return c.json(toVpc(vpc), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/vpc/{VPCName}/subnet/{Name}",
      tags: [tag],
      request: { params: z.object({ VPCName: nameSchema, Name: nameSchema }), query: connectionQuery },
      responses: ok(subnetInfoSchema),
    }),
    async (c) => {
      const conn = await connectionOf(c, c.req.valid("query").ConnectionName);
      const { VPCName, Name } = c.req.valid("param");
      const subnet = (await conn.vpc.get(VPCName)).subnets.find((s) => s.iid.nameId === Name);
      if (!subnet) return c.json({ message: `subnet "${Name}" not found in VPC "${VPCName}"`, code: "NotFound" }, 404);
      return c.json(toSubnet(subnet), 200);
    },
  );
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
  const subnetRegisterBody = z.object({
    ConnectionName: connectionNameSchema,
    ReqInfo: z.object({
      Name: nameSchema,
      Zone: z.string().max(128).optional(),
      VPCName: nameSchema,
      CSPId: z.string().min(1).max(512),
    }),
  });
  app.openapi(
    createRoute({
      method: "post",
      path: "/spider/regsubnet",
      tags: [tag],
      summary: "Registers an existing subnet of a registered VPC",
      request: { body: jsonBody(subnetRegisterBody) },
      responses: ok(subnetInfoSchema),
    }),
    async (c) => {
      const body = c.req.valid("json");
      const conn = await connectionOf(c, body.ConnectionName);
      const subnet = await conn.vpc.registerSubnet(body.ReqInfo.VPCName, {
        name: body.ReqInfo.Name,
        systemId: body.ReqInfo.CSPId,
      });
      return c.json(toSubnet(subnet), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/spider/regsubnet/{Name}",
      tags: [tag],
      request: {
        params: z.object({ Name: nameSchema }),
        body: jsonBody(z.object({ ConnectionName: connectionNameSchema, ReqInfo: z.object({ VPCName: nameSchema }) })),
      },
      responses: ok(booleanInfoSchema),
    }),
    async (c) => {
      const body = c.req.valid("json");
      const conn = await connectionOf(c, body.ConnectionName);
      if (!body.ReqInfo.VPCName) throw badRequest("ReqInfo.VPCName", "is required", "required");
      await conn.vpc.unregisterSubnet(body.ReqInfo.VPCName, c.req.valid("param").Name);
      return c.json({ Result: "true" as const }, 200);
    },
  );
}
