import type { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { ZodType } from "zod";
import type { ServerEnv } from "./env.js";
import { firstIssue } from "./validation.js";

/** "GET /spider/vm/:Name" -> the 200 JSON schema each route declares, from the app's OpenAPI registry. */
function responseSchemas(app: OpenAPIHono<ServerEnv>): Map<string, ZodType> {
  const schemas = new Map<string, ZodType>();
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== "route") continue;
    const { method, path, responses } = definition.route;
    const ok = responses["200"];
    const media = ok && "content" in ok ? ok.content?.["application/json"] : undefined;
    const schema: unknown = media && "schema" in media ? media.schema : undefined;
    if (schema && typeof schema === "object" && "safeParse" in schema) {
      schemas.set(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ":$1")}`, schema as ZodType);
    }
  }
  return schemas;
}

/**
 * Checks every 200 JSON answer against the schema its route declares in the OpenAPI document; an
 * answer that does not match becomes a 500 naming the field, and is logged (field and route only).
 * It parses each answer once more, so it is for tests and staging (`validateResponses: true`).
 */
export function responseValidation(app: OpenAPIHono<ServerEnv>): MiddlewareHandler<ServerEnv> {
  let schemas: Map<string, ZodType> | undefined;
  return async (c, next) => {
    await next();
    if (c.res.status !== 200 || !c.res.headers.get("content-type")?.startsWith("application/json")) return;
    // Built on first use: by then every route module has registered its routes.
    schemas ??= responseSchemas(app);
    const route = routePath(c);
    const schema = schemas.get(`${c.req.method} ${route}`);
    if (!schema) return;
    const result = schema.safeParse(await c.res.clone().json());
    if (result.success) return;
    const { field, message } = firstIssue(result.error);
    c.get("logger").error("response failed its schema", { requestId: c.get("requestId"), route, field });
    c.res = undefined;
    c.res = c.json({ message: `the answer's ${field} ${message}`, code: "Internal", field }, 500);
  };
}
