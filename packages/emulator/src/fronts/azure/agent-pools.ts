import type { FrontResponse } from "../http-front.js";
import type { ClusterStore, ClusterView } from "../world-clusters.js";
import { agentPoolInput, checkPoolName } from "./agent-pool-input.js";
import type { AgentPoolProperties } from "./agent-pool-input.js";
import { ArmError, badRequest } from "./arm-error.js";
import { bodyOf, gate, json } from "./context.js";
import type { ArmContext } from "./context.js";
import type { ManagedClusterEntry } from "./front-state.js";
import { poolProperties, requireIdle } from "./pool-properties.js";
import { startOperation } from "./operations.js";
import { etagOf } from "./resource-ids.js";

// A managed cluster's agent pools (Microsoft.ContainerService/managedClusters/agentPools): PUT adds
// one (201) or changes its count, autoscaling and limits (200); DELETE removes it (202); every
// change answers an Azure-AsyncOperation that ends when the world's node group settles or is gone.

const poolType = "Microsoft.ContainerService/managedClusters/agentPools";

interface Found {
  entry: ManagedClusterEntry;
  cluster: ClusterView;
  clusters: ClusterStore;
}

function render(found: Found, cluster: ClusterView, name: string) {
  const pool = cluster.nodeGroups.find((g) => g.name === name);
  if (!pool) return undefined;
  const body = {
    id: `${found.entry.id}/agentPools/${pool.name}`,
    name: pool.name,
    type: poolType,
    properties: poolProperties(found.entry, cluster, pool, cluster.subnetIds[0] ?? ""),
  };
  return { ...body, eTag: etagOf(body) };
}

function poolNotFound(found: Found, name: string): ArmError {
  return new ArmError(404, "NotFound", `Resource ${found.entry.id}/agentPools/${name} not found.`);
}

const current = (found: Found) => found.clusters.list().find((c) => c.id === found.cluster.id) ?? found.cluster;

/**
 * GET .../agentPools/{pool}/machines: the pool's nodes (world VMs, named as the Kubernetes nodes
 * are), with their private address.
 */
