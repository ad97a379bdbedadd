import type { GcpRoute } from "../router.js";
import { clusterHandlers } from "./clusters.js";
import { nodePoolHandlers } from "./node-pools.js";
import { getOperation, listOperations } from "./operations.js";
import { serverConfig } from "./server-config.js";

// container.googleapis.com v1 below /v1/projects/{project}/: the location forms of the methods
// (the zone forms are the same calls under older paths; the SDK uses these). A custom verb
// ("pool:setSize") arrives as its own last segment (":setSize"), see front.ts.

const clusterPath = "locations/{location}/clusters/{cluster}";
const poolPath = `${clusterPath}/nodePools/{nodePool}`;
const api = (name: string) => `container.projects.locations.${name}`;

export const containerRoutes: readonly GcpRoute[] = [
  { method: "GET", path: "locations/{location}/serverConfig", api: api("getServerConfig"), handle: serverConfig },
  { method: "GET", path: "locations/{location}/operations", api: api("operations.list"), handle: listOperations },
  {
    method: "GET",
    path: "locations/{location}/operations/{operation}",
    api: api("operations.get"),
    handle: getOperation,
  },
  {
    method: "POST",
    path: "locations/{location}/clusters",
    api: api("clusters.create"),
    handle: clusterHandlers.create,
  },
  { method: "GET", path: "locations/{location}/clusters", api: api("clusters.list"), handle: clusterHandlers.list },
  { method: "GET", path: clusterPath, api: api("clusters.get"), handle: clusterHandlers.get },
  { method: "PUT", path: clusterPath, api: api("clusters.update"), handle: clusterHandlers.update },
  { method: "DELETE", path: clusterPath, api: api("clusters.delete"), handle: clusterHandlers.remove },
  {
    method: "POST",
    path: `${clusterPath}/nodePools`,
    api: api("clusters.nodePools.create"),
    handle: nodePoolHandlers.create,
  },
  {
    method: "GET",
    path: `${clusterPath}/nodePools`,
    api: api("clusters.nodePools.list"),
    handle: nodePoolHandlers.list,
  },
  { method: "GET", path: poolPath, api: api("clusters.nodePools.get"), handle: nodePoolHandlers.get },
  { method: "DELETE", path: poolPath, api: api("clusters.nodePools.delete"), handle: nodePoolHandlers.remove },
  { method: "PUT", path: poolPath, api: api("clusters.nodePools.update"), handle: nodePoolHandlers.update },
  {
    method: "POST",
    path: `${poolPath}/:setSize`,
    api: api("clusters.nodePools.setSize"),
    handle: nodePoolHandlers.setSize,
  },
  {
    method: "POST",
    path: `${poolPath}/:setAutoscaling`,
    api: api("clusters.nodePools.setAutoscaling"),
    handle: nodePoolHandlers.setAutoscaling,
  },
];
