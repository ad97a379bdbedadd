import { below } from "../service.js";
import type { ServiceDef } from "../service.js";
import { extensionRoutes } from "./extensions.js";
import { floatingIpRoutes } from "./floating-ips.js";
import { networkRoutes } from "./networks.js";
import { portRoutes } from "./ports.js";
import { quotaRoutes } from "./quotas.js";
import { routerRoutes } from "./routers.js";
import { securityGroupRoutes } from "./security-groups.js";
import { tagRoutes } from "./tags.js";

/** Neutron (Networking v2.0), at "/<region>/network" with its API under "/v2.0". */
export const neutronService: ServiceDef = {
  name: "neutron",
  segment: "network",
  split: (rest) => {
    const routePath = below(rest, "/v2.0");
    return routePath === undefined ? undefined : { endpointPath: "", routePath };
  },
  routes: [
    ...extensionRoutes,
    ...tagRoutes,
    ...networkRoutes,
    ...securityGroupRoutes,
    ...routerRoutes,
    ...floatingIpRoutes,
    ...portRoutes,
    ...quotaRoutes,
  ],
};
