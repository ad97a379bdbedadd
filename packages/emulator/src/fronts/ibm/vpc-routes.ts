import { floatingIpRoutes } from "./floating-ips.js";
import { imageRoutes } from "./images.js";
import { instanceRoutes } from "./instances.js";
import { keyRoutes } from "./keys.js";
import { loadBalancerRoutes } from "./load-balancers.js";
import { networkRoutes } from "./network.js";
import { profileRoutes } from "./profiles.js";
import { regionRoutes } from "./regions.js";
import type { Route } from "./routes.js";
import { securityGroupRoutes } from "./security-groups.js";
import { volumeRoutes } from "./volumes.js";

/** Every VPC API route the front serves. */
export const vpcRoutes: readonly Route[] = [
  ...regionRoutes,
  ...profileRoutes,
  ...imageRoutes,
  ...networkRoutes,
  ...securityGroupRoutes,
  ...keyRoutes,
  ...instanceRoutes,
  ...floatingIpRoutes,
  ...volumeRoutes,
  ...loadBalancerRoutes,
];
