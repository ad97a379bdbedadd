import { diskRoutes } from "./disks.js";
import { instanceRoutes } from "./instances.js";
import { operationsRoutes } from "./operations.js";
import type { GcpRoute } from "./router.js";

/**
 * Every Compute Engine route the front serves, collection by collection. To add a collection,
 * export a `readonly GcpRoute[]` from its module and append it here; the first matching route wins.
 */
export const computeRoutes: readonly GcpRoute[] = [...operationsRoutes, ...instanceRoutes, ...diskRoutes];
