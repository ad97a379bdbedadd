import type { FrontResponse } from "../http-front.js";
import type { GcpContext } from "./context.js";

// Compute Engine routes under /compute/v1/projects/{project}/: each collection module exports a
// list of routes (collections.ts joins them), a path of literal segments and {parameters}.

export type GcpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface GcpRoute {
  method: GcpMethod;
  /** Below the project: "global/networks/{network}", "zones/{zone}/instances/{instance}/setMetadata". */
  path: string;
  /** The method's name in Google's discovery document ("compute.networks.get"); the gate keys on it. */
  api: string;
  handle(ctx: GcpContext): Promise<FrontResponse> | FrontResponse;
  /**
   * Which projects in the path the route serves: "own" (default) the caller's project only;
   * "public" only the public image projects (debian-cloud, ...) anyone may read.
   */
  projects?: "own" | "public";
}

export interface RouteMatch {
  route: GcpRoute;
  params: Record<string, string>;
}

/** The route for `method` and the path's segments below the project, if any. */
export function matchRoute(
  routes: readonly GcpRoute[],
  method: string,
  segments: readonly string[],
  projectClass: "own" | "public" | "other",
): RouteMatch | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    // A foreign project falls through to an own route, which then answers 403.
    if ((route.projects ?? "own") === "public" ? projectClass !== "public" : projectClass === "public") continue;
    const parts = route.path === "" ? [] : route.path.split("/");
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = parts.every((part, i) => {
      const segment = segments[i] ?? "";
      if (part.startsWith("{") && part.endsWith("}")) {
        params[part.slice(1, -1)] = segment;
        return segment !== "";
      }
      return part === segment;
    });
    if (ok) return { route, params };
  }
  return undefined;
}
