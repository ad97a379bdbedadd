import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ServerEnv, Tenant } from "../http/env.js";
import { mcisCrudRoutes } from "./mcis-routes.js";
import { monitorRoutes } from "./monitor-routes.js";
import type { MetricsOfTenant } from "./monitor-routes.js";
import { operationRoutes } from "./operation-routes.js";
import { recommendRoutes } from "./recommend-routes.js";
import { TenantStates } from "./tenant-state.js";
import type { TenantServiceOptions } from "./tenant-state.js";

/** The MCIS API's options: each tenant's MCIS service settings and metric store. */
export interface McisRoutesOptions {
  /**
   * Options of each tenant's MCIS service (concurrency, poll interval, timeouts, quotas), or a
   * function giving them per tenant (e.g. an `onPrivateKey` that files keys under the tenant).
   */
  service?: TenantServiceOptions | ((tenant: Tenant) => TenantServiceOptions);
  /** Each tenant's metric store, for the monitoring queries (absent: they answer 501). */
  metrics?: MetricsOfTenant;
}

/**
 * The Tumblebug-style MCIS API under /tumblebug: namespaces, MCIS create (dynamic and static),
 * get, list, control, scale-out and delete; long work as operations followed over SSE; placement
 * recommendation; the monitor's queries. Everything is the request's tenant's (`c.get("tenant")`).
 */
export function mcisRoutes(app: OpenAPIHono<ServerEnv>, options: McisRoutesOptions = {}): void {
  const states = new TenantStates(options.service);
  mcisCrudRoutes(app, states);
  operationRoutes(app, states);
  recommendRoutes(app);
  monitorRoutes(app, states, options.metrics);
}
