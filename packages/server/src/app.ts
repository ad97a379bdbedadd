import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { noopLogger } from "@cloud-barista/core";
import type { Logger } from "@cloud-barista/core";
import { defaultDriverFactory } from "./drivers.js";
import type { DriverFactory } from "./drivers.js";
import type { ServerEnv } from "./http/env.js";
import { HttpError, onError } from "./http/errors.js";
import { responseValidation } from "./http/response-validation.js";
import { requireTenant } from "./http/tenancy.js";
import type { TenantResolver } from "./http/tenancy.js";
import { validationHook } from "./http/validation.js";
import { systemRoutes } from "./spider/system-routes.js";
import { spiderRoutes } from "./spider/routes.js";
import { mcisRoutes } from "./mcis/routes.js";
import type { McisRoutesOptions } from "./mcis/routes.js";
import { pageRoutes } from "./mcis/page-routes.js";
import { serverVersion } from "./version.js";

/** What `createServerApp` needs: how requests map to tenants, and the HTTP limits. */
export interface ServerAppOptions {
  /** Maps a request's token (or Basic user) to its tenant; see `tenantsByToken`. */
  tenants: TenantResolver;
  /** Origins allowed to call the API from a browser; absent (the default): no CORS headers at all. */
  cors?: { origins: readonly string[] };
  /** Largest request body accepted (default 1 MiB); a larger one gets 413. */
  bodyLimitBytes?: number;
  /** Where the server logs refusals and failures (never secrets or bodies). Default: nothing. */
  logger?: Logger;
  /** A path prefix for every route (e.g. "/cb"), for a host that forwards whole URLs to `app.fetch`. */
  basePath?: string;
  /** Makes the driver `POST /spider/driver` registers for a provider (default: `defaultDriverFactory()`). */
  drivers?: DriverFactory;
  /**
   * Check every 200 JSON answer against its route's declared schema (a mismatch becomes a 500).
   * Costs a parse per answer: default off; the tests turn it on.
   */
  validateResponses?: boolean;
  /** The MCIS API's options: each tenant's MCIS service settings and metric store. */
  mcis?: McisRoutesOptions;
}

/** The largest request body accepted unless `bodyLimitBytes` says otherwise: 1 MiB. */
export const defaultBodyLimitBytes = 1024 * 1024;

/** The prefixes of the API routes that need a tenant (the page and the OpenAPI document do not). */
export const tenantPrefixes = ["/spider", "/tumblebug"] as const;

/**
 * The server as a Hono app: `app.fetch` is a fetch handler (serverless hosts, Deno, Bun), `serve`
 * runs it on node:http, and `parent.route("/prefix", app)` mounts it into another Hono app.
 */
export function createServerApp(options: ServerAppOptions): OpenAPIHono<ServerEnv> {
  const logger = options.logger ?? noopLogger;
  const limit = options.bodyLimitBytes ?? defaultBodyLimitBytes;
  const root = new OpenAPIHono<ServerEnv>({ defaultHook: validationHook });
  const app = options.basePath ? root.basePath(options.basePath) : root;
  app.onError(onError);
  app.notFound((c) => c.json({ message: `no route for ${c.req.method} ${c.req.path}`, code: "NotFound" }, 404));

  const drivers = options.drivers ?? defaultDriverFactory();
  let requests = 0;
  app.use("*", async (c, next) => {
    c.set("logger", logger);
    c.set("drivers", drivers);
    c.set("requestId", (++requests).toString(36));
    await next();
  });
  if (options.validateResponses) app.use("*", responseValidation(app));
  if (options.cors) {
    const origins = [...options.cors.origins];
    app.use("*", cors({ origin: origins, allowHeaders: ["Authorization", "Content-Type"], maxAge: 600 }));
  }
  app.use(
    "*",
    bodyLimit({
      maxSize: limit,
      onError: () => {
        throw new HttpError(413, {
          message: `request body over ${limit} bytes`,
          code: "InvalidArgument",
          field: "body",
          rule: "max-size",
        });
      },
    }),
  );

  // Registered before the tenant check: Spider serves health and version without credentials.
  systemRoutes(app);
  const tenant = requireTenant(options.tenants);
  for (const prefix of tenantPrefixes) {
    app.use(prefix, tenant);
    app.use(`${prefix}/*`, tenant);
  }
  spiderRoutes(app);
  mcisRoutes(app, options.mcis);
  pageRoutes(app);

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Cloud-Barista server",
      version: serverVersion,
      description: "A CB-Spider-compatible REST API (/spider) and an MCIS API (/tumblebug) over the Cloud-Barista SDK",
    },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.openAPIRegistry.registerComponent("securitySchemes", "basic", { type: "http", scheme: "basic" });
  return app;
}
