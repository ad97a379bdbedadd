import { invalidArgument, isBaristaError } from "@cloud-barista/core";
import { BlockList, blockFor, describeBlock } from "./blocking.js";
import type { Block } from "./blocking.js";
import type { Decision } from "./decision-log.js";
import { mcisLimits } from "../model/limits.js";
import type { McisRef } from "../model/types.js";
import type { PlacementEngine, ProvisionResult, VmOutcome } from "./engine-port.js";
import { describeOffer } from "./offer.js";
import type { Offer } from "./offer.js";
import { formatPlanCost, planPlacement } from "./plan.js";
import type { PlacementPlan, PlacementRequest, PlannedSubGroup } from "./plan.js";
import { planToMcis, subGroupRequest } from "./plan-to-mcis.js";
import type { PlanToMcisOptions } from "./plan-to-mcis.js";
import { isList, requireMaxItems, requirePositiveInteger } from "../util/validate.js";

/** Options of provisioning a plan with failover to alternatives. */
export interface FailoverOptions extends Omit<PlanToMcisOptions, "allowPartial" | "policy" | "dryRun"> {
  /** Engine calls at most (the create, then one per re-plan). Default 5. */
  readonly maxAttempts?: number;
  /** Places ruled out from the start (e.g. carried over from an earlier run). */
  readonly blocks?: readonly Block[];
}

/** What failover provisioned: the MCIS, whether every VM was placed, and how. */
export interface FailoverResult {
  readonly mcis: McisRef;
  /** Every requested VM is placed (none failed, none left unplaced). */
  readonly complete: boolean;
  /** Engine calls made: the create and each addition of re-planned sub-groups. */
  readonly attempts: number;
  /** VMs that are placed (Running, or any status but Failed). */
  readonly running: readonly VmOutcome[];
  /** VMs that failed in the last attempt and were not replaced. */
  readonly failed: readonly VmOutcome[];
  /** VMs no offer was left for. */
  readonly unplaced: number;
  /** Every sub-group planned, across attempts. */
  readonly subGroups: readonly PlannedSubGroup[];
  readonly blocks: readonly Block[];
  readonly decisions: readonly Decision[];
}

/**
 * Plans, provisions, and on failure blocks the failing scope (see blockingTable), re-plans only
 * the VMs that failed (running VMs count toward spread and quotas and are never moved), and adds
 * them as new sub-groups; at most `maxAttempts` engine calls. Every step is in `decisions`.
 */
