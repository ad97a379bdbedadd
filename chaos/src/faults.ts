import { createCloudBarista, MemoryStore, isBaristaError, scaledClock } from "@cloud-barista/core";
import type { Connection } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import type { FaultHandle, FaultSpec } from "@cloud-barista/emulator";
import { startMockFront } from "@cloud-barista/emulator/mock";
import { createMcisService } from "@cloud-barista/mcis";
import type { McisService, PartialFailurePolicy } from "@cloud-barista/mcis";
import { checkCloud, liveResources } from "./faults/cloud-check.js";
import type { CloudFindings } from "./faults/cloud-check.js";
import { account, registerFleet, regions } from "./kill/fleet.js";
import type { ChaosPart, PartOptions, PartResult } from "./part.js";
import type { Reporter } from "./report.js";

// The faults part: resources and MCIS created and deleted while a share of the cloud's calls fail
// (a 5xx before the call or after it took effect, timeouts, throttling, service unavailable) and
// a share of the HTTP exchanges are cut (connection reset, before or after the world ran the call).
// Operations may fail; what they leave must not: after the faults stop and reconcile settles what
// lost its answer, no user name has two resources in the cloud, nothing in the cloud is untracked,
// nothing tracked is missing, and deleting everything leaves the world empty.

const part = "faults";
const scale = 50;
const settleMs = 20_000;
const timing = {
  vmBootMs: 2_000,
  vmStartMs: 1_000,
  vmStopMs: 1_000,
  vmRebootMs: 1_000,
  vmTerminateMs: 1_000,
  jitterRatio: 0,
};
const namespace = "chaos";
const mutating = /^(Create|Delete|Run|Terminate|Authorize|Revoke|Stop|Start|Reboot)/;

export interface FaultRunOptions {
  /** Share of mutating calls that fail (world faults and connection resets together), 0.1-0.3. */
  rate: number;
  /** Rounds of core resources (VPC with subnets, security group, key pair, two VMs) per connection. */
  rounds: number;
  /** MCIS created (and deleted again), two sub-groups of two VMs each. */
  mcis: number;
  seed: number;
}

export interface FaultRunOutcome extends CloudFindings {
  /** Operations run; each is attempted up to three times, as a user would. */
  operations: number;
  /** Operations that failed all three attempts. */
  failedOperations: number;
  faultsInjected: number;
  resets: number;
  /** Cloud resources left after deleting everything without faults. */
  leftovers: string[];
  /** Error codes of failed attempts, counted. */
  errors: Record<string, number>;
  /** Operations that failed with something other than a BaristaError. */
  untyped: string[];
}

