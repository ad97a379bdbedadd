import { abortedError, invalidArgument, lockKeys, notFound } from "@cloud-barista/core";
import { maxVmIndex, requireId } from "../model/ids.js";
import type { SubGroupRequest } from "../model/requests.js";
import type { McisInfo, McisRef } from "../model/types.js";
import { planGroups } from "../request/plan.js";
import type { GroupToPlan } from "../request/plan.js";
import { checkMcisVms, checkNewSubGroup, checkSize, checkSubGroups, totalSize } from "../request/validate.js";
import type { McisRecord, SubGroupRecord } from "../store/records.js";
import { groupRecord } from "./create.js";
import type { McisEnv } from "../env/env.js";
import { loadHead } from "./live.js";
import { beginOperation, endOperation, newRun } from "./operation.js";
import type { McisOperationOptions } from "./operation.js";
import { intentRecord, provisionAndSettle, rollbackError } from "./provisioning.js";
import { assertNoInterrupted, assertNotCreating, checkRef, refreshVms } from "./state.js";
import { toMcisInfo } from "./view.js";

/** A sub-group's stored definition as a request for `count` more VMs (defaults stay defaults). */
function requestOf(group: SubGroupRecord, count: number): SubGroupRequest {
  if (group.nodeGroup)
    return {
      name: group.name,
      connection: group.connection,
      specName: group.specName,
      ...(group.image ? { image: group.image } : {}),
      size: count,
      nodeGroup: { ...group.nodeGroup },
      ...(group.defaultKeyPair ? {} : { keyPairName: group.keyPairName }),
      labels: { ...group.labels },
    };
  return {
    name: group.name,
    connection: group.connection,
    specName: group.specName,
    image: group.image,
    size: count,
    ...(group.defaultNetwork
      ? {}
      : { vpcName: group.vpcName, subnetName: group.subnetName, securityGroupNames: [...group.securityGroupNames] }),
    ...(group.defaultKeyPair ? {} : { keyPairName: group.keyPairName }),
    ...(group.rootDiskType ? { rootDiskType: group.rootDiskType } : {}),
    ...(group.rootDiskSizeGB ? { rootDiskSizeGB: group.rootDiskSizeGB } : {}),
    labels: { ...group.labels },
  };
}

/**
 * Adds VMs to an MCIS: new sub-groups (`added`) and/or more VMs of existing ones. The new VMs'
 * intents and the updated MCIS record are stored before any cloud call; the MCIS policy applies to
 * the new VMs only (a rollback removes them, and sub-groups left empty, then throws; new VMs it
 * could not remove stay, as the cloud reports them, and are the error's `leftovers`).
 */
async function grow(
  env: McisEnv,
  ref: McisRef,
  options: McisOperationOptions,
  build: (head: McisRecord) => {
    groups: GroupToPlan[];
    added: string[];
    kind: "scaleOut" | "addSubGroup";
    /** The request field that asks for the new VMs, for the MCIS's VM bound. */
    field: string;
  },
): Promise<McisInfo> {
  return env.withLock(lockKeys.mcis(ref.namespace, ref.name), options.abortSignal, async () => {
    let head = await loadHead(env, ref);
    assertNoInterrupted(head);
    // Every shape and bound check comes before the cloud is read.
    const { groups, added, kind, field } = build(head);
    checkMcisVms(field, (await env.store.vms(head)).length, totalSize(groups.map((g) => g.request)));
    assertNotCreating(`MCIS "${head.name}"`, await refreshVms(env, head, options.abortSignal));
    const plan = await planGroups(
      env,
      { namespace: head.namespace, name: head.name, policy: head.policy },
      groups,
      options.abortSignal,
      false,
    );
    const now = env.now();
    const vms = plan.vms.map((vm) => intentRecord(vm, now));
    const ids = vms.map((vm) => vm.id);
    const grown = new Map(groups.map((g) => [g.request.name, g.firstIndex + g.request.size]));
    head = {
      ...head,
      subGroups: [
        ...head.subGroups.map((g) => ({ ...g, nextIndex: grown.get(g.name) ?? g.nextIndex })),
        ...plan.subGroups.filter((g) => added.includes(g.name)).map((g) => groupRecord(g, g.size + 1)),
      ],
      newVmIds: ids,
    };
    head = await beginOperation(
      env,
      head,
      { kind, action: "Create", vmIds: ids },
      { targetAction: "Create", targetStatus: "Running" },
      vms,
    );
    const run = newRun(env, head, "Create", vms.length, options);
    const result = await provisionAndSettle(run, vms, head.policy);
    if (options.abortSignal?.aborted) throw abortedError(options.abortSignal);
    const remaining = await env.store.vms(run.head);
    // Indices stay taken (never reused), but a new sub-group left without VMs goes.
    const empty = added.filter((name) => !remaining.some((vm) => vm.subGroup === name));
    const ended = await endOperation(env, {
      ...run.head,
      subGroups: run.head.subGroups.filter((g) => !empty.includes(g.name)),
    });
    if (result.rolledBack)
      throw rollbackError(
        `${kind === "scaleOut" ? "scale-out" : "adding sub-groups"} of MCIS "${head.name}"`,
        result,
        vms.length,
      );
    return toMcisInfo(ended, remaining);
  });
}

/** Adds `count` VMs to a sub-group, continuing its index (Tumblebug's scale-out). */
export async function scaleOut(
  env: McisEnv,
  ref: McisRef & { subGroup: string },
  count: number,
  options: McisOperationOptions,
): Promise<McisInfo> {
  checkRef(ref);
  requireId("subGroup", ref.subGroup);
  checkSize("count", count);
  return grow(env, ref, options, (head) => {
    const group = head.subGroups.find((g) => g.name === ref.subGroup);
    if (!group) throw notFound("subGroup", ref.subGroup, `MCIS "${head.name}"`);
    if (group.nextIndex + count - 1 > maxVmIndex) {
      throw invalidArgument(
        "count",
        "size",
        `sub-group ${group.name} would pass VM index ${maxVmIndex} (next index ${group.nextIndex})`,
      );
    }
    return {
      groups: [{ request: requestOf(group, count), field: "subGroup", firstIndex: group.nextIndex }],
      added: [],
      kind: "scaleOut",
      field: "count",
    };
  });
}

/**
 * Adds new sub-groups to an MCIS and creates their VMs. `single` names fields as for one
 * sub-group ("subGroup.size") rather than a list ("subGroups[0].size").
 */
export async function addSubGroups(
  env: McisEnv,
  ref: McisRef,
  requests: SubGroupRequest[],
  options: McisOperationOptions,
  single = false,
): Promise<McisInfo> {
  checkRef(ref);
  return grow(env, ref, options, (head) => {
    const taken = head.subGroups.map((g) => g.name);
    const groups = single
      ? [checkNewSubGroup("subGroup", requests[0], taken)]
      : checkSubGroups("subGroups", requests, taken);
    return {
      groups: groups.map((request, i) => ({ request, field: single ? "subGroup" : `subGroups[${i}]`, firstIndex: 1 })),
      added: groups.map((g) => g.name),
      kind: "addSubGroup",
      field: single ? "subGroup.size" : "subGroups",
    };
  });
}