export function serveMachines(ctx: ArmContext, found: Found, name: string): Promise<FrontResponse> {
  const { entry } = found;
  if (ctx.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists machines.");
  return gate(ctx, entry.region, "Machines_List", (cloud) => {
    const pool = found.cluster.nodeGroups.find((g) => g.name === name);
    if (!pool) throw poolNotFound(found, name);
    const value = pool.nodeIds.map((id) => {
      const vm = cloud.vms.get(id);
      return {
        id: `${entry.id}/agentPools/${pool.name}/machines/${vm.name}`,
        name: vm.name,
        type: `${poolType}/machines`,
        zones: [],
        properties: {
          network: { ipAddresses: vm.privateIp ? [{ family: "IPv4", ip: vm.privateIp }] : [] },
          resourceId: `/subscriptions/${ctx.account}/resourceGroups/MC_${entry.group}_${entry.name}_${entry.region}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-${pool.name}-vmss/virtualMachines/${vm.name}`,
        },
      };
    });
    return json(200, { value });
  });
}

export async function serveAgentPools(ctx: ArmContext, found: Found, name: string | undefined): Promise<FrontResponse> {
  const { entry } = found;
  const method = ctx.request.method;
  if (name === undefined) {
    if (method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists agent pools.");
    return gate(ctx, entry.region, "AgentPools_List", () =>
      json(200, { value: found.cluster.nodeGroups.map((g) => render(found, found.cluster, g.name)) }),
    );
  }
  const poolId = `${entry.id}/agentPools/${name}`;
  switch (method) {
    case "GET":
      return gate(ctx, entry.region, "AgentPools_Get", () => {
        const view = render(found, found.cluster, name);
        if (!view) throw poolNotFound(found, name);
        return json(200, view);
      });
    case "PUT": {
      checkPoolName(name, "agentPoolName");
      const body = bodyOf<{ properties?: AgentPoolProperties }>(ctx.request);
      const input = agentPoolInput(name, body.properties ?? {}, "properties");
      const existing = found.cluster.nodeGroups.find((g) => g.name === name);
      const result = await gate(ctx, entry.region, "AgentPools_CreateOrUpdate", () => {
        requireIdle(found.cluster, "the agent pool change");
        const version = body.properties?.orchestratorVersion;
        if (typeof version === "string" && version !== "" && !found.cluster.version.startsWith(version)) {
          throw badRequest(
            "AgentPoolK8sVersionNotSupported",
            `Version ${version} of an agent pool must match its control plane's ${found.cluster.version}; upgrade the cluster instead.`,
            "properties.orchestratorVersion",
          );
        }
        if (input.subnetId !== undefined) {
          const same = found.cluster.subnetIds.some((s) => s.toLowerCase() === input.subnetId?.toLowerCase());
          const sameVnet = found.cluster.subnetIds.some(
            (s) => s.toLowerCase().split("/subnets/")[0] === input.subnetId?.toLowerCase().split("/subnets/")[0],
          );
          if (!same && !sameVnet) {
            throw badRequest(
              "InvalidParameter",
              "The value of parameter properties.vnetSubnetID is invalid. Error details: all agent pools must use subnets of the cluster's virtual network.",
              "properties.vnetSubnetID",
            );
          }
        }
        if (!existing) {
          const pool = found.clusters.addNodeGroup(found.cluster.id, input);
          entry.pools.set(name, { mode: input.mode, osDiskType: input.osDiskType, tags: body.properties?.tags ?? {} });
          return { created: true, poolId: pool.id };
        }
        if (existing.specName !== input.specName) {
          throw badRequest(
            "PropertyChangeNotAllowed",
            "Changing property 'vmSize' is not allowed.",
            "properties.vmSize",
          );
        }
        if (existing.onAutoScaling !== input.onAutoScaling) {
          found.clusters.setAutoScaling(found.cluster.id, existing.id, input.onAutoScaling);
        }
        if (existing.desired !== input.desired || existing.min !== input.min || existing.max !== input.max) {
          found.clusters.scaleNodeGroup(found.cluster.id, existing.id, {
            desired: input.desired,
            min: input.min,
            max: input.max,
          });
        }
        const kept = entry.pools.get(name);
        if (kept && body.properties?.tags !== undefined) kept.tags = body.properties.tags;
        return { created: false, poolId: existing.id };
      });
      const headers = startOperation(ctx, {
        region: entry.region,
        resourceId: poolId,
        watch: { region: entry.region, cluster: found.cluster.id, pool: result.poolId, until: "settled" },
      });
      return json(result.created ? 201 : 200, render(found, current(found), name), headers);
    }
    case "DELETE": {
      const pool = found.cluster.nodeGroups.find((g) => g.name === name);
      if (!pool) {
        await gate(ctx, entry.region, "AgentPools_Delete", () => undefined);
        return { status: 204 };
      }
      await gate(ctx, entry.region, "AgentPools_Delete", () => {
        const kept = entry.pools.get(name);
        const systems = found.cluster.nodeGroups.filter((g) => (entry.pools.get(g.name)?.mode ?? "User") === "System");
        if (kept?.mode === "System" && systems.length === 1) {
          throw badRequest(
            "OperationNotAllowed",
            "The last system agent pool of a cluster cannot be deleted; a cluster needs at least one system pool.",
          );
        }
        requireIdle(found.cluster, "the agent pool deletion");
        found.clusters.removeNodeGroup(found.cluster.id, pool.id);
      });
      const headers = startOperation(ctx, {
        region: entry.region,
        resourceId: poolId,
        withLocation: true,
        watch: { region: entry.region, cluster: found.cluster.id, pool: pool.id, until: "gone" },
      });
      return { status: 202, headers };
    }
    default:
      throw new ArmError(405, "MethodNotAllowed", `The method '${method}' is not allowed.`);
  }
}