/** A seeded generator, so a run can be repeated. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

export async function faultRun(options: FaultRunOptions): Promise<FaultRunOutcome> {
  const clock = scaledClock(scale);
  const world = new World({ clock, timing, seed: options.seed, rateLimits: false });
  const draw = random(options.seed);
  let faultsOn = true;
  let resets = 0;
  // A sixth of the faults are connection resets: the front's handler throws and the socket closes.
  const resetRate = options.rate / 6;
  const front = await startMockFront({
    world,
    intercept: (call) => {
      if (faultsOn && mutating.test(call.api) && draw() < resetRate / 2) {
        resets++;
        throw new Error(`chaos: connection reset ${call.phase} ${call.api}`);
      }
      return "continue";
    },
  });
  // The rest are world faults, spread over kinds; each draws in turn, so the shares compound a little.
  const each = (options.rate - resetRate) / 5;
  const specs: FaultSpec[] = [
    { api: mutating, kind: "internal", phase: "after", probability: each },
    { api: mutating, kind: "internal", probability: each },
    { api: mutating, kind: "unavailable", probability: each, retryAfterMs: 500 },
    { api: mutating, kind: "throttle", probability: each, retryAfterMs: 500 },
    { api: mutating, kind: "timeout", probability: each, timeoutMs: 5_000, phase: "after" },
  ];
  const handles: FaultHandle[] = [];
  const store = new MemoryStore({ clock });
  const barista = createCloudBarista({
    store,
    clock,
    encryptionKey: Buffer.alloc(32, 3),
    timeouts: { pendingSettleMs: settleMs },
  });
  const outcome: FaultRunOutcome = {
    operations: 0,
    failedOperations: 0,
    faultsInjected: 0,
    resets: 0,
    duplicates: [],
    orphans: [],
    lost: [],
    leftovers: [],
    errors: {},
    untyped: [],
  };
  // As a user would: an operation that failed is tried again (three attempts), after the settle
  // window when the SDK says an earlier create may still be in flight; a create that then finds
  // its name taken (AlreadyExists: the lost create was adopted) has done its work.
  const op = async (what: string, fn: () => Promise<unknown>): Promise<boolean> => {
    outcome.operations++;
    for (let attempt = 1; ; attempt++) {
      try {
        await fn();
        return true;
      } catch (error) {
        if (attempt > 1 && what.endsWith(".create") && isBaristaError(error) && error.code === "AlreadyExists")
          return true;
        const code = isBaristaError(error) ? error.code : "untyped";
        outcome.errors[code] = (outcome.errors[code] ?? 0) + 1;
        if (!isBaristaError(error)) outcome.untyped.push(`${what}: ${String(error).slice(0, 200)}`);
        if (attempt >= 3 || !isBaristaError(error)) {
          outcome.failedOperations++;
          return false;
        }
        if (error.code === "Conflict" && error.retryable) await clock.sleep(settleMs);
      }
    }
  };
  try {
    await registerFleet(barista, { endpoint: front.url });
    const mcis = createMcisService({ barista, store, statusPollMs: 500, runningTimeoutMs: 60_000 });
    const conns: Connection[] = [];
    for (const name of Object.keys(regions)) conns.push(await barista.connection(name));
    handles.push(...specs.map((spec) => world.faults.add(spec)));

    const coreRounds = conns.map(async (conn) => {
      for (let i = 0; i < options.rounds; i++) {
        const net = `net${i}`;
        await op("vpc.create", () =>
          conn.vpc.create({
            name: net,
            ipv4Cidr: "10.0.0.0/16",
            subnets: [
              { name: "web", ipv4Cidr: "10.0.1.0/24" },
              { name: "db", ipv4Cidr: "10.0.2.0/24" },
            ],
          }),
        );
        await op("securityGroup.create", () =>
          conn.securityGroup.create({
            name: `sg${i}`,
            vpcName: net,
            rules: [{ direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" }],
          }),
        );
        await op("keyPair.create", () => conn.keyPair.create({ name: `key${i}` }));
        const vm = (n: number) =>
          op("vm.create", () =>
            conn.vm.create({
              name: `vm${i}-${n}`,
              image: "mock-ubuntu-2404-amd64",
              specName: "mock-small",
              vpcName: net,
              subnetName: "web",
              securityGroupNames: [`sg${i}`],
              keyPairName: `key${i}`,
            }),
          );
        await Promise.all([vm(1), vm(2)]);
        // Every other round is deleted again under faults; the rest stay for the checks.
        if (i % 2 === 1) {
          await Promise.all([
            op("vm.delete", () => conn.vm.delete(`vm${i}-1`)),
            op("vm.delete", () => conn.vm.delete(`vm${i}-2`)),
          ]);
          await op("securityGroup.delete", () => conn.securityGroup.delete(`sg${i}`));
          await op("keyPair.delete", () => conn.keyPair.delete(`key${i}`));
          await op("vpc.delete", () => conn.vpc.delete(net));
        }
      }
    });
    const policies: PartialFailurePolicy[] = ["rollback", "continue", "refine"];
    const mcisRounds = (async () => {
      for (let i = 0; i < options.mcis; i++) {
        const ref = { namespace, name: `m${i}` };
        const made = await op("mcis.createDynamic", () =>
          mcis.createDynamic({
            ...ref,
            policy: policies[i % 3] ?? "continue",
            subGroups: [
              { name: "a", connection: "seoul", spec: "small", image: "ubuntu 24.04", size: 2 },
              { name: "b", connection: "virginia", spec: "mock-micro", image: "debian", size: 2 },
            ],
          }),
        );
        if (made) await op("mcis.scaleOut", () => mcis.scaleOut({ ...ref, subGroup: "a" }, 1));
        if (i % 2 === 1) await op("mcis.delete", () => mcis.delete(ref, { terminate: true }));
      }
    })();
    await Promise.all([...coreRounds, mcisRounds]);

    // The faults stop; what lost its answer settles.
    faultsOn = false;
    world.faults.clear();
    await settle(conns, mcis, clock);

    for (const conn of conns) {
      const cloud = world.accountRegion({
        provider: "MOCK",
        account,
        region: regions[conn.name as keyof typeof regions],
      });
      const found = await checkCloud(conn, cloud, { service: mcis, namespaces: [namespace] });
      outcome.duplicates.push(...found.duplicates);
      outcome.orphans.push(...found.orphans);
      outcome.lost.push(...found.lost);
    }
    outcome.leftovers = await deleteEverything(conns, mcis, world);
    outcome.faultsInjected = handles.reduce((n, h) => n + h.fired, 0) + resets;
    outcome.resets = resets;
    return outcome;
  } finally {
    await barista.close();
    await store.close();
    await front.close();
  }
}

/** Reconciles core and MCIS until nothing is pending any more (bounded). */
async function settle(
  conns: readonly Connection[],
  mcis: McisService,
  clock: { sleep(ms: number): Promise<void> },
): Promise<void> {
  for (let i = 0; i < 6; i++) {
    let pending = 0;
    for (const conn of conns) pending += (await conn.reconcile()).pending.length;
    const report = await mcis.reconcile();
    pending += report.mcis.reduce((n, e) => n + e.unsettled.length, 0);
    if (pending === 0) return;
    await clock.sleep(settleMs);
  }
}

