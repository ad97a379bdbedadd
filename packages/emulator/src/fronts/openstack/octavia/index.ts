import { below } from "../service.js";
import type { ServiceDef } from "../service.js";
import { healthMonitorRoutes } from "./health-monitors.js";
import { l7policyRoutes } from "./l7policies.js";
import { listenerRoutes } from "./listeners.js";
import { loadBalancerRoutes } from "./load-balancers.js";
import { memberRoutes } from "./members.js";
import { rootAnswer } from "./versions.js";

/** Octavia (Load Balancer v2), at "/<region>/load-balancer" with its API under "/v2" (and "/v2.0"). */
export const octaviaService: ServiceDef = {
  name: "octavia",
  segment: "load-balancer",
  split: (rest) => {
    const routePath = below(rest, "/v2") ?? below(rest, "/v2.0");
    return routePath === undefined ? undefined : { endpointPath: "", routePath };
  },
  routes: [...loadBalancerRoutes, ...listenerRoutes, ...memberRoutes, ...healthMonitorRoutes, ...l7policyRoutes],
  unauthenticated: (request, rest, ctx, serviceUrl) => rootAnswer(request, rest, ctx.deployment, serviceUrl),
};
