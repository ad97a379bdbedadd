import { abortedError, alreadyExists, lockKeys } from "@cloud-barista/core";
import type { McisCreateRequest } from "../model/requests.js";
import type { McisInfo } from "../model/types.js";
import { planGroups } from "../request/plan.js";
import type { McisPlan } from "../request/plan.js";
import { checkMcisFields, checkMcisVms, checkPolicy, checkSubGroups, totalSize } from "../request/validate.js";
import type { McisRecord, SubGroupRecord } from "../store/records.js";
import type { McisEnv } from "../env/env.js";
import { endOperation, newRun } from "./operation.js";
import type { McisOperationOptions } from "./operation.js";
import { intentRecord, provisionAndSettle, rollbackError } from "./provisioning.js";
import { toMcisInfo } from "./view.js";

/**
 * Validates a create request completely and resolves what it would make: the dry run, or (`dryRun`
 * false) the plan of a create, whose provisioning looks at the default networks itself.
 */
export async function planCreate(
  env: McisEnv,
  request: McisCreateRequest,
  abortSignal?: AbortSignal,
  dryRun = true,
): Promise<McisPlan> {
  checkMcisFields(request);
  const groups = checkSubGroups("subGroups", request.subGroups);
  checkMcisVms("subGroups", 0, totalSize(groups));
  const policy = checkPolicy("policy", request.policy);
  if (await env.store.head(request.namespace, request.name))
    throw alreadyExists("mcis", request.name, `namespace "${request.namespace}"`);
  return planGroups(
    env,
    { namespace: request.namespace, name: request.name, policy },
    groups.map((g, i) => ({ request: g, field: `subGroups[${i}]`, firstIndex: 1 })),
    abortSignal,
    dryRun,
  );
}

/** The stored form of a planned sub-group whose first `size` indices are taken. */
export function groupRecord(group: McisPlan["subGroups"][number], nextIndex: number): SubGroupRecord {
  const { size: _size, provider: _provider, region: _region, vcpusPerVm: _vcpus, ...rest } = group;
  return { ...rest, nextIndex };
}

/**
 * Creates an MCIS: the record and every VM's intent in one commit (which also claims the name),
 * then default networks and VMs in parallel, then the partial-failure policy. Failed VMs are
 * reported in the result (status Failed, with reasons); under "rollback" the MCIS is removed and the
 * first failure is thrown, or, when some VMs could not be removed, the MCIS keeps exactly those (with
 * the status the cloud reports) and the error lists them in `leftovers`.
 */
export async function createMcis(
  env: McisEnv,
  request: McisCreateRequest,
  options: McisOperationOptions,
): Promise<McisInfo> {
  const plan = await planCreate(env, request, options.abortSignal, false);
  const { namespace, name } = request;
  return env.withLock(lockKeys.mcis(namespace, name), options.abortSignal, async () => {
    const now = env.now();
    const vms = plan.vms.map((vm) => intentRecord(vm, now));
    const ids = vms.map((vm) => vm.id);
    const head: McisRecord = {
      v: 1,
      namespace,
      name,
      ...(request.description === undefined ? {} : { description: request.description }),
      labels: { ...request.labels },
      policy: plan.policy,
      subGroups: plan.subGroups.map((g) => groupRecord(g, g.size + 1)),
      targetStatus: "Running",
      targetAction: "Create",
      operation: { kind: "create", action: "Create", vmIds: ids, startedAt: now },
      systemMessages: [],
      newVmIds: ids,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await env.store.create(head, vms))) throw alreadyExists("mcis", name, `namespace "${namespace}"`);
    const run = newRun(env, head, "Create", vms.length, options);
    const result = await provisionAndSettle(run, vms, plan.policy);
    // Stopped half-way: the operation stays recorded as in flight, for reconcile to finish.
    if (options.abortSignal?.aborted) throw abortedError(options.abortSignal);
    if (result.rolledBack) {
      const error = rollbackError(`MCIS "${name}"`, result, vms.length);
      if (result.left.length === 0) {
        await env.store.remove(run.head, []);
        throw error;
      }
      // What could not be removed stays, as the cloud reports it, in an idle MCIS the caller can delete.
      const holding = new Set(result.left.map((vm) => vm.subGroup));
      await endOperation(env, { ...run.head, subGroups: run.head.subGroups.filter((g) => holding.has(g.name)) });
      throw error;
    }
    const ended = await endOperation(env, run.head);
    return toMcisInfo(ended, await env.store.vms(ended));
  });
}
