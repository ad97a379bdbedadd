import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ResourceType } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { badRequest } from "../http/errors.js";
import { collectAll, toIid, toKeyValues } from "./convert.js";
import { connectionOf } from "./context.js";
import { jsonBody, ok } from "./route-kit.js";
import { booleanInfoSchema, connectionNameSchema, iidSchema, keyValueSchema, nameSchema } from "./schemas.js";

const tag = "Tag";

/** Spider's RSType words (any case) as the SDK's resource types. */
const resourceTypes: Record<string, ResourceType> = {
  vpc: "vpc",
  subnet: "subnet",
  sg: "securityGroup",
  securitygroup: "securityGroup",
  key: "keyPair",
  keypair: "keyPair",
  vm: "vm",
  disk: "disk",
  myimage: "myImage",
  nlb: "nlb",
};
const spiderType: Record<ResourceType, string> = {
  vpc: "VPC",
  subnet: "SUBNET",
  securityGroup: "SG",
  keyPair: "KEYPAIR",
  vm: "VM",
  disk: "DISK",
  myImage: "MYIMAGE",
  nlb: "NLB",
};

function resourceType(value: string, field: string): ResourceType {
  const type = resourceTypes[value.toLowerCase()];
  if (!type) throw badRequest(field, `must be one of ${Object.values(spiderType).join(", ")}`, "enum");
  return type;
}

const typeSchema = z.string().min(1).max(32).openapi({ example: "VPC" });
const target = z.object({ ResourceType: typeSchema, ResourceName: nameSchema });
const tagQuery = z.object({ ConnectionName: connectionNameSchema, ResourceType: typeSchema, ResourceName: nameSchema });
const addBody = z.object({
  ConnectionName: connectionNameSchema,
  ReqInfo: target.extend({ Tag: z.object({ Key: z.string().min(1).max(128), Value: z.string().max(256) }) }),
});
const removeBody = z.object({ ConnectionName: connectionNameSchema, ReqInfo: target });
const findBody = z.object({
  ConnectionName: connectionNameSchema,
  ReqInfo: z.object({ ResourceType: typeSchema, Keyword: z.string().max(256) }),
});
const tagInfo = z
  .object({
    ResType: z.string(),
    ResIId: iidSchema,
    TagList: z.array(keyValueSchema),
    KeyValueList: z.array(keyValueSchema),
  })
  .openapi("TagInfo");

/** Tags on a resource: add, list, get, remove; and find across resources. */
export function tagRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/spider/tag",
      tags: [tag],
      request: { body: jsonBody(addBody) },
      responses: ok(keyValueSchema),
    }),
    async (c) => {
      const body = c.req.valid("json");
      const conn = await connectionOf(c, body.ConnectionName);
      const r = body.ReqInfo;
      const added = await conn.tag.add(
        { resourceType: resourceType(r.ResourceType, "ReqInfo.ResourceType"), name: r.ResourceName },
        { key: r.Tag.Key, value: r.Tag.Value },
      );
      return c.json({ Key: added.key, Value: added.value }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/tag",
      tags: [tag],
      request: { query: tagQuery },
      responses: ok(z.object({ tag: z.array(keyValueSchema), resourceType: z.string() })),
    }),
    async (c) => {
      const q = c.req.valid("query");
      const conn = await connectionOf(c, q.ConnectionName);
      const type = resourceType(q.ResourceType, "ResourceType");
      const list = await conn.tag.list({ resourceType: type, name: q.ResourceName });
      return c.json({ tag: list.map((t) => ({ Key: t.key, Value: t.value })), resourceType: spiderType[type] }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/spider/tag/find",
      tags: [tag],
      summary: 'Resources of a type ("ALL" for every type) with a tag key or value containing Keyword ("" or "*": any)',
      request: { body: jsonBody(findBody) },
      responses: ok(z.object({ tag: z.array(tagInfo) })),
    }),
    async (c) => {
      const body = c.req.valid("json");
      const conn = await connectionOf(c, body.ConnectionName);
      const t = body.ReqInfo.ResourceType.toLowerCase();
      const type = t === "all" ? "all" : resourceType(t, "ReqInfo.ResourceType");
      const keyword = body.ReqInfo.Keyword === "*" ? "" : body.ReqInfo.Keyword;
      const found = await collectAll(conn.tag.find(type, keyword));
      return c.json(
        {
          tag: found.map((f) => ({
            ResType: spiderType[f.resourceType],
            ResIId: toIid(f.iid),
            TagList: toKeyValues(f.tags),
            KeyValueList: [],
          })),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/tag/{Key}",
      tags: [tag],
      request: { params: z.object({ Key: z.string().min(1).max(128) }), query: tagQuery },
      responses: ok(keyValueSchema),
    }),
    async (c) => {
      const q = c.req.valid("query");
      const conn = await connectionOf(c, q.ConnectionName);
      const found = await conn.tag.get(
        { resourceType: resourceType(q.ResourceType, "ResourceType"), name: q.ResourceName },
        c.req.valid("param").Key,
      );
      return c.json({ Key: found.key, Value: found.value }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/spider/tag/{Key}",
      tags: [tag],
      request: { params: z.object({ Key: z.string().min(1).max(128) }), body: jsonBody(removeBody) },
      responses: ok(booleanInfoSchema),
    }),
    async (c) => {
      const body = c.req.valid("json");
      const conn = await connectionOf(c, body.ConnectionName);
      await conn.tag.remove(
        {
          resourceType: resourceType(body.ReqInfo.ResourceType, "ReqInfo.ResourceType"),
          name: body.ReqInfo.ResourceName,
        },
        c.req.valid("param").Key,
      );
      return c.json({ Result: "true" as const }, 200);
    },
  );
}
