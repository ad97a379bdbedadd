import { acceleratorTypeRoutes } from "./accelerator-types.js";
import { customImageRoutes } from "./custom-images.js";
import { diskTypeRoutes } from "./disk-types.js";
import { diskRoutes } from "./disks.js";
import { firewallRoutes } from "./firewalls.js";
import { forwardingRuleRoutes } from "./forwarding-rules.js";
import { httpHealthCheckRoutes } from "./http-health-checks.js";
import { publicImageRoutes } from "./images.js";
import { instanceGroupRoutes } from "./container/instance-groups.js";
import { instanceRoutes } from "./instances.js";
import { machineTypeRoutes } from "./machine-types.js";
import { networkRoutes } from "./networks.js";
import { operationsRoutes } from "./operations.js";
import { projectRoutes } from "./projects.js";
import { regionRoutes } from "./regions.js";
import { subnetworkRoutes } from "./subnetworks.js";
import type { GcpRoute } from "./router.js";
import { targetPoolRoutes } from "./target-pools.js";
import { zoneRoutes } from "./zones.js";

/**
 * Every Compute Engine route the front serves, collection by collection. To add a collection,
 * export a `readonly GcpRoute[]` from its module and append it here; the first matching route wins.
 */
export const computeRoutes: readonly GcpRoute[] = [
  ...operationsRoutes,
  ...projectRoutes,
  ...regionRoutes,
  ...zoneRoutes,
  ...publicImageRoutes,
  ...machineTypeRoutes,
  ...acceleratorTypeRoutes,
  ...networkRoutes,
  ...subnetworkRoutes,
  ...firewallRoutes,
  // The instance side (gcp-instances).
  ...instanceRoutes,
  ...diskRoutes,
  ...diskTypeRoutes,
  ...customImageRoutes,
  ...httpHealthCheckRoutes,
  ...targetPoolRoutes,
  ...forwardingRuleRoutes,
  // GKE node pools' managed instance groups (read-only).
  ...instanceGroupRoutes,
];
