import { invalidArgument } from "@cloud-barista/core";
import type { BaristaError, Store } from "@cloud-barista/core";
import { aggregateEvaluations } from "./aggregate.js";
import type { VmEvaluation } from "./vm-evaluation.js";
import { checkPeers, checkWorkload, evaluationCommand } from "./command.js";
import type { EvaluationWorkload } from "./command.js";
import { parseEvaluationOutput } from "./parse.js";
import { putPerformanceRecords } from "../../placement/performance-records.js";
import type { PerformanceRecord, RttRecord } from "../../placement/performance-records.js";
import type { SpecKey } from "../../placement/performance.js";
import { isList, requireKnownKeys, requireObject, requireProvider } from "../../util/validate.js";
import { runCommandSummary } from "../run-command.js";
import type { RemoteOptions } from "../run-command.js";
import type { RemoteTarget } from "../target.js";

/** A VM to evaluate: how SSH reaches it and which spec and region its figures belong to. */
export interface EvaluationTarget {
  readonly target: RemoteTarget;
  readonly spec: SpecKey;
  /** The address the other VMs ping for the RTT matrix (default: `target.host`). */
  readonly address?: string;
}

export interface EvaluateOptions extends RemoteOptions {
  /** Core's store: the figures are written there for `measuredPerformance`. */
  readonly store: Store;
  readonly workload?: EvaluationWorkload;
  /** Measure RTT between the VMs with ping (default true). */
  readonly rtt?: boolean;
  /** The time records carry (default: when the run ends). */
  readonly now?: () => Date;
  /** Called as each VM's run moves on. */
  readonly onProgress?: (progress: { vmId: string; state: string; finished: number; total: number }) => void;
}

/** What an evaluation measured per VM and what it stored. */
export interface EvaluationReport {
  /** One per target, in the targets' order. */
  readonly vms: readonly VmEvaluation[];
  /** What was stored: per spec, region and metric, the median over the VMs that measured it. */
  readonly figures: readonly PerformanceRecord[];
  /** Per pair of regions, the median RTT over the VM pairs that measured it. */
  readonly rtts: readonly RttRecord[];
  readonly ok: readonly string[];
  readonly failed: readonly string[];
}

const optionKeys = [
  "store",
  "workload",
  "rtt",
  "now",
  "onProgress",
  "privateKey",
  "keyProvider",
  "passphrase",
  "hostKeys",
  "concurrency",
  "timeoutMs",
  "connectTimeoutMs",
  "abortSignal",
];

/**
 * Runs the SDK's evaluation script (see `evaluationCommand`) on every VM over SSH, in parallel,
 * parses each output strictly, and stores per spec and region the median of each figure (with its
 * unit, method and time) and per pair of regions the median RTT. A VM that cannot be reached or
 * prints unreadable output adds nothing and is reported in `failed`; the others still count. Feed
 * the figures into placement with `measuredPerformance(store)`.
 */
export async function evaluatePerformance(
  targets: readonly EvaluationTarget[],
  options: EvaluateOptions,
): Promise<EvaluationReport> {
  requireObject("options", options);
  requireKnownKeys("options", options, optionKeys);
  if (!options.store) throw invalidArgument("options.store", "required", "needs the store to write figures to");
  const workload = checkWorkload(options.workload, "options.workload");
  checkTargets(targets);
  const peers =
    options.rtt === false
      ? []
      : checkPeers(
          targets.map((t) => ({ vmId: t.target.vmId, host: t.address ?? t.target.host })),
          "targets",
          { vmId: "target.vmId", host: "address" },
        );
  const { store, workload: _w, rtt: _r, now, ...remote } = options;
  const summary = await runCommandSummary(
    targets.map((t) => t.target),
    evaluationCommand(workload, peers),
    { ...remote, failOnNonZero: true },
  );
  const byVm = new Map(summary.results.map((r) => [r.vmId, r]));
  const vms: VmEvaluation[] = targets.map((t) => {
    const result = byVm.get(t.target.vmId);
    const base = { vmId: t.target.vmId, spec: t.spec, durationMs: result?.durationMs ?? 0 };
    if (!result) return base;
    if (result.error) return { ...base, error: result.error };
    try {
      return {
        ...base,
        output: parseEvaluationOutput(
          result.stdout,
          peers.map((p) => p.vmId),
        ),
      };
    } catch (error) {
      return { ...base, error: error as BaristaError };
    }
  });
  const measuredAt = now ? now() : new Date();
  const { figures, rtts } = aggregateEvaluations(vms, measuredAt);
  await putPerformanceRecords(
    store,
    { figures, rtts },
    options.abortSignal ? { abortSignal: options.abortSignal } : {},
  );
  return {
    vms,
    figures,
    rtts,
    ok: vms.filter((v) => v.output).map((v) => v.vmId),
    failed: vms.filter((v) => !v.output).map((v) => v.vmId),
  };
}

function checkTargets(targets: readonly EvaluationTarget[]): void {
  if (!isList(targets) || targets.length === 0)
    throw invalidArgument("targets", "non-empty", "needs at least one VM to evaluate");
  targets.forEach((t, i) => {
    requireObject(`targets[${i}]`, t);
    requireObject(`targets[${i}].target`, t.target);
    requireObject(`targets[${i}].spec`, t.spec);
    requireProvider(`targets[${i}].spec.provider`, t.spec.provider);
    for (const key of ["region", "specName"] as const) {
      if (typeof t.spec[key] !== "string" || t.spec[key] === "")
        throw invalidArgument(`targets[${i}].spec.${key}`, "required", "must be a non-empty string");
    }
  });
}
