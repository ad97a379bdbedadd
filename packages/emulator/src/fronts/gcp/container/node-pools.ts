import { bodyOf, json, param } from "../context.js";
import type { GcpContext } from "../context.js";
import { gkeAlreadyExists, gkeFailedPrecondition, gkeInvalid, gkeNotFound } from "./errors.js";
import { gkeCall, requireCluster } from "./gate.js";
import { locationOf } from "./locations.js";
import type { GkeLocation } from "./locations.js";
import { nodePoolInput } from "./node-pool-input.js";
import type { NodePoolBody } from "./node-pool-input.js";
import { gkeOperationView, startGkeOperation } from "./operations.js";
import { clusterName, nodePoolView } from "./render.js";
import type { ClusterStore, ClusterView, NodeGroupView } from "../../world-clusters.js";

// projects.locations.clusters.nodePools: create, get, list, delete, setSize, setAutoscaling. A
// pool is a world node group; its Operation is DONE when the group is active again (or gone).

const poolName = (ctx: GcpContext, location: GkeLocation, cluster: string, pool: string) =>
  `${clusterName(ctx, location.name, cluster)}/nodePools/${pool}`;

function requirePool(cluster: ClusterView, name: string, full: string): NodeGroupView {
  const pool = cluster.nodeGroups.find((g) => g.name === name);
  if (!pool) throw gkeNotFound(full);
  return pool;
}

/** GKE runs one operation at a time on a cluster. */
function requireIdle(cluster: ClusterView): void {
  const busy = cluster.state !== "active" || cluster.nodeGroups.some((g) => g.state !== "active");
  if (busy) {
    throw gkeFailedPrecondition(
      `Cluster is running incompatible operation. Please wait and try again once it is done.`,
    );
  }
}

/** Done when the pool is active again; a pool that failed ends the Operation in error. */
function poolSettled(clusters: ClusterStore, clusterId: string, poolId: string) {
  const cluster = clusters.list().find((c) => c.id === clusterId);
  const pool = cluster?.nodeGroups.find((g) => g.id === poolId);
  if (!pool) return { done: true, error: { code: 5, message: "The node pool no longer exists." } };
  if (pool.state === "failed") return { done: true, error: { code: 13, message: "The node pool failed." } };
  return { done: pool.state === "active" };
}

/** Runs a change of one pool: finds cluster and pool, checks the cluster is idle, answers the Operation. */
function poolChange(
  ctx: GcpContext,
  type: string,
  change: (clusters: ClusterStore, cluster: ClusterView, pool: NodeGroupView) => void,
) {
  const location = locationOf(ctx);
  const clusterParam = param(ctx, "cluster");
  const full = poolName(ctx, location, clusterParam, param(ctx, "nodePool"));
  return gkeCall(ctx, location, full, (clusters) => {
    const { cluster } = requireCluster(ctx, clusters, location, clusterParam);
    const pool = requirePool(cluster, param(ctx, "nodePool"), full);
    requireIdle(cluster);
    change(clusters, cluster, pool);
    const op = startGkeOperation(ctx, location, type, full, () => poolSettled(clusters, cluster.id, pool.id));
    return json(200, gkeOperationView(ctx, op));
  });
}

async function create(ctx: GcpContext) {
  const location = locationOf(ctx);
  const clusterParam = param(ctx, "cluster");
  const body = bodyOf<{ nodePool: NodePoolBody }>(ctx).nodePool ?? {};
  const input = nodePoolInput(body, "node_pool");
  const full = poolName(ctx, location, clusterParam, input.name);
  return gkeCall(ctx, location, full, (clusters) => {
    const { cluster } = requireCluster(ctx, clusters, location, clusterParam);
    if (cluster.nodeGroups.some((g) => g.name === input.name)) throw gkeAlreadyExists(full);
    requireIdle(cluster);
    const pool = clusters.addNodeGroup(cluster.id, input);
    ctx.state.gkeClusters.get(cluster.id)?.labels.set(input.name, { ...body.config?.labels });
    const op = startGkeOperation(ctx, location, "CREATE_NODE_POOL", full, () =>
      poolSettled(clusters, cluster.id, pool.id),
    );
    return json(200, gkeOperationView(ctx, op));
  });
}

