import { BaristaError, isBaristaError } from "@cloud-barista/core";
import type { ClusterInfo, Connection, NodeGroupInfo, NodeGroupStatus, VmStatus } from "@cloud-barista/core";
import type { McisEnv } from "../env/env.js";
import type { SubGroupRecord, VmRecord } from "../store/records.js";
import { failVm, signalOptions, withoutReason } from "./run.js";
import type { Run } from "./run.js";

// The VMs of a node-group sub-group are the nodes of a node group the cloud scales: they are made,
// counted and removed through the cluster (`connection.cluster`), never one by one, and core does
// not track them as VMs. Their status is the node group's.

/** The node group of that name (node groups are named like their sub-groups). */
export function nodeGroupOf(cluster: ClusterInfo, name: string): NodeGroupInfo | undefined {
  return cluster.nodeGroups.find((group) => group.iid.nameId === name);
}

/** What a node group's status says of its nodes. */
const nodeStatusOf: Readonly<Record<NodeGroupStatus, VmStatus>> = {
  Creating: "Creating",
  Active: "Running",
  // Scaling: the nodes listed run; new ones are not listed until the cloud made them.
  Updating: "Running",
  Deleting: "Terminating",
  Inactive: "Unknown",
  Failed: "Failed",
};

/** The key under which `LiveStatuses` holds a node group's nodes (by cloud id); never a connection name. */
export function nodeGroupKey(vm: Pick<VmRecord, "connection" | "cluster" | "subGroup">): string {
  return `${vm.connection}\u0000${vm.cluster ?? ""}\u0000${vm.subGroup}`;
}

/** Groups records by a key, in first-seen order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** The cluster a node is in, or undefined when the cloud no longer has it. */
async function readCluster(
  conn: Connection,
  name: string,
  abortSignal?: AbortSignal,
): Promise<ClusterInfo | undefined> {
  try {
    return await conn.cluster.get(name, abortSignal ? { abortSignal } : {});
  } catch (error) {
    if (isBaristaError(error, "NotFound")) return undefined;
    throw error;
  }
}

/**
 * The nodes' statuses, by cloud id, per node group (`nodeGroupKey`): one cluster read per cluster.
 * A node the group no longer lists (scaled in, replaced, or the group gone) reads NotExist; a
 * cluster that cannot be read is left out (its nodes keep their stored status).
 */
export async function readNodeStatuses(
  env: McisEnv,
  vms: readonly VmRecord[],
  abortSignal?: AbortSignal,
): Promise<Map<string, Map<string, VmStatus>>> {
  const live = new Map<string, Map<string, VmStatus>>();
  const nodes = vms.filter((vm) => vm.cluster !== undefined && vm.status !== "Terminated");
  const byCluster = groupBy(nodes, (vm) => `${vm.connection}\u0000${vm.cluster ?? ""}`);
  await Promise.all(
    [...byCluster.values()].map(async (members) => {
      const first = members[0] as VmRecord;
      try {
        const conn = await env.connection(first.connection);
        const cluster = await readCluster(conn, first.cluster ?? "", abortSignal);
        for (const vm of members) {
          const group = cluster && nodeGroupOf(cluster, vm.subGroup);
          const statuses = new Map<string, VmStatus>();
          for (const node of group?.nodes ?? []) statuses.set(node.systemId, nodeStatusOf[group?.status ?? "Inactive"]);
          live.set(nodeGroupKey(vm), statuses);
        }
      } catch (error) {
        if (abortSignal?.aborted) throw error;
        env.logger.warn("could not read a cluster's node groups", {
          connection: first.connection,
          cluster: first.cluster,
          code: isBaristaError(error) ? error.code : "Unknown",
        });
      }
    }),
  );
  return live;
}

function subGroupOf(run: Run, name: string): SubGroupRecord & { nodeGroup: NonNullable<SubGroupRecord["nodeGroup"]> } {
  const group = run.head.subGroups.find((g) => g.name === name);
  if (!group?.nodeGroup) throw new BaristaError("Conflict", `sub-group ${name} is not a node group`);
  return group as SubGroupRecord & { nodeGroup: NonNullable<SubGroupRecord["nodeGroup"]> };
}

