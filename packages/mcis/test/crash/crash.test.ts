import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCloudBarista, openSqliteStore, scaledClock } from "@cloud-barista/core";
import type { Clock } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockFront } from "@cloud-barista/emulator/mock";
import { createMcisService } from "../../src/index.js";
import type { PartialFailurePolicy } from "../../src/index.js";
import { account, encryptionKey, regions, registerConnections } from "../support.js";
import type { ChildArgs } from "./child.js";

// Crash safety, proven: a child process provisions an MCIS (create, scale-out, delete a VM,
// suspend a sub-group) against a world that lives here, in the parent, behind the mock front; it is
// killed with SIGKILL at a chosen native call or store write; then a fresh SDK instance on the same
// SQLite file reconciles, and nothing may be leaked (a VM running that no MCIS tracks) or lost (a
// tracked VM that does not exist). Kill points are fixed fractions of the calls and writes a full
// run makes, measured first, so they spread over every phase of the run.

const here = fileURLToPath(new URL(".", import.meta.url));
const scale = 20;
/** Emulated time a create cut off by the kill may still take to complete (see core's pendingSettleMs). */
const settleMs = 20_000;
const timing = {
  vmBootMs: 4_000,
  vmStartMs: 2_000,
  vmStopMs: 2_000,
  vmRebootMs: 2_000,
  vmTerminateMs: 2_000,
  jitterRatio: 0,
};
const policies: readonly PartialFailurePolicy[] = ["continue", "rollback", "refine"];
const fractions = [0.03, 0.1, 0.17, 0.24, 0.31, 0.38, 0.45, 0.52, 0.59, 0.66, 0.73, 0.8];

type Kill = { at: "call" | "write"; n: number; phase: "before" | "after" } | undefined;

interface Outcome {
  killed: boolean;
  calls: number;
  writes: number;
  problems: string[];
}

let dir = "";
let seq = 0;
let running = 0;
const queue: (() => void)[] = [];

/** At most two children at once (the suite must stay within a minute on two cores). */
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    queue.shift()?.();
  }
}

