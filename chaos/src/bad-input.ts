import { isBaristaError } from "@cloud-barista/core";
import type { ProviderName } from "@cloud-barista/core";
import { connectionEntryPoints, globalEntryPoints } from "./bad-input/entry-points.js";
import type { EntryPoint } from "./bad-input/entry-points.js";
import { chaosFixture } from "./bad-input/fixture.js";
import type { Effects } from "./bad-input/fixture.js";
import { badValues } from "./bad-input/shapes.js";
import type { BadValue } from "./bad-input/shapes.js";
import type { ChaosPart, PartOptions, PartResult } from "./part.js";
import type { ChaosLine, Reporter } from "./report.js";

// The bad-input part: every public entry point (each method of every service of a Connection, the
// SDK instance's registries, MCIS create, placement) gets, one parameter or field at a time, values
// of the wrong type, null and undefined, empty and oversized ones, prototype keys, NaN and Infinity.
// Each case must end in an InvalidArgument naming the field and a rule, marked unsent, with no write
// to the store, no native call (call history and the world's gate) and no driver registered.

const part = "bad-input";

/** What went wrong in one case; a case holds when the list is empty. */
export type FailureKind =
  | "accepted"
  | "untyped"
  | "wrong-code"
  | "wrong-field"
  | "wrong-rule"
  | "not-unsent"
  | "sync-throw"
  | "not-sync"
  | "hang"
  | "store-write"
  | "native-call"
  | "driver-registered";

export interface CaseOutcome {
  failures: FailureKind[];
  /** What the entry point did: its error (code, field, rule) or "resolved". */
  got: string;
}

const caseTimeoutMs = 10_000;
const failureLinesPerTarget = 40;

/** Awaits what an entry point returned: a promise, or a generator's first item. */
async function settle(value: unknown): Promise<void> {
  if (value !== null && typeof value === "object" && Symbol.asyncIterator in value) {
    const iterator = value as AsyncGenerator<unknown>;
    await iterator.next();
    await iterator.return(undefined);
    return;
  }
  await value;
}