export async function provisionWithFailover(
  engine: PlacementEngine,
  offers: readonly Offer[],
  request: PlacementRequest,
  options: FailoverOptions,
): Promise<FailoverResult> {
  const maxAttempts = requirePositiveInteger("maxAttempts", options.maxAttempts ?? 5, mcisLimits.failoverAttempts);
  if (options.blocks !== undefined) {
    if (!isList(options.blocks)) throw invalidArgument("blocks", "array", "must be a list of blocks");
    requireMaxItems("blocks", options.blocks, mcisLimits.listItems);
  }
  const mcis: McisRef = { namespace: options.namespace, name: options.name };
  const blocks = new BlockList(options.blocks);
  const exclude = (o: Offer): boolean => blocks.blocking(o) !== undefined;
  const decisions: Decision[] = [];
  const groups = new Map<string, PlannedSubGroup>();
  const running: VmOutcome[] = [];
  let failed: VmOutcome[] = [];
  let attempt = 1;
  let engineCalls = 0;

  const plan = planPlacement(offers, request, { exclude });
  let unplaced = plan.vmCount - plan.placed;
  const finish = (): FailoverResult => {
    const complete = failed.length === 0 && unplaced === 0;
    if (complete)
      decisions.push({
        attempt,
        kind: "completed",
        message: `all ${request.vmCount} VM(s) placed after ${engineCalls} attempt(s)`,
      });
    return {
      mcis,
      complete,
      attempts: engineCalls,
      running,
      failed,
      unplaced,
      subGroups: [...groups.values()],
      blocks: blocks.list(),
      decisions,
    };
  };
  logPlan(decisions, attempt, plan, "planned");
  if (plan.placed === 0) {
    decisions.push({ attempt, kind: "gave-up", message: `nothing to provision: ${plan.unmet.join("; ")}` });
    return finish();
  }
  const absorb = (result: ProvisionResult): void => {
    engineCalls++;
    failed = [];
    for (const vm of result.vms) (vm.status === "Failed" ? failed : running).push(vm);
  };
  for (const g of plan.subGroups) groups.set(g.name, g);
  absorb(await engine.create(planToMcis(plan, { ...options, allowPartial: true, policy: "continue" })));

  while (failed.length > 0) {
    let stop = false;
    for (const [name, vms] of groupBy(failed, (vm) => vm.subGroup)) {
      const group = groups.get(name);
      const error = vms[0]?.error;
      const code = isBaristaError(error) ? error.code : "Unknown";
      const message = error instanceof Error ? error.message : String(error);
      const where = group ? describeOffer(group.offer) : `sub-group ${name}`;
      decisions.push({
        attempt,
        kind: "failed",
        subGroup: name,
        vms: vms.map((vm) => vm.vm),
        ...(group ? { offer: group.offer.id } : {}),
        error: { code, message },
        message: `${vms.length} VM(s) of ${name} failed on ${where}: ${code}: ${message}`,
      });
      if (!group) continue;
      const block = blockFor(group.offer, error);
      if (block === "stop") {
        stop = true;
        continue;
      }
      const added = blocks.add(block);
      decisions.push({
        attempt,
        kind: "blocked",
        subGroup: name,
        block,
        message: added
          ? `blocked ${describeBlock(block)}: ${code} blocks the ${block.scope} (blocking table)`
          : `${describeBlock(block)} was already blocked`,
      });
    }
    if (stop) {
      decisions.push({ attempt, kind: "gave-up", message: "the operation was aborted: no failover" });
      break;
    }
    if (attempt >= maxAttempts) {
      decisions.push({
        attempt,
        kind: "gave-up",
        message: `${failed.length} VM(s) still failed after ${attempt} attempt(s) (maxAttempts ${maxAttempts})`,
      });
      break;
    }
    await engine.refine(mcis);
    attempt++;
    const retry = failed.length;
    const replan = planPlacement(
      offers,
      { ...request, vmCount: retry },
      { exclude, existing: placedBy(running, groups), takenNames: new Set(groups.keys()) },
    );
    unplaced += retry - replan.placed;
    logPlan(decisions, attempt, replan, "replanned");
    if (replan.placed === 0) {
      failed = [];
      decisions.push({
        attempt,
        kind: "gave-up",
        message: `no offer left for ${retry} VM(s): ${replan.unmet.join("; ")}`,
      });
      break;
    }
    for (const g of replan.subGroups) groups.set(g.name, g);
    absorb(
      await engine.addSubGroups(
        mcis,
        replan.subGroups.map((g) => subGroupRequest(g, options.subGroupDefaults)),
      ),
    );
  }
  return finish();
}

function logPlan(decisions: Decision[], attempt: number, plan: PlacementPlan, kind: "planned" | "replanned"): void {
  const verb = kind === "planned" ? "planned" : "re-planned (instead)";
  for (const g of plan.subGroups) {
    decisions.push({
      attempt,
      kind,
      subGroup: g.name,
      offer: g.offer.id,
      message: `${verb} ${g.name}: ${g.why}`,
    });
  }
  if (plan.subGroups.length > 0) {
    const shortfall = plan.unmet.length > 0 ? `; unmet: ${plan.unmet.join("; ")}` : "";
    decisions.push({
      attempt,
      kind,
      message: `${verb} ${plan.placed} of ${plan.vmCount} VM(s), est. ${formatPlanCost(plan)}${shortfall}`,
    });
  }
}

/** Running VMs as (offer, count), so re-plans count them toward spread and quotas. */
function placedBy(
  running: readonly VmOutcome[],
  groups: ReadonlyMap<string, PlannedSubGroup>,
): { offer: Offer; size: number }[] {
  const out: { offer: Offer; size: number }[] = [];
  for (const [name, vms] of groupBy(running, (vm) => vm.subGroup)) {
    const group = groups.get(name);
    if (group) out.push({ offer: group.offer, size: vms.length });
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