/** Deletes every MCIS and every tracked resource, then lists what the world still has. */
async function deleteEverything(conns: readonly Connection[], mcis: McisService, world: World): Promise<string[]> {
  for (const info of await mcis.list(namespace, { refresh: false }))
    await mcis.delete({ namespace, name: info.name }, { terminate: true });
  for (const conn of conns) {
    for await (const vm of conn.vm.list()) await conn.vm.delete(vm.iid.nameId);
    await mcis.releaseDefaultNetwork(namespace, conn.name);
    for await (const sg of conn.securityGroup.list()) await conn.securityGroup.delete(sg.iid.nameId);
    for await (const key of conn.keyPair.list()) await conn.keyPair.delete(key.iid.nameId);
    for await (const vpc of conn.vpc.list()) await conn.vpc.delete(vpc.iid.nameId);
  }
  return Object.entries(regions).flatMap(([name, region]) =>
    Object.entries(liveResources(world.accountRegion({ provider: "MOCK", account, region }))).flatMap(([type, items]) =>
      items.map(([cloudName]) => `${name}/${type}/${cloudName}`),
    ),
  );
}

export async function runFaults(options: PartOptions, reporter: Reporter): Promise<PartResult> {
  const started = Date.now();
  const runs: FaultRunOptions[] = options.quick
    ? [{ rate: 0.2, rounds: 2, mcis: 2, seed: 1 }]
    : [0.1, 0.2, 0.3].flatMap((rate, r) => [1, 2].map((seed) => ({ rate, rounds: 4, mcis: 4, seed: seed + 10 * r })));
  const totals = {
    operations: 0,
    failedAttempts: 0,
    failedOperations: 0,
    faultsInjected: 0,
    duplicates: 0,
    orphans: 0,
    lost: 0,
    leftovers: 0,
    untyped: 0,
  };
  let failures = 0;
  for (const run of runs) {
    let o: FaultRunOutcome;
    try {
      o = await faultRun(run);
    } catch (error) {
      failures++;
      reporter.line({ part, ...run, broke: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      continue;
    }
    const bad = o.duplicates.length + o.orphans.length + o.lost.length + o.leftovers.length + o.untyped.length;
    if (bad > 0) failures++;
    totals.operations += o.operations;
    totals.failedAttempts += Object.values(o.errors).reduce((n, k) => n + k, 0);
    totals.failedOperations += o.failedOperations;
    totals.faultsInjected += o.faultsInjected;
    totals.duplicates += o.duplicates.length;
    totals.orphans += o.orphans.length;
    totals.lost += o.lost.length;
    totals.leftovers += o.leftovers.length;
    totals.untyped += o.untyped.length;
    reporter.line({
      part,
      ...run,
      operations: o.operations,
      failedOperations: o.failedOperations,
      faultsInjected: o.faultsInjected,
      resets: o.resets,
      errors: o.errors,
      duplicates: o.duplicates.length,
      orphans: o.orphans.length,
      lost: o.lost.length,
      leftovers: o.leftovers.length,
      untyped: o.untyped.length,
      ...(bad > 0
        ? { details: [...o.duplicates, ...o.orphans, ...o.lost, ...o.leftovers, ...o.untyped].slice(0, 30) }
        : {}),
    });
  }
  const result = { cases: runs.length, failures };
  reporter.line({ part, summary: true, runs: runs.length, ...totals, ...result, ms: Date.now() - started });
  return result;
}

export const faultsPart: ChaosPart = {
  name: part,
  description: "10-30% injected faults while creating and deleting resources and MCIS: 0 duplicates, 0 orphans",
  run: runFaults,
};
