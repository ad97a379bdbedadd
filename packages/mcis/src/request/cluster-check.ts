import { BaristaError, invalidArgument, isBaristaError, supportsOperation } from "@cloud-barista/core";
import type { ClusterInfo, Connection } from "@cloud-barista/core";
import { nodeGroupOf } from "../engine/node-groups.js";
import type { SubGroupRequest } from "../model/requests.js";
import { referenceConflict, unknownReference } from "../util/validate.js";

/**
 * Reads the cluster a node-group sub-group names, before anything changes: the driver must add
 * node groups (NotSupported otherwise), the cluster must exist (NotFound) and be Active (Conflict).
 * A new sub-group (`scaleOut` false) must not find a node group of its name already (Conflict); a
 * scale-out must find it (NotFound), and stay within the cap the request set (`maxNodeSize`).
 */
export async function checkClusterFor(
  conn: Connection,
  g: SubGroupRequest & { nodeGroup: { cluster: string } },
  field: string,
  scaleOut: boolean,
  options: { abortSignal?: AbortSignal },
): Promise<ClusterInfo> {
  const name = g.nodeGroup.cluster;
  if (!supportsOperation(conn.capabilities, "cluster.nodeGroups")) {
    throw new BaristaError(
      "NotSupported",
      `${field}.nodeGroup: the ${conn.provider} driver of connection "${conn.name}" cannot add node groups to clusters`,
      { provider: conn.provider, field: `${field}.nodeGroup`, rule: "cluster-node-groups" },
    );
  }
  let cluster: ClusterInfo;
  try {
    cluster = await conn.cluster.get(name, options);
  } catch (error) {
    if (isBaristaError(error, "NotFound"))
      throw unknownReference(
        `${field}.nodeGroup.cluster`,
        "unknown-cluster",
        `no cluster "${name}" in "${conn.name}"`,
        "cluster",
      );
    throw error;
  }
  if (cluster.status !== "Active")
    throw referenceConflict(
      `${field}.nodeGroup.cluster`,
      "cluster-not-active",
      `cluster "${name}" is ${cluster.status}; node groups are added to Active clusters`,
    );
  const existing = nodeGroupOf(cluster, g.name);
  if (!scaleOut && existing)
    throw referenceConflict(
      `${field}.name`,
      "node-group-exists",
      `cluster "${name}" already has a node group "${g.name}"`,
    );
  if (scaleOut) {
    if (!existing)
      throw unknownReference(
        `${field}.name`,
        "unknown-node-group",
        `cluster "${name}" has no node group "${g.name}"`,
        "nodeGroup",
      );
    const cap = g.nodeGroup.maxNodeSize;
    if (cap !== undefined && existing.desiredNodeSize + g.size > cap)
      throw invalidArgument(
        "count",
        "max-node-size",
        `node group "${g.name}" would have ${existing.desiredNodeSize + g.size} nodes; the sub-group's nodeGroup.maxNodeSize is ${cap}`,
      );
  }
  return cluster;
}
