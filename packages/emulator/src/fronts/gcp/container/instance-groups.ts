import { gate, json, link, param, relative, requireZone } from "../context.js";
import type { GcpContext } from "../context.js";
import { notFound } from "../errors.js";
import type { GcpRoute } from "../router.js";
import { clustersOf } from "../../world-clusters.js";
import type { ClusterView, NodeGroupView } from "../../world-clusters.js";

// The managed instance group behind each GKE node pool (Compute Engine's instanceGroupManagers,
// named "gke-<cluster>-<pool>-grp" as the pools' instanceGroupUrls say): its target size and its
// instances, the pool's nodes. Read-only: GKE resizes them itself.

export const instanceGroupName = (cluster: string, pool: string) => `gke-${cluster}-${pool}-grp`;

function find(ctx: GcpContext): { cluster: ClusterView; pool: NodeGroupView; zone: string } {
  const { zone, region } = requireZone(ctx, param(ctx, "zone"));
  const name = param(ctx, "instanceGroupManager");
  const cloud = ctx.world.accountRegion({ provider: "GCP", account: ctx.account, region: region.name });
  for (const cluster of clustersOf(cloud).list()) {
    const facts = ctx.state.gkeClusters.get(cluster.id);
    if (!facts || (facts.location.zones[0] ?? "") !== zone.name) continue;
    const pool = cluster.nodeGroups.find((g) => instanceGroupName(cluster.name, g.name) === name);
    if (pool) return { cluster, pool, zone: zone.name };
  }
  throw notFound(`projects/${ctx.project}/zones/${zone.name}/instanceGroupManagers/${name}`);
}

function regionOf(ctx: GcpContext): string {
  return requireZone(ctx, param(ctx, "zone")).region.name;
}

export const instanceGroupRoutes: readonly GcpRoute[] = [
  {
    method: "GET",
    path: "zones/{zone}/instanceGroupManagers/{instanceGroupManager}",
    api: "compute.instanceGroupManagers.get",
    handle: (ctx) =>
      gate(ctx, regionOf(ctx), () => {
        const { cluster, pool, zone } = find(ctx);
        const name = instanceGroupName(cluster.name, pool.name);
        return json(200, {
          kind: "compute#instanceGroupManager",
          name,
          zone: link(ctx, `zones/${zone}`),
          baseInstanceName: `gke-${cluster.name}-${pool.name}`,
          instanceGroup: link(ctx, `zones/${zone}/instanceGroups/${name}`),
          targetSize: pool.desired,
          status: { isStable: pool.state === "active" },
          selfLink: link(ctx, `zones/${zone}/instanceGroupManagers/${name}`),
        });
      }),
  },
  {
    method: "POST",
    path: "zones/{zone}/instanceGroupManagers/{instanceGroupManager}/listManagedInstances",
    api: "compute.instanceGroupManagers.listManagedInstances",
    handle: (ctx) =>
      gate(
        ctx,
        regionOf(ctx),
        (cloud) => {
          const { pool } = find(ctx);
          const managedInstances = pool.nodeIds.map((id) => {
            const vm = cloud.vms.get(id);
            const running = vm.state === "running";
            return {
              instance: link(ctx, `zones/${vm.zone}/instances/${vm.name}`),
              id: vm.id,
              instanceStatus: running ? "RUNNING" : vm.state === "pending" ? "PROVISIONING" : "STOPPING",
              currentAction: running ? "NONE" : "CREATING",
            };
          });
          return json(200, { managedInstances });
        },
        relative(ctx, `zones/${param(ctx, "zone")}/instanceGroupManagers/${param(ctx, "instanceGroupManager")}`),
      ),
  },
];
