import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { TrackedType } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { deleteConnection } from "./context.js";
import { ok, optionalJsonBody } from "./route-kit.js";
import { spiderTypeName } from "./resource-type-names.js";
import { connectionNameSchema, deleteBody, deleteQuery, iidSchema } from "./schemas.js";

/** Spider's count routes and the resource type each counts. */
const counted: Record<string, TrackedType> = {
  vpc: "vpc",
  subnet: "subnet",
  securitygroup: "securityGroup",
  keypair: "keyPair",
  vm: "vm",
  disk: "disk",
  myimage: "myImage",
  nlb: "nlb",
  cluster: "cluster",
};

/** Tracked resources of a type, in one connection or all of the tenant's (read from the store, not the cloud). */
async function count(c: Context<ServerEnv>, type: TrackedType, connection?: string): Promise<number> {
  const barista = c.get("tenant").barista;
  const names = connection === undefined ? (await barista.connections.list()).map((x) => x.name) : [connection];
  if (connection !== undefined) await barista.connections.get(connection); // 404 for a name not the tenant's
  let total = 0;
  for (const name of names) {
    total += (await barista.shared.iids.listConnection(name)).filter((r) => r.resourceType === type).length;
  }
  return total;
}

const destroyed = z
  .object({
    IsAllDestroyed: z.boolean(),
    DeletedAllListByResourceType: z.array(
      z.object({
        ResourceType: z.string(),
        IsAllDeleted: z.boolean(),
        DeletedIIDList: z.array(iidSchema),
        RemainedErrorInfoList: z.array(z.object({ Name: z.string(), ErrorMsg: z.string() })),
      }),
    ),
  })
  .openapi("DestroyedInfo");

/** Counts of tracked resources (`/count<type>[/{ConnectionName}]`) and `/destroy` of a whole connection. */
export function utilityRoutes(app: OpenAPIHono<ServerEnv>): void {
  for (const [path, type] of Object.entries(counted)) {
    app.openapi(
      createRoute({
        method: "get",
        path: `/spider/count${path}`,
        tags: ["Utility"],
        summary: `How many ${path} resources the tenant's connections track`,
        responses: ok(z.object({ count: z.number().int() })),
      }),
      async (c) => c.json({ count: await count(c, type) }, 200),
    );
    app.openapi(
      createRoute({
        method: "get",
        path: `/spider/count${path}/{ConnectionName}`,
        tags: ["Utility"],
        request: { params: z.object({ ConnectionName: connectionNameSchema }) },
        responses: ok(z.object({ count: z.number().int() })),
      }),
      async (c) => c.json({ count: await count(c, type, c.req.valid("param").ConnectionName) }, 200),
    );
  }
  app.openapi(
    createRoute({
      method: "delete",
      path: "/spider/destroy",
      tags: ["Utility"],
      summary: "Deletes every resource of a connection, dependents first",
      request: { query: deleteQuery.pick({ ConnectionName: true }), body: optionalJsonBody(deleteBody) },
      responses: ok(destroyed),
    }),
    async (c) => {
      const conn = await deleteConnection(c, c.req.valid("query"), c.req.valid("json"));
      const report = await conn.destroyAll();
      return c.json(
        {
          IsAllDestroyed: report.allDestroyed,
          DeletedAllListByResourceType: report.byType.map((t) => ({
            ResourceType: spiderTypeName[t.resourceType],
            IsAllDeleted: t.remaining.length === 0,
            DeletedIIDList: t.deleted.map((name) => ({ NameId: name, SystemId: "" })),
            RemainedErrorInfoList: t.remaining.map((r) => ({ Name: r.name, ErrorMsg: r.error })),
          })),
        },
        200,
      );
    },
  );
}
