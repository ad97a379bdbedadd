import type { FrontResponse } from "../http-front.js";
import { clustersOf } from "../world-clusters.js";
import type { ClusterStore } from "../world-clusters.js";
import { ArmError, badRequest } from "./arm-error.js";
import { checkLocation, gate, json } from "./context.js";
import type { ArmContext } from "./context.js";

// GET /subscriptions/{s}/providers/Microsoft.ContainerService/locations/{location}/kubernetesVersions:
// the versions a location offers, one entry per minor version with its patch versions and the
// patches each may upgrade to (AKS upgrades within a minor or to the next one).

const minorOf = (version: string) => version.split(".").slice(0, 2).join(".");

export async function serveKubernetesVersions(ctx: ArmContext, location: string): Promise<FrontResponse> {
  if (ctx.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists versions.");
  const region = checkLocation(ctx, location, "Microsoft.ContainerService/locations/kubernetesVersions");
  return gate(ctx, region, "ManagedClusters_ListKubernetesVersions", (cloud) => {
    const offered = clustersOf(cloud).versions();
    const minors = [...new Set(offered.map((v) => minorOf(v.version)))];
    const values = minors.map((minor, i) => {
      const patches = offered.filter((v) => minorOf(v.version) === minor);
      const next = minors[i + 1];
      const later = (version: string) =>
        offered
          .map((v) => v.version)
          .filter((v) => (minorOf(v) === minor && v > version) || (next !== undefined && minorOf(v) === next));
      return {
        version: minor,
        capabilities: {
          supportPlan: patches.every((p) => p.deprecated)
            ? ["AKSLongTermSupport"]
            : ["KubernetesOfficial", "AKSLongTermSupport"],
        },
        ...(patches.some((p) => p.default) ? { isDefault: true } : {}),
        patchVersions: Object.fromEntries(patches.map((p) => [p.version, { upgrades: later(p.version) }])),
      };
    });
    return json(200, { values });
  });
}

/** The offered version a PUT names ("1.31" = its newest patch; absent = the default), or 400. */
export function pickVersion(clusters: ClusterStore, asked: unknown): string {
  const offered = clusters.versions();
  if (asked === undefined || asked === "") {
    const fallback = offered.find((v) => v.default) ?? offered.at(-1);
    if (fallback) return fallback.version;
  }
  const wanted = typeof asked === "string" ? asked : "";
  const match = [...offered].reverse().find((v) => v.version === wanted || v.version.startsWith(`${wanted}.`));
  if (!match) {
    throw badRequest(
      "K8sVersionNotSupported",
      `Version ${wanted} is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region.`,
      "properties.kubernetesVersion",
    );
  }
  return match.version;
}
