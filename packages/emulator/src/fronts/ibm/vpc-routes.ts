import { regionRoutes } from "./regions.js";
import type { Route } from "./routes.js";

/** Every VPC API route the front serves. */
export const vpcRoutes: readonly Route[] = [...regionRoutes];
