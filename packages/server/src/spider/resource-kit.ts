import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Connection, Inventory, RegisterRequest } from "@cloud-barista/core";
import { isBaristaError } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { collectAll, toAllList } from "./convert.js";
import { connectionOf, deleteConnection } from "./context.js";
import { jsonBody, ok, optionalJsonBody } from "./route-kit.js";
import {
  allListSchema,
  booleanInfoSchema,
  connectionNameSchema,
  connectionQuery,
  deleteBody,
  deleteQuery,
  nameSchema,
} from "./schemas.js";

/** The calls every tracked resource type's service has. */
export interface TrackedService<TInfo> {
  get(name: string): Promise<TInfo>;
  list(): AsyncIterable<TInfo>;
  delete(name: string): Promise<void>;
  unregister(name: string): Promise<void>;
  register(request: RegisterRequest): Promise<TInfo>;
  inventory(): Promise<Inventory>;
}

export interface ResourceFamily<TInfo, TSchema extends z.ZodType> {
  /** Spider's path segment: "vpc" serves /spider/vpc, /spider/regvpc, /spider/allvpc. */
  path: string;
  /** The key list answers wrap their array in ("vpc", "securitygroup", "myImage"). */
  listKey: string;
  tag: string;
  info: TSchema;
  service: (conn: Connection) => TrackedService<TInfo>;
  toSpider: (info: TInfo) => z.infer<TSchema>;
  /** Extra ReqInfo fields of the register request (a security group's VPCName). */
  registerFields?: Record<string, z.ZodType>;
  register?: (conn: Connection, reqInfo: Record<string, unknown> & { Name: string; CSPId: string }) => Promise<TInfo>;
  /** Spider answers a VM's delete with its status, everything else with {"Result": "true"}. */
  deleteAnswer?: z.ZodType;
  deleteResult?: () => unknown;
  /** Answers hold a credential (a cluster's kubeconfig): no cache on the way may keep them. */
  noStore?: boolean;
}

/** Runs a delete; with `force`, a failing cloud call still forgets the resource (as Spider's force=true). */
export async function deleteOrForget(
  force: boolean,
  remove: () => Promise<void>,
  forget: () => Promise<void>,
): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if (!force || isBaristaError(error, "NotFound")) throw error;
    await forget();
  }
}

/**
 * The routes every Spider resource family has: list, get, delete (with `force`), register and
 * unregister of an existing cloud resource (`/reg<path>`) and the list-all view (`/all<path>`).
 */
export function resourceFamilyRoutes<TInfo, TSchema extends z.ZodType>(
  app: OpenAPIHono<ServerEnv>,
  family: ResourceFamily<TInfo, TSchema>,
): void {
  const { path, listKey, info, service, toSpider } = family;
  const tags = [family.tag];
  const params = z.object({ Name: nameSchema });
  const noStore = (c: Context<ServerEnv>) => {
    if (family.noStore) c.header("Cache-Control", "no-store");
  };
  app.openapi(
    createRoute({
      method: "get",
      path: `/spider/${path}`,
      tags,
      summary: `Lists the connection's ${path} resources`,
      request: { query: connectionQuery },
      responses: ok(z.object({ [listKey]: z.array(info) })),
    }),
    async (c) => {
      const conn = await connectionOf(c, c.req.valid("query").ConnectionName);
      const list = (await collectAll(service(conn).list())).map(toSpider);
      noStore(c);
      return c.json({ [listKey]: list }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: `/spider/${path}/{Name}`,
      tags,
      request: { params, query: connectionQuery },
      responses: ok(info),
    }),
    async (c) => {
      const conn = await connectionOf(c, c.req.valid("query").ConnectionName);
      const info = toSpider(await service(conn).get(c.req.valid("param").Name));
      noStore(c);
      return c.json(info as object, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: `/spider/${path}/{Name}`,
      tags,
      summary: "Deletes it in the cloud; force=true forgets it even when the cloud call fails",
      request: { params, query: deleteQuery, body: optionalJsonBody(deleteBody) },
      responses: ok(family.deleteAnswer ?? booleanInfoSchema),
    }),
    async (c) => {
      const query = c.req.valid("query");
      const conn = await deleteConnection(c, query, c.req.valid("json"));
      const { Name } = c.req.valid("param");
      await deleteOrForget(
        query.force === "true",
        () => service(conn).delete(Name),
        () => service(conn).unregister(Name),
      );
      return c.json(family.deleteResult?.() ?? { Result: "true" }, 200);
    },
  );
  const registerBody = z.object({
    ConnectionName: connectionNameSchema,
    ReqInfo: z.object({ Name: nameSchema, CSPId: z.string().min(1).max(512), ...family.registerFields }),
  });
  app.openapi(
    createRoute({
      method: "post",
      path: `/spider/reg${path}`,
      tags,
      summary: "Registers an existing cloud resource under a name (the cloud is only read)",
      request: { body: jsonBody(registerBody) },
      responses: ok(info),
    }),
    async (c) => {
      const body = c.req.valid("json");
      const conn = await connectionOf(c, body.ConnectionName);
      const reqInfo = body.ReqInfo as Record<string, unknown> & { Name: string; CSPId: string };
      const registered = family.register
        ? await family.register(conn, reqInfo)
        : await service(conn).register({ name: reqInfo.Name, systemId: reqInfo.CSPId });
      noStore(c);
      return c.json(toSpider(registered) as object, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: `/spider/reg${path}/{Name}`,
      tags,
      summary: "Forgets a resource, leaving it in the cloud",
      request: { params, query: deleteQuery, body: optionalJsonBody(deleteBody) },
      responses: ok(booleanInfoSchema),
    }),
    async (c) => {
      const conn = await deleteConnection(c, c.req.valid("query"), c.req.valid("json"));
      await service(conn).unregister(c.req.valid("param").Name);
      return c.json({ Result: "true" as const }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: `/spider/all${path}`,
      tags,
      summary: "Tracked and cloud resources side by side: mapped, only tracked, only in the cloud",
      request: { query: connectionQuery },
      responses: ok(allListSchema),
    }),
    async (c) => {
      const conn = await connectionOf(c, c.req.valid("query").ConnectionName);
      return c.json(toAllList(await service(conn).inventory()), 200);
    },
  );
}
