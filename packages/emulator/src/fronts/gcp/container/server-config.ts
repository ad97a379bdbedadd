import { json } from "../context.js";
import type { GcpContext } from "../context.js";
import { gkeCall } from "./gate.js";
import { locationOf, parentOf } from "./locations.js";

// GET .../locations/{location}/serverConfig: the Kubernetes versions the location offers (newest
// first, as GKE lists them), its default, and the node image types.

export function serverConfig(ctx: GcpContext) {
  const location = locationOf(ctx);
  return gkeCall(ctx, location, `${parentOf(ctx, location)}/serverConfig`, (clusters) => {
    const offered = clusters.versions();
    const newestFirst = [...offered].reverse().map((v) => v.version);
    const current = offered
      .filter((v) => !v.deprecated)
      .map((v) => v.version)
      .reverse();
    const fallback = offered.find((v) => v.default) ?? offered.at(-1);
    return json(200, {
      defaultClusterVersion: fallback?.version ?? "",
      validNodeVersions: newestFirst,
      defaultImageType: "COS_CONTAINERD",
      validImageTypes: ["COS_CONTAINERD", "UBUNTU_CONTAINERD"],
      validMasterVersions: newestFirst,
      channels: [
        { channel: "REGULAR", defaultVersion: fallback?.version ?? "", validVersions: current },
        { channel: "STABLE", defaultVersion: current.at(-1) ?? "", validVersions: current.slice(-2) },
      ],
    });
  });
}