async function runChild(
  args: ChildArgs,
  register: (kill: () => Promise<void>) => void,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    [
      "--conditions=source",
      "--disable-warning=ExperimentalWarning",
      "--import",
      join(here, "ts-hooks.ts"),
      join(here, "child.ts"),
      JSON.stringify(args),
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  register(async () => {
    child.kill("SIGKILL");
    await exited;
  });
  const { code, signal } = await exited;
  return { code, signal, stdout, stderr };
}

/** One run: provision in a child, maybe kill it, reconcile here, check, clean up. */
async function crashRun(kill: Kill, policy: PartialFailurePolicy): Promise<Outcome> {
  const clockOriginMs = Date.now();
  const clock: Clock = scaledClock(scale, clockOriginMs);
  const world = new World({ clock, timing, seed: 11 });
  let killChild: (() => Promise<void>) | undefined;
  const front = await startMockFront({
    world,
    intercept: async (call) => {
      if (kill?.at !== "call" || call.seq !== kill.n || call.phase !== kill.phase) return "continue";
      await killChild?.();
      return "drop";
    },
  });
  const dbPath = join(dir, `run-${++seq}.db`);
  const problems: string[] = [];
  try {
    const setupStore = await openSqliteStore({ path: dbPath });
    const setup = createCloudBarista({ store: setupStore, clock, encryptionKey });
    await registerConnections(setup, world);
    await setup.close();
    await setupStore.close();

    const args: ChildArgs = {
      endpoint: front.url,
      dbPath,
      encryptionKeyHex: encryptionKey.toString("hex"),
      clockScale: scale,
      clockOriginMs,
      policy,
      ...(kill?.at === "write" ? { killAtWrite: kill.n } : {}),
      phase: kill?.phase ?? "before",
    };
    const exit = await runChild(args, (k) => (killChild = k));
    const killed = exit.signal === "SIGKILL";
    if (!killed && exit.code !== 0) problems.push(`child failed (${exit.code}): ${exit.stderr.slice(0, 2000)}`);
    const writes = killed
      ? kill?.at === "write"
        ? kill.n
        : 0
      : ((JSON.parse(exit.stdout.trim() || "{}") as { writes?: number }).writes ?? 0);

    // A new process, as it were: a fresh SDK instance on the same file, talking to the world in-process.
    const store = await openSqliteStore({ path: dbPath });
    const barista = createCloudBarista({ store, clock, encryptionKey, timeouts: { pendingSettleMs: settleMs } });
    await registerConnections(barista, world, false);
    const mcis = createMcisService({ barista, store, statusPollMs: 500, runningTimeoutMs: 60_000 });
    // A create the kill cut off may still complete in the cloud for a while: reconcile again until
    // core has nothing pending any more (bounded).
    const corePending = async (): Promise<boolean> => {
      for (const name of Object.keys(regions))
        if ((await (await barista.connection(name)).reconcile()).pending.length > 0) return true;
      return false;
    };
    let report = await mcis.reconcile();
    for (let i = 0; i < 4 && (report.mcis.some((e) => e.unsettled.length > 0) || (await corePending())); i++) {
      await clock.sleep(settleMs);
      report = await mcis.reconcile();
    }
    for (const entry of report.mcis)
      if (entry.unsettled.length > 0) problems.push(`unsettled: ${entry.unsettled.join(", ")}`);

    const tracked = new Map<string, string>();
    for (const info of await mcis.list("crash")) {
      if (info.targetAction !== "None" && info.statusCount.terminated !== info.statusCount.total)
        problems.push(`${info.name} still has target ${info.targetAction}`);
      for (const vm of info.vms) {
        if (vm.systemId !== undefined && vm.status !== "Terminated") tracked.set(vm.systemId, `${info.name}/${vm.id}`);
        if (vm.systemId === undefined && vm.status !== "Failed" && vm.status !== "Terminated")
          problems.push(`${vm.id} has no cloud id but is ${vm.status}`);
        if (vm.status === "Creating" || vm.status === "Undefined")
          problems.push(`${vm.id} is ${vm.status} after reconcile`);
      }
    }
    const inWorld = Object.values(regions).flatMap((region) =>
      world
        .accountRegion({ provider: "MOCK", account, region })
        .vms.list()
        .items.filter((vm) => vm.state !== "terminated"),
    );
    for (const vm of inWorld) if (!tracked.has(vm.id)) problems.push(`leaked: ${vm.id} (${vm.name}, ${vm.state})`);
    const worldIds = new Set(inWorld.map((vm) => vm.id));
    for (const [id, name] of tracked) if (!worldIds.has(id)) problems.push(`lost: ${name} (${id})`);
    for (const name of Object.keys(regions)) {
      const conn = await barista.connection(name);
      for (const service of [conn.vm, conn.vpc, conn.securityGroup, conn.keyPair] as const) {
        const inventory = await service.inventory();
        if (inventory.onlyInCloud.length > 0)
          problems.push(`untracked in ${name}: ${inventory.onlyInCloud.map((i) => i.nameId).join(", ")}`);
        if (inventory.onlyTracked.length > 0)
          problems.push(`tracked but gone in ${name}: ${inventory.onlyTracked.map((i) => i.nameId).join(", ")}`);
      }
    }

    // What reconcile left must be operable: delete everything, and the world must be empty.
    for (const info of await mcis.list("crash", { refresh: false }))
      await mcis.delete({ namespace: "crash", name: info.name }, { terminate: true });
    for (const name of Object.keys(regions)) await mcis.releaseDefaultNetwork("crash", name);
    for (const region of Object.values(regions)) {
      const cloud = world.accountRegion({ provider: "MOCK", account, region });
      const left = [
        ...cloud.vms
          .list()
          .items.filter((vm) => vm.state !== "terminated")
          .map((vm) => vm.name),
        ...cloud.vpcs.list().items.map((v) => v.name),
        ...cloud.securityGroups.list().items.map((s) => s.name),
        ...cloud.keyPairs.list().items.map((k) => k.name),
      ];
      if (left.length > 0) problems.push(`left after clean-up in ${region}: ${left.join(", ")}`);
    }
    await barista.close();
    await store.close();
    return { killed, calls: front.calls, writes, problems };
  } finally {
    await front.close();
  }
}

let probe: Promise<Outcome>;
const outcomes: { label: string; outcome: Outcome }[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mcis-crash-"));
  probe = slot(() => crashRun(undefined, "continue"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.concurrent("crash at any point, then reconcile", () => {
  it("a run without a crash provisions and cleans up without problems", async () => {
    const outcome = await probe;
    expect(outcome.problems).toEqual([]);
    expect(outcome.calls).toBeGreaterThan(40);
    expect(outcome.writes).toBeGreaterThan(20);
  });

  const cases = fractions.flatMap((f, i) => [
    {
      at: "call" as const,
      f,
      phase: i % 2 === 0 ? ("after" as const) : ("before" as const),
      policy: policies[i % 3] ?? "continue",
    },
    {
      at: "write" as const,
      f,
      phase: i % 2 === 0 ? ("before" as const) : ("after" as const),
      policy: policies[(i + 1) % 3] ?? "continue",
    },
  ]);
  for (const c of cases) {
    const label = `killed ${c.phase} ${c.at} at ${Math.round(c.f * 100)}% of a full run (policy ${c.policy})`;
    it(label, async () => {
      const full = await probe;
      const n = Math.max(1, Math.round(c.f * (c.at === "call" ? full.calls : full.writes)));
      const outcome = await slot(() => crashRun({ at: c.at, n, phase: c.phase }, c.policy));
      outcomes.push({ label, outcome });
      expect(outcome.problems, `${c.at} ${n}`).toEqual([]);
    });
  }
});

describe("crash coverage", () => {
  // Runs after every crash case (suites run in order): the kill points must have been real crashes.
  it("killed the child at 20 or more distinct points", () => {
    expect(outcomes.length).toBe(fractions.length * 2);
    expect(outcomes.filter((o) => o.outcome.killed).length).toBeGreaterThanOrEqual(20);
  });
});
