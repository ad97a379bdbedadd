import { createRoute } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { BaristaError, invalidArgument } from "@cloud-barista/core";
import { queryDragonfly } from "@cloud-barista/monitor";
import type { DragonflyDuration, MetricQuery, MetricQueryResult } from "@cloud-barista/monitor";
import type { ServerEnv, Tenant } from "../http/env.js";
import { mcisParams, metricAnswer, metricName, metricQuery, vmParams } from "./schemas.js";
import type { TenantStates } from "./tenant-state.js";

/** What answers metric queries (the monitor's EmbeddedStore), holding one tenant's metrics only. */
export interface MetricReader {
  /** Answers one Dragonfly-style metric query. */
  query(query: MetricQuery): MetricQueryResult;
}

/** The metric store of a tenant, or undefined when the server keeps none for it. */
export type MetricsOfTenant = (tenant: Tenant) => MetricReader | undefined;

const tags = ["Monitoring"];
const security = [{ bearer: [] }];

/**
 * CB-Dragonfly's historical query, read-only, per MCIS and per VM (Tumblebug's
 * `/ns/{nsId}/monitoring/mcis/{mcisId}/metric/{metric}` paths, Dragonfly's query parameters).
 * The MCIS (and VM) must be the tenant's; the metrics come from the tenant's own store.
 */
export function monitorRoutes(app: OpenAPIHono<ServerEnv>, states: TenantStates, metrics?: MetricsOfTenant): void {
  const answer = async (
    c: Context<ServerEnv>,
    target: { nsId: string; mcisId: string; vmId?: string },
    metric: string,
    query: {
      periodType: "m" | "h" | "d";
      statisticsCriteria: "min" | "max" | "avg" | "last" | "p95";
      duration: string;
    },
  ) => {
    const tenant = c.get("tenant");
    const state = states.of(tenant);
    await state.namespaces.get(target.nsId);
    const info = await state.service.get({ namespace: target.nsId, name: target.mcisId }, { refresh: false });
    if (target.vmId !== undefined && !info.vms.some((vm) => vm.id === target.vmId)) {
      throw invalidArgument("vmId", "unknown-vm", `MCIS "${target.mcisId}" has no VM "${target.vmId}"`);
    }
    const reader = metrics?.(tenant);
    if (!reader)
      throw new BaristaError("NotSupported", "this server keeps no metrics (give mcisRoutes a metric store)");
    const result = queryDragonfly(
      reader,
      {
        target: {
          namespace: target.nsId,
          name: target.mcisId,
          ...(target.vmId === undefined ? {} : { vm: target.vmId }),
        },
        metric: metricName.parse(metric),
        periodType: query.periodType,
        statisticsCriteria: query.statisticsCriteria,
        duration: query.duration as DragonflyDuration,
      },
      tenant.barista.shared.clock.now(),
    );
    return { ...target, metric, ...result };
  };

  const params = { metric: metricName.openapi({ param: { name: "metric", in: "path" } }) };
  app.openapi(
    createRoute({
      method: "get",
      path: "/tumblebug/ns/{nsId}/monitoring/mcis/{mcisId}/metric/{metric}",
      tags,
      security,
      summary: "A metric of an MCIS over time (Dragonfly's periodType, statisticsCriteria, duration)",
      request: { params: mcisParams.extend(params), query: metricQuery },
      responses: {
        200: { description: "series per field", content: { "application/json": { schema: metricAnswer } } },
      },
    }),
    async (c) => {
      const { nsId, mcisId, metric } = c.req.valid("param");
      return c.json(await answer(c, { nsId, mcisId }, metric, c.req.valid("query")), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/tumblebug/ns/{nsId}/monitoring/mcis/{mcisId}/vm/{vmId}/metric/{metric}",
      tags,
      security,
      summary: "A metric of one VM over time",
      request: { params: vmParams.extend(params), query: metricQuery },
      responses: {
        200: { description: "series per field", content: { "application/json": { schema: metricAnswer } } },
      },
    }),
    async (c) => {
      const { nsId, mcisId, vmId, metric } = c.req.valid("param");
      return c.json(await answer(c, { nsId, mcisId, vmId }, metric, c.req.valid("query")), 200);
    },
  );
}