/**
 * Makes the nodes of node-group sub-groups: a new sub-group adds its node group (desired = the
 * new VMs), a scale-out raises the group's desired size (and its maximum when the request set no
 * cap); core waits until the group is Active. The new nodes (those no record holds yet, by name)
 * become the new VMs in index order. A failure fails every new VM of the group, with its reason.
 */
export async function provisionNodeGroups(
  run: Run,
  vms: readonly VmRecord[],
  ready: (connection: string) => Promise<void>,
): Promise<VmRecord[]> {
  const done = await Promise.all(
    [...groupBy(vms, (vm) => vm.subGroup)].map(([name, members]) => provisionNodeGroup(run, name, members, ready)),
  );
  return done.flat();
}

async function provisionNodeGroup(
  run: Run,
  name: string,
  vms: readonly VmRecord[],
  ready: (connection: string) => Promise<void>,
): Promise<VmRecord[]> {
  const { env } = run;
  const group = subGroupOf(run, name);
  const { cluster } = group.nodeGroup;
  const options = signalOptions(run);
  try {
    const conn = await env.connection(group.connection);
    await ready(conn.name);
    for (const vm of vms) run.reporter.emit("requested", vm, "Creating");
    const existing = nodeGroupOf(await conn.cluster.get(cluster, options), name);
    let info: NodeGroupInfo;
    if (existing) {
      const desired = existing.desiredNodeSize + vms.length;
      info = await conn.cluster.changeNodeGroupScaling(
        cluster,
        name,
        { desired, min: Math.min(existing.minNodeSize, desired), max: Math.max(existing.maxNodeSize, desired) },
        options,
      );
    } else {
      info = await conn.cluster.addNodeGroup(
        cluster,
        {
          name,
          specName: group.specName,
          ...(group.image ? { imageName: group.image } : {}),
          ...(group.rootDiskType ? { rootDiskType: group.rootDiskType } : {}),
          ...(group.rootDiskSizeGB ? { rootDiskSizeGB: group.rootDiskSizeGB } : {}),
          keyPairName: group.keyPairName,
          // The MCIS sizes the group (scale-out); the cloud's autoscaler would change it underneath.
          onAutoScaling: false,
          desiredNodeSize: vms.length,
          minNodeSize: Math.min(group.nodeGroup.minNodeSize, vms.length),
          maxNodeSize: group.nodeGroup.maxNodeSize ?? vms.length,
        },
        options,
      );
    }
    const held = new Set(
      (await env.store.vms(run.head)).flatMap((vm) =>
        vm.subGroup === name && vm.systemId !== undefined ? [vm.systemId] : [],
      ),
    );
    const fresh = info.nodes
      .filter((node) => !held.has(node.systemId))
      .sort((a, b) => a.nameId.localeCompare(b.nameId));
    return vms.map((vm, i) => {
      const node = fresh[i];
      if (!node) {
        const missing = new BaristaError(
          "ProviderError",
          `node group "${name}" of cluster "${cluster}" is ${info.status} with ${info.nodes.length} node(s); none is left for VM ${vm.id}`,
        );
        return failVm(run, vm, missing, "Create", "Failed");
      }
      const next: VmRecord = {
        ...withoutReason(vm),
        coreName: node.nameId,
        systemId: node.systemId,
        status: "Running",
        targetStatus: "None",
        targetAction: "None",
      };
      run.writer.put(next);
      run.reporter.emit("running", next, "Running");
      return next;
    });
  } catch (error) {
    return vms.map((vm) => failVm(run, vm, error, "Create", "Failed"));
  }
}

/**
 * Removes nodes of node-group sub-groups. When the nodes to remove are all the sub-group still
 * has, its node group is removed (never the cluster); otherwise the group is scaled down by the
 * nodes it still lists (the cloud picks which nodes go). Nodes the group no longer lists, and
 * groups already gone, are dropped without a call. A failure keeps the nodes, with the reason.
 */