function describe(error: unknown): string {
  if (isBaristaError(error)) return `${error.code} ${error.field ?? "-"} ${error.rule ?? "-"}`;
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 120)}` : String(error);
}

/**
 * Runs one case: calls the entry point with `args` and checks what came back and what changed.
 * `effects` reads the counters a case must leave alone.
 */
export async function runCase<Context>(
  entryPoint: EntryPoint<Context>,
  context: Context,
  args: readonly unknown[],
  expected: { field: string; rule?: string | undefined },
  effects: () => Promise<Effects>,
): Promise<CaseOutcome> {
  const before = await effects();
  let error: unknown;
  let threwSync = false;
  let rejected = false;
  try {
    const returned = entryPoint.call(context, args);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"hang">((resolve) => (timer = setTimeout(() => resolve("hang"), caseTimeoutMs)));
    try {
      const outcome = await Promise.race([settle(returned).then(() => "settled" as const), timeout]);
      if (outcome === "hang") return { failures: ["hang"], got: "no answer" };
    } catch (e) {
      rejected = true;
      error = e;
    } finally {
      clearTimeout(timer);
    }
  } catch (e) {
    threwSync = true;
    error = e;
  }
  const after = await effects();
  const failures: FailureKind[] = [];
  if (!threwSync && !rejected) failures.push("accepted");
  else if (!isBaristaError(error)) failures.push("untyped");
  else {
    if (error.code !== "InvalidArgument") failures.push("wrong-code");
    else {
      if (error.field !== expected.field) failures.push("wrong-field");
      if (
        typeof error.rule !== "string" ||
        error.rule === "" ||
        (expected.rule !== undefined && error.rule !== expected.rule)
      )
        failures.push("wrong-rule");
      if (!error.unsent) failures.push("not-unsent");
    }
    if (entryPoint.sync && rejected) failures.push("not-sync");
    if (!entryPoint.sync && threwSync) failures.push("sync-throw");
  }
  if (after.writes !== before.writes) failures.push("store-write");
  if (after.nativeCalls !== before.nativeCalls || after.served !== before.served) failures.push("native-call");
  if (after.drivers !== before.drivers) failures.push("driver-registered");
  return { failures, got: threwSync || rejected ? describe(error) : "resolved" };
}

/** The cases of one entry point: each bad value of each parameter, the others good. */
export function casesOf<Context>(entryPoint: EntryPoint<Context>): { args: unknown[]; bad: BadValue }[] {
  const good = entryPoint.params.map((p) => p.valid);
  return entryPoint.params.flatMap((param, i) =>
    badValues(param.shape, param.label, param.valid, param.optional).map((bad) => {
      const args = [...good];
      args[i] = bad.value;
      return { args, bad };
    }),
  );
}

interface Tally {
  entryPoints: number;
  cases: number;
  failures: number;
  byKind: Partial<Record<FailureKind, number>>;
}

async function attack<Context>(
  target: string,
  entryPoints: readonly EntryPoint<Context>[],
  context: Context,
  effects: () => Promise<Effects>,
  reporter: Reporter,
): Promise<Tally> {
  const tally: Tally = { entryPoints: entryPoints.length, cases: 0, failures: 0, byKind: {} };
  const started = performance.now();
  let reported = 0;
  for (const entryPoint of entryPoints) {
    for (const { args, bad } of casesOf(entryPoint)) {
      const outcome = await runCase(entryPoint, context, args, bad, effects);
      tally.cases++;
      if (outcome.failures.length === 0) continue;
      tally.failures++;
      for (const kind of outcome.failures) tally.byKind[kind] = (tally.byKind[kind] ?? 0) + 1;
      if (reported++ < failureLinesPerTarget) {
        reporter.line({
          part,
          target,
          failure: {
            entryPoint: entryPoint.name,
            case: bad.label,
            expected: { field: bad.field, ...(bad.rule ? { rule: bad.rule } : {}) },
            got: outcome.got,
            kinds: outcome.failures,
          },
        });
      }
    }
  }
  reporter.line({ part, target, ...tally, ms: Math.round(performance.now() - started) });
  return tally;
}

/**
 * The clouds a run attacks: driver-mock alone in a quick run (in-process, a few seconds), every
 * driver with a front otherwise (over HTTP). Every bad value of every entry point either way.
 */
function providersOf(options: PartOptions): ProviderName[] {
  return options.quick ? ["MOCK"] : ["MOCK", "AWS", "OPENSTACK"];
}

export async function runBadInput(options: PartOptions, reporter: Reporter): Promise<PartResult> {
  const started = performance.now();
  const fixture = await chaosFixture(providersOf(options));
  const totals: Tally = { entryPoints: 0, cases: 0, failures: 0, byKind: {} };
  const add = (t: Tally): void => {
    totals.entryPoints += t.entryPoints;
    totals.cases += t.cases;
    totals.failures += t.failures;
    for (const [kind, n] of Object.entries(t.byKind)) {
      totals.byKind[kind as FailureKind] = (totals.byKind[kind as FailureKind] ?? 0) + n;
    }
  };
  try {
    for (const target of fixture.targets) {
      reporter.line({ part, target: target.conn.name, baseline: { made: target.made, missed: target.missed } });
      add(
        await attack(
          target.conn.name,
          connectionEntryPoints(target.baseline, target.conn.capabilities),
          target.conn,
          fixture.effects,
          reporter,
        ),
      );
    }
    add(await attack("global", globalEntryPoints(fixture.global), fixture.global, fixture.effects, reporter));
  } finally {
    await fixture.close();
  }
  const summary: ChaosLine = {
    part,
    summary: true,
    quick: options.quick,
    targets: [...fixture.targets.map((t) => t.conn.name), "global"],
    ...totals,
    ms: Math.round(performance.now() - started),
  };
  reporter.line(summary);
  return { cases: totals.cases, failures: totals.failures };
}

export const badInputPart: ChaosPart = {
  name: part,
  description:
    "bad input to every public entry point: a typed InvalidArgument naming field and rule, nothing stored, no native call",
  run: runBadInput,
};
