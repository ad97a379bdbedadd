import { checkNodeGroupSize, invalidArgument, maxNodeGroupSize } from "@cloud-barista/core";
import type { NodeGroupSize } from "@cloud-barista/core";
import type { SubGroupNodeGroup, SubGroupRequest } from "../model/requests.js";
import { mcisLimits } from "../model/limits.js";
import { requireKnownKeys, requireMaxLength } from "../util/validate.js";

// The `nodeGroup` form of a sub-group: its VMs are the nodes of a node group the MCIS adds to a
// cluster of the connection. Shape checks only; the cluster itself is read by the plan.

const nodeGroupKeys = ["cluster", "minNodeSize", "maxNodeSize"] as const satisfies readonly (keyof SubGroupNodeGroup)[];

/** Network fields a node group takes from its cluster, never from the request. */
const clusterNetworkKeys = ["vpcName", "subnetName", "securityGroupNames"] as const;

/** The sizes a node group of `size` nodes starts with: min defaults to 1, max to the size. */
export function initialNodeGroupSize(nodeGroup: SubGroupNodeGroup, size: number): NodeGroupSize {
  return { desired: size, min: nodeGroup.minNodeSize ?? Math.min(1, size), max: nodeGroup.maxNodeSize ?? size };
}

/**
 * Checks the `nodeGroup` field of a sub-group: a cluster name, sizes that hold the sub-group's size
 * (0 <= min <= size <= max, at most core's `maxNodeGroupSize`), and no network fields (the nodes
 * sit in the cluster's subnets).
 */
export function checkNodeGroupField(field: string, group: SubGroupRequest): void {
  const nodeGroup: unknown = group.nodeGroup;
  if (nodeGroup === null || typeof nodeGroup !== "object" || Array.isArray(nodeGroup))
    throw invalidArgument(
      `${field}.nodeGroup`,
      "required",
      "must be an object: { cluster, minNodeSize?, maxNodeSize? }",
    );
  requireKnownKeys(`${field}.nodeGroup`, nodeGroup, nodeGroupKeys);
  const { cluster } = nodeGroup as SubGroupNodeGroup;
  if (typeof cluster !== "string" || cluster.trim() === "")
    throw invalidArgument(`${field}.nodeGroup.cluster`, "required", "is required");
  requireMaxLength(`${field}.nodeGroup.cluster`, cluster, mcisLimits.textLength);
  for (const key of clusterNetworkKeys) {
    if (group[key] !== undefined)
      throw invalidArgument(
        `${field}.${key}`,
        "node-group-network",
        "a node group's nodes use the cluster's network; leave the network out",
      );
  }
  if (group.size > maxNodeGroupSize)
    throw invalidArgument(`${field}.size`, "size", `a node group holds at most ${maxNodeGroupSize} nodes`);
  checkNodeGroupSize(
    { desired: `${field}.size`, min: `${field}.nodeGroup.minNodeSize`, max: `${field}.nodeGroup.maxNodeSize` },
    initialNodeGroupSize(nodeGroup as SubGroupNodeGroup, group.size),
  );
}
