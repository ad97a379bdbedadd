import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ServerEnv } from "../http/env.js";
import { catalogRoutes } from "./catalog-routes.js";
import { cloudInfoRoutes } from "./cloud-info-routes.js";
import { clusterRoutes } from "./cluster-routes.js";
import { diskRoutes } from "./disk-routes.js";
import { keyPairRoutes } from "./key-pair-routes.js";
import { lockRoutes } from "./lock-routes.js";
import { nlbRoutes } from "./nlb-routes.js";
import { securityGroupRoutes } from "./security-group-routes.js";
import { tagRoutes } from "./tag-routes.js";
import { utilityRoutes } from "./utility-routes.js";
import { vmRoutes } from "./vm-routes.js";
import { vpcRoutes } from "./vpc-routes.js";

/** Every CB-Spider-compatible route under /spider that needs a tenant. */
export function spiderRoutes(app: OpenAPIHono<ServerEnv>): void {
  cloudInfoRoutes(app);
  catalogRoutes(app);
  vpcRoutes(app);
  securityGroupRoutes(app);
  keyPairRoutes(app);
  vmRoutes(app);
  diskRoutes(app);
  nlbRoutes(app);
  clusterRoutes(app);
  tagRoutes(app);
  lockRoutes(app);
  utilityRoutes(app);
}
