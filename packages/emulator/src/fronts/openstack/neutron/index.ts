import { below } from "../service.js";
import type { ServiceDef } from "../service.js";
import { floatingIpRoutes } from "./floating-ips.js";
import { networkRoutes } from "./networks.js";
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
    ...tagRoutes,
    ...networkRoutes,
    ...securityGroupRoutes,
    ...routerRoutes,
    ...floatingIpRoutes,
    ...quotaRoutes,
  ],
};
