import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { formatLockKey } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { ok } from "./route-kit.js";

const lockState = z
  .object({
    Key: z.string(),
    SharedHolders: z.number().int(),
    ExclusiveHolder: z.boolean(),
    WaitingShared: z.number().int(),
    WaitingExclusive: z.number().int(),
  })
  .openapi("SPLockKeyState");

/**
 * `/spider/splockinfo`: the keys the tenant's Sponge Lock holds or queues right now. Spider answers
 * `{"splockinfo": ["conn:id ptr:count", ...]}` strings; the strings here are "layer/path shared:N
 * exclusive:B waiting:N", with the same facts in `splockstate` as fields.
 */
export function lockRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/splockinfo",
      tags: ["Utility"],
      summary: "The lock keys held or awaited in this tenant's SDK instance",
      responses: ok(z.object({ splockinfo: z.array(z.string()), splockstate: z.array(lockState) })),
    }),
    (c) => {
      const keys = c.get("tenant").barista.lock.inspect();
      return c.json(
        {
          splockinfo: keys.map(
            (k) =>
              `${formatLockKey(k.key)} shared:${k.sharedHolders} exclusive:${k.exclusiveHolder} waiting:${k.waitingShared + k.waitingExclusive}`,
          ),
          splockstate: keys.map((k) => ({
            Key: formatLockKey(k.key),
            SharedHolders: k.sharedHolders,
            ExclusiveHolder: k.exclusiveHolder,
            WaitingShared: k.waitingShared,
            WaitingExclusive: k.waitingExclusive,
          })),
        },
        200,
      );
    },
  );
}
