import { createRoute } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ServerEnv } from "../http/env.js";
import { recommend } from "./recommend.js";
import { candidateList, recommendRequest } from "./schemas.js";

/** Tumblebug's `POST /mcisRecommendVm`: placement candidates over every connection of the tenant. */
export function recommendRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/tumblebug/mcisRecommendVm",
      tags: ["MCIS"],
      security: [{ bearer: [] }],
      summary: "Rank specs of every connection by cost, location, latency, performance or random, with scores",
      request: { body: { content: { "application/json": { schema: recommendRequest } }, required: true } },
      responses: {
        200: { description: "candidates, best first", content: { "application/json": { schema: candidateList } } },
      },
    }),
    async (c) => c.json(await recommend(c.get("tenant").barista, c.req.valid("json"), c.req.raw.signal), 200),
  );
}