async function get(ctx: GcpContext) {
  const location = locationOf(ctx);
  const clusterParam = param(ctx, "cluster");
  const full = poolName(ctx, location, clusterParam, param(ctx, "nodePool"));
  return gkeCall(ctx, location, full, (clusters) => {
    const { cluster, facts } = requireCluster(ctx, clusters, location, clusterParam);
    return json(200, nodePoolView(ctx, cluster, requirePool(cluster, param(ctx, "nodePool"), full), facts));
  });
}

async function list(ctx: GcpContext) {
  const location = locationOf(ctx);
  const clusterParam = param(ctx, "cluster");
  return gkeCall(ctx, location, clusterName(ctx, location.name, clusterParam), (clusters) => {
    const { cluster, facts } = requireCluster(ctx, clusters, location, clusterParam);
    return json(200, { nodePools: cluster.nodeGroups.map((pool) => nodePoolView(ctx, cluster, pool, facts)) });
  });
}

async function remove(ctx: GcpContext) {
  const location = locationOf(ctx);
  const clusterParam = param(ctx, "cluster");
  const full = poolName(ctx, location, clusterParam, param(ctx, "nodePool"));
  return gkeCall(ctx, location, full, (clusters) => {
    const { cluster } = requireCluster(ctx, clusters, location, clusterParam);
    const pool = requirePool(cluster, param(ctx, "nodePool"), full);
    requireIdle(cluster);
    clusters.removeNodeGroup(cluster.id, pool.id);
    ctx.state.gkeClusters.get(cluster.id)?.labels.delete(pool.name);
    const op = startGkeOperation(ctx, location, "DELETE_NODE_POOL", full, () => {
      const now = clusters.list().find((c) => c.id === cluster.id);
      return { done: !now?.nodeGroups.some((g) => g.id === pool.id) };
    });
    return json(200, gkeOperationView(ctx, op));
  });
}

/** POST ...:setSize {nodeCount}: the pool's size; the autoscaling limits stay. */
function setSize(ctx: GcpContext) {
  const raw = bodyOf<{ nodeCount: unknown }>(ctx).nodeCount ?? 0;
  const nodeCount = typeof raw === "string" ? Number(raw) : raw;
  if (typeof nodeCount !== "number" || !Number.isInteger(nodeCount) || nodeCount < 0) {
    throw gkeInvalid(`Invalid value for field "node_count": ${JSON.stringify(raw)}.`);
  }
  return poolChange(ctx, "SET_NODE_POOL_SIZE", (clusters, cluster, pool) => {
    const limits = pool.onAutoScaling ? { min: pool.min, max: pool.max } : { min: nodeCount, max: nodeCount };
    clusters.scaleNodeGroup(cluster.id, pool.id, { desired: nodeCount, ...limits });
  });
}

/** POST ...:setAutoscaling {autoscaling}: on with limits (the size kept within them), or off. */
function setAutoscaling(ctx: GcpContext) {
  const scaling = bodyOf<{ autoscaling: NodePoolBody["autoscaling"] }>(ctx).autoscaling ?? {};
  const on = scaling.enabled === true;
  const min = Number(scaling.minNodeCount ?? 0);
  const max = Number(scaling.maxNodeCount ?? 0);
  if (on && !(Number.isInteger(min) && Number.isInteger(max) && min >= 0 && max >= 1 && min <= max)) {
    throw gkeInvalid("autoscaling: min_node_count must be at most max_node_count, and max_node_count at least 1.");
  }
  return poolChange(ctx, "SET_NODE_POOL_SIZE", (clusters, cluster, pool) => {
    if (on) {
      const desired = Math.min(max, Math.max(min, pool.desired));
      clusters.scaleNodeGroup(cluster.id, pool.id, { desired, min, max });
    }
    clusters.setAutoScaling(cluster.id, pool.id, on);
  });
}

/** PUT .../nodePools/{pool} (UpdateNodePool): the nodes' Kubernetes labels only. */
function update(ctx: GcpContext) {
  const body = bodyOf<{ labels: { labels?: Record<string, string> } }>(ctx);
  const others = Object.keys(body).filter(
    (k) => !["labels", "name", "projectId", "zone", "clusterId", "nodePoolId"].includes(k),
  );
  if (others.length > 0) throw gkeInvalid(`Updating ${others.join(", ")} is not supported by this emulator.`);
  const labels = body.labels?.labels ?? {};
  return poolChange(ctx, "UPDATE_CLUSTER", (_clusters, cluster, pool) => {
    ctx.state.gkeClusters.get(cluster.id)?.labels.set(pool.name, { ...labels });
  });
}

export const nodePoolHandlers = { create, get, list, remove, setSize, setAutoscaling, update };
