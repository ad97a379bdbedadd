import { below } from "../service.js";
import type { ServiceDef } from "../service.js";
import { actionRoutes } from "./actions.js";
import { flavorRoutes } from "./flavors.js";
import { keypairRoutes } from "./keypairs.js";
import { limitRoutes } from "./limits.js";
import { metadataRoutes } from "./metadata.js";
import { serverRoutes } from "./servers.js";
import { novaVersions } from "./versions.js";
import { volumeAttachmentRoutes } from "./volume-attachments.js";

/** Nova (Compute v2.1), at "/<region>/compute/v2.1". */
export const novaService: ServiceDef = {
  name: "nova",
  segment: "compute",
  // Version discovery needs no token.
  unauthenticated: (request, rest, ctx, serviceUrl) =>
    request.method === "GET" ? novaVersions(ctx.deployment, serviceUrl, rest) : undefined,
  split: (rest) => {
    const routePath = below(rest, "/v2.1");
    return routePath === undefined ? undefined : { endpointPath: "/v2.1", routePath };
  },
  routes: [
    ...serverRoutes,
    ...actionRoutes,
    ...metadataRoutes,
    ...volumeAttachmentRoutes,
    ...flavorRoutes,
    ...keypairRoutes,
    ...limitRoutes,
  ],
};
