import { below } from "../service.js";
import type { ServiceDef } from "../service.js";
import { certificateRoutes } from "./certificates.js";
import { clusterRoutes } from "./clusters.js";
import { nodeGroupRoutes } from "./nodegroups.js";
import { templateRoutes } from "./templates.js";
import { magnumRootAnswer } from "./versions.js";

/** Magnum (Container Infrastructure Management v1), at "/<region>/container-infra" with its API under "/v1". */
export const magnumService: ServiceDef = {
  name: "magnum",
  segment: "container-infra",
  split: (rest) => {
    const routePath = below(rest, "/v1");
    return routePath === undefined ? undefined : { endpointPath: "", routePath };
  },
  routes: [...templateRoutes, ...clusterRoutes, ...nodeGroupRoutes, ...certificateRoutes],
  unauthenticated: (request, rest, _ctx, serviceUrl) => magnumRootAnswer(request, rest, serviceUrl),
};
