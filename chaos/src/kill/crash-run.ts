import { join } from "node:path";
import { createCloudBarista, openSqliteStore, scaledClock } from "@cloud-barista/core";
import type { Clock } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import { startMockFront } from "@cloud-barista/emulator/mock";
import { createMcisService } from "@cloud-barista/mcis";
import type { PartialFailurePolicy } from "@cloud-barista/mcis";
import { startChaosChild } from "../child-process.js";
import type { ChildArgs } from "./child.js";
import { account, registerFleet, regions } from "./fleet.js";

// One crash run: a child process provisions an MCIS (create over two clouds with default networks,
// scale-out, delete a VM, suspend a sub-group) against a world that lives here, in the parent,
// behind the mock front; it is killed with SIGKILL at a chosen native call or store write; then a
// fresh SDK instance on the same SQLite file reconciles, and nothing may be leaked (a VM running
// that no MCIS tracks, anything core's inventory finds untracked) or lost (a tracked VM or resource
// that does not exist). Deleting everything afterwards must leave the world empty.

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
const encryptionKey = Buffer.alloc(32, 7);

/** Where the child dies: before or after the Nth native call (at the front) or counted store write. */
export interface KillPoint {
  at: "call" | "write";
  n: number;
  phase: "before" | "after";
}

export interface CrashOutcome {
  killed: boolean;
  /** Native calls the front saw, and counted writes the child made (up to the kill). */
  calls: number;
  writes: number;
  /** VMs or resources running in the cloud that nothing tracks. */
  leaked: string[];
  /** Tracked VMs or resources the cloud does not have. */
  lost: string[];
  /** Anything else that is wrong (a child that failed, VMs left Creating, left-overs after clean-up). */
  problems: string[];
}

/**
 * Provisions in a child (killed at `kill`, or not when undefined), reconciles here, checks, cleans
 * up. `dir` holds the run's SQLite file.
 */
export async function crashRun(
  dir: string,
  kill: KillPoint | undefined,
  policy: PartialFailurePolicy,
): Promise<CrashOutcome> {
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
  const leaked: string[] = [];
  const lost: string[] = [];
  const problems: string[] = [];
  try {
    const setupStore = await openSqliteStore({ path: dbPath });
    const setup = createCloudBarista({ store: setupStore, clock, encryptionKey });
    await registerFleet(setup, world);
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
    const child = startChaosChild<{ writes?: number }>("kill/child", args);
    killChild = child.kill;
    const exit = await child.exited;
    const killed = exit.signal === "SIGKILL";
    if (!killed && exit.code !== 0) problems.push(`child failed (${exit.code}): ${child.stderr().slice(0, 2000)}`);
    const writes = killed ? (kill?.at === "write" ? kill.n : 0) : (child.events.at(-1)?.writes ?? 0);

    // A new process, as it were: a fresh SDK instance on the same file, talking to the world in-process.
    const store = await openSqliteStore({ path: dbPath });
    const barista = createCloudBarista({ store, clock, encryptionKey, timeouts: { pendingSettleMs: settleMs } });
    await registerFleet(barista, world, false);
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
    for (const vm of inWorld) if (!tracked.has(vm.id)) leaked.push(`${vm.id} (${vm.name}, ${vm.state})`);
    const worldIds = new Set(inWorld.map((vm) => vm.id));
    for (const [id, name] of tracked) if (!worldIds.has(id)) lost.push(`${name} (${id})`);
    for (const name of Object.keys(regions)) {
      const conn = await barista.connection(name);
      for (const service of [conn.vm, conn.vpc, conn.securityGroup, conn.keyPair] as const) {
        const inventory = await service.inventory();
        if (inventory.onlyInCloud.length > 0) leaked.push(...inventory.onlyInCloud.map((i) => `${name}/${i.nameId}`));
        if (inventory.onlyTracked.length > 0) lost.push(...inventory.onlyTracked.map((i) => `${name}/${i.nameId}`));
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
    return { killed, calls: front.calls, writes, leaked, lost, problems };
  } finally {
    await front.close();
  }
}

let seq = 0;

/**
 * Kill points spread over every phase of a full run (`full`: the calls and writes a run without a
 * kill makes): `count` fractions, each at a call and at a write, alternating before and after.
 */
export function killPoints(
  full: { calls: number; writes: number },
  count: number,
): { kill: KillPoint; policy: PartialFailurePolicy }[] {
  const policies: readonly PartialFailurePolicy[] = ["continue", "rollback", "refine"];
  return Array.from({ length: count }, (_, i) => 0.03 + (0.8 - 0.03) * (count === 1 ? 0 : i / (count - 1))).flatMap(
    (f, i) => [
      {
        kill: {
          at: "call" as const,
          n: Math.max(1, Math.round(f * full.calls)),
          phase: i % 2 === 0 ? ("after" as const) : ("before" as const),
        },
        policy: policies[i % 3] ?? "continue",
      },
      {
        kill: {
          at: "write" as const,
          n: Math.max(1, Math.round(f * full.writes)),
          phase: i % 2 === 0 ? ("before" as const) : ("after" as const),
        },
        policy: policies[(i + 1) % 3] ?? "continue",
      },
    ],
  );
}