export async function removeNodeVms(run: Run, vms: readonly VmRecord[]): Promise<{ vm: VmRecord; gone: boolean }[]> {
  const all = await run.env.store.vms(run.head);
  const done = await Promise.all(
    [...groupBy(vms, (vm) => vm.subGroup)].map(async ([name, members]) => {
      const first = members[0] as VmRecord;
      const options = signalOptions(run);
      const cluster = first.cluster ?? "";
      try {
        const conn = await run.env.connection(first.connection);
        const info = await readCluster(conn, cluster, run.abortSignal);
        // An add refused because the name was taken meanwhile (another MCIS or process got there
        // first, under core's node-group lock) made nothing: the group there is not this MCIS's.
        const notOurs = members.every((vm) => vm.systemId === undefined && vm.reason?.code === "AlreadyExists");
        const group = notOurs ? undefined : info && nodeGroupOf(info, name);
        if (group) {
          const leaving = new Set(members.map((vm) => vm.id));
          const others = all.filter((vm) => vm.subGroup === name && !leaving.has(vm.id) && vm.status !== "Terminated");
          const listed = new Set(group.nodes.map((node) => node.systemId));
          // Refine drops nodes the cloud replaced: the group (with its new nodes) stays unless a
          // node it still lists is refined away with the rest.
          const refining = run.head.operation?.kind === "refine";
          const whole = others.length === 0 && (!refining || members.some((vm) => listed.has(vm.systemId ?? "")));
          if (whole) {
            for (const vm of members) run.reporter.emit("requested", vm, "Terminating");
            await run.env.retrying(() => conn.cluster.removeNodeGroup(cluster, name, options), run.abortSignal);
          } else {
            const desired = Math.max(
              0,
              group.desiredNodeSize - members.filter((vm) => listed.has(vm.systemId ?? "")).length,
            );
            if (desired !== group.desiredNodeSize)
              await run.env.retrying(
                () =>
                  conn.cluster.changeNodeGroupScaling(
                    cluster,
                    name,
                    { desired, min: Math.min(group.minNodeSize, desired), max: group.maxNodeSize },
                    options,
                  ),
                run.abortSignal,
              );
          }
        }
        return members.map((vm) => {
          const current: VmRecord = {
            ...withoutReason(vm),
            status: "Terminated",
            targetStatus: "Terminated",
            targetAction: "Terminate",
          };
          run.writer.put(current);
          run.reporter.emit("terminated", current, "Terminated");
          return { vm: current, gone: true };
        });
      } catch (error) {
        return members.map((vm) => ({ vm: failVm(run, vm, error, "Terminate", vm.status), gone: false }));
      }
    }),
  );
  return done.flat();
}

/** Whether any of these VMs is a node of a node group. */
export function hasNodes(vms: readonly VmRecord[]): boolean {
  return vms.some((vm) => vm.cluster !== undefined);
}

/**
 * Refuses an action on single nodes before any call: managed nodes belong to the cloud's scaling,
 * which replaces a node that is suspended or terminated underneath it (and core cannot address
 * them). Scale-out and delete of the sub-group or MCIS act on the node group instead.
 */
export function refuseOnNodes(label: string, vms: readonly VmRecord[], action: string): void {
  const nodes = vms.filter((vm) => vm.cluster !== undefined);
  const first = nodes[0];
  if (!first) return;
  throw new BaristaError(
    "NotSupported",
    `${action} of ${label}: VM ${nodes
      .slice(0, 5)
      .map((vm) => vm.id)
      .join(
        ", ",
      )} ${nodes.length > 1 ? "are nodes" : "is a node"} of node group "${first.subGroup}" of cluster "${first.cluster ?? ""}", which the cloud manages; scale or delete the sub-group instead`,
    { resourceType: "mcis", rule: "managed-node" },
  );
}

/**
 * The cloud's status of a node from `readNodeStatuses`: undefined when its group was not read or
 * the node is not made yet (no cloud id), NotExist when the group no longer lists it.
 */
export function nodeCloudStatus(
  vm: VmRecord,
  live: ReadonlyMap<string, ReadonlyMap<string, VmStatus>>,
): VmStatus | undefined {
  const statuses = live.get(nodeGroupKey(vm));
  if (!statuses || vm.systemId === undefined) return undefined;
  return statuses.get(vm.systemId) ?? "NotExist";
}
