import type { ClusterView, NodeGroupView } from "../world-clusters.js";
import { ArmError } from "./arm-error.js";
import type { ManagedClusterEntry } from "./front-state.js";

// What the managedClusters and agentPools resources both render: kept apart from either, so the
// two modules do not import each other.

/** ARM's provisioningState of a world state. */
export function provisioningOf(state: ClusterView["state"]): string {
  switch (state) {
    case "creating":
      return "Creating";
    case "active":
      return "Succeeded";
    case "updating":
      return "Updating";
    case "deleting":
      return "Deleting";
    case "failed":
      return "Failed";
  }
}

/** An agent pool's properties as ARM shows them (in agentPoolProfiles and in the agentPools resource). */
export function poolProperties(
  entry: ManagedClusterEntry,
  cluster: ClusterView,
  pool: NodeGroupView,
  subnetId: string,
) {
  const kept = entry.pools.get(pool.name.toLowerCase());
  return {
    count: pool.desired,
    vmSize: pool.specName,
    osDiskSizeGB: pool.rootDiskSizeGB ?? 128,
    osDiskType: kept?.osDiskType ?? "Managed",
    kubeletDiskType: "OS",
    vnetSubnetID: subnetId,
    maxPods: 30,
    type: "VirtualMachineScaleSets",
    enableAutoScaling: pool.onAutoScaling,
    ...(pool.onAutoScaling ? { minCount: pool.min, maxCount: pool.max } : {}),
    provisioningState: provisioningOf(pool.state),
    powerState: { code: "Running" },
    orchestratorVersion: cluster.version,
    currentOrchestratorVersion: cluster.version,
    enableNodePublicIP: false,
    mode: kept?.mode ?? "User",
    osType: "Linux",
    osSKU: "Ubuntu",
    nodeImageVersion: "AKSUbuntu-2204gen2containerd-202501.12.0",
    enableFIPS: false,
    ...(kept && Object.keys(kept.tags).length > 0 ? { tags: kept.tags } : {}),
  };
}

/** Refuses a change while another runs, as AKS does. */
export function requireIdle(cluster: ClusterView, what: string): void {
  const busy = cluster.state !== "active" || cluster.nodeGroups.some((g) => g.state !== "active");
  if (busy && cluster.state !== "failed") {
    throw new ArmError(
      409,
      "OperationNotAllowed",
      `Operation is not allowed because there's an in progress ${cluster.state === "creating" ? "create managed cluster" : "update managed cluster"} operation; ${what} is refused until it completes.`,
    );
  }
}
