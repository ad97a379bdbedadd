import { collect } from "@cloud-barista/core";
import type { Connection } from "@cloud-barista/core";
import type { EmulatorProcess } from "./emulator-client.js";
import { measurePaired, pairedSettings } from "./paired.js";
import type { PairedCase } from "./paired.js";
import { EventCounter, replay } from "./replay.js";
import type { IsId, Send, Step } from "./replay.js";

/** Records the native calls a driver makes (on its own vendor client) while `run` runs. */
export interface Recorder {
  record(run: () => Promise<unknown>): Promise<Step[]>;
}

/** The steps a vendor-client hook adds while `record` runs; outside a recording nothing is kept. */
export class StepLog implements Recorder {
  #steps: Step[] | undefined;
  readonly #events = new EventCounter();

  get recording(): boolean {
    return this.#steps !== undefined;
  }

  add(step: Step): void {
    this.#steps?.push(step);
  }

  /**
   * One call made by a hook wrapping the vendor client's own call: while recording, noted with its
   * input, its answer (`output` picks what of it the replay compares), failure and event order.
   * Outside a recording the call runs alone (nothing copied: the runtime side pays no bench cost).
   */
  async track<T>(
    api: string,
    input: () => unknown,
    call: () => Promise<T>,
    output: (answer: T) => unknown,
  ): Promise<T> {
    if (!this.recording) return call();
    const step: Step = { api, input: input(), output: undefined, started: this.#events.next() };
    this.add(step);
    try {
      const answer = await call();
      step.output = output(answer);
      return answer;
    } catch (error) {
      step.failed = true;
      throw error;
    } finally {
      step.ended = this.#events.next();
    }
  }

  async record(run: () => Promise<unknown>): Promise<Step[]> {
    const steps: Step[] = [];
    this.#steps = steps;
    try {
      await run();
      return steps;
    } finally {
      this.#steps = undefined;
    }
  }
}

/**
 * Makes the cases of one driver: reads replay the runtime's calls, cycles do so under new names
 * (and with the fresh ids the cloud answers, `isId` telling which strings of an answer are ids).
 */
export function caseMaker(recorder: Recorder, send: Send, isId?: IsId) {
  const debug = (metric: string, steps: readonly Step[]) => {
    if (process.env["BENCH_DEBUG"]) process.stderr.write(`${metric}: ${steps.map((s) => s.api).join(" | ")}\n`);
  };
  return {
    // Each operation runs once before it is recorded, so what the driver remembers per connection
    // (image facts, key pairs) is remembered on both sides, as it is in the measured samples.
    async read(metric: string, run: () => Promise<unknown>): Promise<PairedCase> {
      await run();
      const steps = await recorder.record(run);
      debug(metric, steps);
      return { metric, runtime: run, raw: () => replay(steps, send, new Map(), isId), calls: steps.length };
    },
    /** A create-then-delete cycle under a fresh name each time ("recorded0" is renamed in the replay). */
    async cycle(
      metric: string,
      run: (name: string) => Promise<unknown>,
      extra: Pick<PairedCase, "maxSamples" | "note"> = {},
    ): Promise<PairedCase> {
      await run("warm0");
      const steps = await recorder.record(() => run("recorded0"));
      debug(metric, steps);
      return {
        metric,
        runtime: (i) => run(`rt${i}x`),
        raw: (i) => replay(steps, send, new Map([["recorded0", `raw${i}x`]]), isId),
        calls: steps.length,
        maxSamples: 100,
        ...extra,
      };
    },
  };
}

export const drain = (items: AsyncIterable<unknown>): Promise<unknown[]> => collect(items);

/** The VM request every driver's cases use. */
export interface VmBasis {
  image: string;
  specName: string;
}

/** A VM in the network, group and key pair `commonResources` makes. */
function vmRequest(basis: VmBasis, name: string) {
  return {
    name,
    image: basis.image,
    specName: basis.specName,
    vpcName: "net",
    subnetName: "a",
    securityGroupNames: ["web"],
    keyPairName: "key",
  };
}

/** Key pair cycles where the cloud makes the key: its RSA key generation is most of the time. */
const rsaKeyPairCycle = {
  maxSamples: 30,
  note: "dominated by the emulator generating an RSA key (CPU, varies widely)",
};

/**
 * The cases every driver shares: get and list of each resource type, VM reads with and without
 * details, catalog listings, and a create-then-delete cycle per type. The network, a group, a key
 * pair, a disk and a VM exist already.
 */
export async function commonCases(
  conn: Connection,
  make: ReturnType<typeof caseMaker>,
  basis: VmBasis,
  diskSizeGB: number,
  keyPairCycle: Pick<PairedCase, "maxSamples" | "note"> = rsaKeyPairCycle,
): Promise<PairedCase[]> {
  return [
    await make.read("vpc.get", () => conn.vpc.get("net")),
    await make.read("vpc.list", () => drain(conn.vpc.list())),
    await make.read("securityGroup.get", () => conn.securityGroup.get("web")),
    await make.read("securityGroup.list", () => drain(conn.securityGroup.list())),
    await make.read("keyPair.get", () => conn.keyPair.get("key")),
    await make.read("keyPair.list", () => drain(conn.keyPair.list())),
    await make.read("vm.get", () => conn.vm.get("vm")),
    await make.read("vm.get.details", () => conn.vm.get("vm", { details: true })),
    await make.read("vm.list", () => drain(conn.vm.list())),
    await make.read("vm.list.details", () => drain(conn.vm.list({ details: true }))),
    await make.read("vm.getStatus", () => conn.vm.getStatus("vm")),
    await make.read("disk.get", () => conn.disk.get("data")),
    await make.read("disk.list", () => drain(conn.disk.list())),
    await make.read("image.list.refresh", () => drain(conn.metadata.images({ refresh: true }))),
    await make.read("spec.list.refresh", () => drain(conn.metadata.specs({ refresh: true }))),
    await make.cycle("vpc.create+delete", async (name) => {
      await conn.vpc.create({ name, ipv4Cidr: "10.9.0.0/16", subnets: [] });
      await conn.vpc.delete(name);
    }),
    await make.cycle("securityGroup.create+delete", async (name) => {
      await conn.securityGroup.create({ name, vpcName: "net", rules: [] });
      await conn.securityGroup.delete(name);
    }),
    await make.cycle(
      "keyPair.create+delete",
      async (name) => {
        await conn.keyPair.create({ name });
        await conn.keyPair.delete(name);
      },
      keyPairCycle,
    ),
    await make.cycle("disk.create+delete", async (name) => {
      await conn.disk.create({ name, diskSizeGB });
      await conn.disk.delete(name);
    }),
    await make.cycle("vm.create+delete", async (name) => {
      await conn.vm.create(vmRequest(basis, name), { wait: false });
      await conn.vm.delete(name);
    }),
  ];
}

/** A raw call as a cached case's baseline: the API the driver's get would call, and the call itself. */
export type RawGet = readonly [api: string, send: () => Promise<unknown>];

/**
 * An image get and a spec get the runtime answers from its metadata cache, with no cloud call,
 * against the one call a raw user makes for each (what the driver's get would send).
 */
export function cachedCases(conn: Connection, basis: VmBasis, raw: { image: RawGet; spec: RawGet }): PairedCase[] {
  const cached = (metric: string, run: () => Promise<unknown>, [api, send]: RawGet): PairedCase => ({
    metric,
    runtime: run,
    raw: send,
    calls: 0,
    note: `runtime answers from its metadata cache; raw makes the ${api} the driver's get would`,
  });
  return [
    cached("image.get.cached", () => conn.metadata.image(basis.image), raw.image),
    cached("spec.get.cached", () => conn.metadata.spec(basis.specName), raw.spec),
  ];
}

/** Makes what the cases read: a network with one subnet, a group, a key pair, a disk and a VM. */
export async function commonResources(conn: Connection, basis: VmBasis, diskSizeGB: number): Promise<void> {
  await conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [{ name: "a", ipv4Cidr: "10.0.1.0/24" }] });
  await conn.securityGroup.create({ name: "web", vpcName: "net", rules: [] });
  await conn.keyPair.create({ name: "key" });
  await conn.disk.create({ name: "data", diskSizeGB });
  await conn.vm.create(vmRequest(basis, "vm"), { wait: false });
}

/** Measures every case at 0 and 20 ms of service latency (BENCH_ONLY=text keeps matching metrics). */
export async function runCases(bench: string, emulator: EmulatorProcess, cases: readonly PairedCase[]): Promise<void> {
  const only = process.env["BENCH_ONLY"];
  for (const latencyMs of [0, 20]) {
    await emulator.setLatency(latencyMs);
    for (const c of cases) {
      if (only && !c.metric.includes(only)) continue;
      await measurePaired(bench, c, pairedSettings(latencyMs), latencyMs);
    }
  }
}
