import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isBaristaError } from "../errors.js";
import { formatLockKey, lockKeys, lockLayers } from "./lock-key.js";
import type { LockKey } from "./lock-key.js";
import { SpongeLock } from "./sponge-lock.js";
import type { LockKeyState, LockMode, LockRequest } from "./sponge-lock.js";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Lets every pending promise callback run (a macrotask turn drains the microtask queue). */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A key of the resource layer by its path (most tests need one layer), or any key as it is. */
const k = (key: string | LockKey): LockKey => (typeof key === "string" ? { layer: "resource", path: key } : key);
const x = (key: string | LockKey): LockRequest => ({ key: k(key), mode: "exclusive" });
const s = (key: string | LockKey): LockRequest => ({ key: k(key), mode: "shared" });

interface Holder {
  /** True once fn runs, i.e. every key was granted. */
  readonly started: () => boolean;
  /** Lets fn finish, which releases the keys. */
  readonly release: () => void;
  /** The run's own promise, already observed so a rejection is never unhandled. */
  readonly done: Promise<unknown>;
}

/** Starts a run that keeps its keys until `release()` is called. */
function hold(lock: SpongeLock, requests: LockRequest[], signal?: AbortSignal, log?: string[], name?: string): Holder {
  let started = false;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const done = lock.run(
    requests,
    async () => {
      started = true;
      if (name) log?.push(`${name}+`);
      await gate;
      if (name) log?.push(`${name}-`);
    },
    signal ? { abortSignal: signal } : {},
  );
  done.catch(() => undefined);
  return { started: () => started, release, done };
}

function state(key: string | LockKey, partial: Partial<LockKeyState>): LockKeyState {
  return { key: k(key), sharedHolders: 0, exclusiveHolder: false, waitingShared: 0, waitingExclusive: 0, ...partial };
}

async function expectCode(promise: Promise<unknown>, code: string, text?: string): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isBaristaError(error), `expected a BaristaError, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  if (text) expect((error as Error).message).toContain(text);
}

describe("SpongeLock", () => {
  it("lets shared holders of one key run at the same time", async () => {
    const lock = new SpongeLock();
    const a = hold(lock, [s("k")]);
    const b = hold(lock, [s("k")]);
    await flush();
    expect(a.started() && b.started()).toBe(true);
    expect(lock.inspect()).toEqual([state("k", { sharedHolders: 2 })]);
    a.release();
    b.release();
    await Promise.all([a.done, b.done]);
    expect(lock.size).toBe(0);
  });

  it("serializes exclusive holders and keeps readers out while a writer holds", async () => {
    const lock = new SpongeLock();
    const log: string[] = [];
    const w1 = hold(lock, [x("k")], undefined, log, "w1");
    const w2 = hold(lock, [x("k")], undefined, log, "w2");
    const r = hold(lock, [s("k")], undefined, log, "r");
    await flush();
    expect([w1.started(), w2.started(), r.started()]).toEqual([true, false, false]);
    expect(lock.inspect()).toEqual([state("k", { exclusiveHolder: true, waitingExclusive: 1, waitingShared: 1 })]);
    w1.release();
    await flush();
    expect([w2.started(), r.started()]).toEqual([true, false]);
    w2.release();
    await flush();
    expect(r.started()).toBe(true);
    r.release();
    await Promise.all([w1.done, w2.done, r.done]);
    expect(log).toEqual(["w1+", "w1-", "w2+", "w2-", "r+", "r-"]);
    expect(lock.size).toBe(0);
  });

  it("prefers a queued writer over readers that arrive after it", async () => {
    const lock = new SpongeLock();
    const log: string[] = [];
    const r1 = hold(lock, [s("k")], undefined, log, "r1");
    const w = hold(lock, [x("k")], undefined, log, "w");
    const r2 = hold(lock, [s("k")], undefined, log, "r2");
    await flush();
    // Only readers hold the key, yet r2 must queue behind the writer.
    expect([r1.started(), w.started(), r2.started()]).toEqual([true, false, false]);
    r1.release();
    await flush();
    expect([w.started(), r2.started()]).toEqual([true, false]);
    w.release();
    await flush();
    expect(r2.started()).toBe(true);
    r2.release();
    await Promise.all([r1.done, w.done, r2.done]);
    expect(log).toEqual(["r1+", "r1-", "w+", "w-", "r2+", "r2-"]);
  });

  it("admits at most maxSharedHolders readers at once", async () => {
    const lock = new SpongeLock({ maxSharedHolders: 2 });
    const readers = [hold(lock, [s("k")]), hold(lock, [s("k")]), hold(lock, [s("k")])];
    await flush();
    expect(readers.map((r) => r.started())).toEqual([true, true, false]);
    readers[0]?.release();
    await flush();
    expect(readers[2]?.started()).toBe(true);
    for (const r of readers) r.release();
    await Promise.all(readers.map((r) => r.done));
    expect(lock.size).toBe(0);
  });

  it("admits 128 readers per key by default", async () => {
    const lock = new SpongeLock();
    const readers = Array.from({ length: 129 }, () => hold(lock, [s("k")]));
    await flush();
    expect(readers.filter((r) => r.started())).toHaveLength(128);
    expect(lock.inspect()).toEqual([state("k", { sharedHolders: 128, waitingShared: 1 })]);
    for (const r of readers) r.release();
    await Promise.all(readers.map((r) => r.done));
    expect(lock.size).toBe(0);
  });

  it("rejects a bad maxSharedHolders", () => {
    for (const maxSharedHolders of [0, 1.5, 1025, Number.MAX_SAFE_INTEGER]) {
      expect(() => new SpongeLock({ maxSharedHolders })).toThrow(expect.objectContaining({ code: "InvalidArgument" }));
    }
  });

  it("takes the keys of one request in path order within a layer, whatever order they are given in", async () => {
    const lock = new SpongeLock();
    const b = hold(lock, [x("b")]);
    const ab = hold(lock, [x("b"), s("c"), x("a")]);
    await flush();
    // "a" was taken first; the request now waits on "b" and has not touched "c" yet.
    expect(lock.inspect()).toEqual([
      state("a", { exclusiveHolder: true }),
      state("b", { exclusiveHolder: true, waitingExclusive: 1 }),
    ]);
    b.release();
    await flush();
    expect(ab.started()).toBe(true);
    expect(lock.inspect()).toEqual([
      state("a", { exclusiveHolder: true }),
      state("b", { exclusiveHolder: true }),
      state("c", { sharedHolders: 1 }),
    ]);
    ab.release();
    await Promise.all([b.done, ab.done]);
    expect(lock.size).toBe(0);
  });

  it("never deadlocks two requests that list the same keys in opposite orders", async () => {
    const lock = new SpongeLock();
    const work = (requests: LockRequest[]): Promise<void> => lock.run(requests, () => sleep(1));
    const all = Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? work([x("a"), x("b")]) : work([x("b"), x("a")]))),
    );
    await expect(Promise.race([all.then(() => "done"), sleep(5_000).then(() => "deadlock")])).resolves.toBe("done");
    expect(lock.size).toBe(0);
  });

  it("merges duplicate keys, exclusive winning", async () => {
    const lock = new SpongeLock();
    const inside = await lock.run([s("k"), x("k"), s("k")], async () => lock.inspect());
    expect(inside).toEqual([state("k", { exclusiveHolder: true })]);
    expect(lock.size).toBe(0);
  });

  it("fails fast with Conflict when a nested run re-enters a held key", async () => {
    const lock = new SpongeLock();
    for (const [outer, inner] of [
      [x("k"), x("k")],
      [s("k"), s("k")], // would not even block, but is still a re-entrant use
      [x("k"), s("k")],
    ] as const) {
      await lock.run([outer], async () => {
        await expectCode(
          lock.run([inner], async () => "never"),
          "Conflict",
          '"resource/k"',
        );
        expect(lock.inspect()).toHaveLength(1); // the nested run touched nothing
      });
    }
    expect(lock.size).toBe(0);
  });

  it("fails fast with Conflict on a lock-order violation and allows keys that sort after", async () => {
    const lock = new SpongeLock();
    const result = await lock.run([x("b")], async () => {
      await expectCode(
        lock.run([s("a")], async () => 0),
        "Conflict",
        '"resource/a"',
      );
      await expectCode(
        lock.run([s("c"), s("a")], async () => 0),
        "Conflict",
        '"resource/a"',
      );
      return lock.run([s("c")], async () => {
        // Held keys are tracked through the whole nesting chain.
        await expectCode(
          lock.run([s("b")], async () => 0),
          "Conflict",
          '"resource/b"',
        );
        await expectCode(
          lock.run([s("bb")], async () => 0),
          "Conflict",
          '"resource/bb"',
        );
        return lock.run([x("d")], async () => lock.inspect().map((state) => state.key.path));
      });
    });
    expect(result).toEqual(["b", "c", "d"]);
    expect(lock.size).toBe(0);
  });

  it("does not treat concurrent sibling runs as re-entrant", async () => {
    const lock = new SpongeLock();
    // Top-level siblings on different keys hold at the same time.
    const a = hold(lock, [x("a")]);
    const b = hold(lock, [x("b")]);
    await flush();
    expect(a.started() && b.started()).toBe(true);
    a.release();
    b.release();
    await Promise.all([a.done, b.done]);

    // One sibling holds "c"; the other, nested under "b", waits for "c" instead of failing.
    let releaseC!: () => void;
    const cHeld = new Promise<void>((resolve) => (releaseC = resolve));
    const both = Promise.all([
      lock.run([x("c")], () => cHeld),
      lock.run([x("b")], () => lock.run([x("c")], async () => "nested")),
    ]);
    await flush();
    expect(lock.inspect()).toEqual([
      state("b", { exclusiveHolder: true }),
      state("c", { exclusiveHolder: true, waitingExclusive: 1 }),
    ]);
    releaseC();
    await expect(both).resolves.toEqual([undefined, "nested"]);

    // Siblings inside one run, on different and on the same key.
    const inner = await lock.run([s("a")], () =>
      Promise.all([
        lock.run([x("b")], async () => "b1"),
        lock.run([x("b")], async () => "b2"),
        lock.run([x("c")], async () => "c"),
      ]),
    );
    expect(inner).toEqual(["b1", "b2", "c"]);
    expect(lock.size).toBe(0);
  });

  it("forgets held keys once a run released, even for continuations that outlive fn", async () => {
    const lock = new SpongeLock();
    let later!: Promise<string>;
    await lock.run([x("k")], async () => {
      later = sleep(5).then(() => lock.run([x("k")], async () => "again"));
    });
    await expect(later).resolves.toBe("again");
    expect(lock.size).toBe(0);
  });

  it("separate instances do not share keys or nesting", async () => {
    const one = new SpongeLock();
    const two = new SpongeLock();
    const result = await one.run([x("k")], () => two.run([x("k")], async () => [one.size, two.size]));
    expect(result).toEqual([1, 1]);
  });

  it("aborts a waiting request and gives back the keys it already took", async () => {
    const lock = new SpongeLock();
    const b = hold(lock, [x("b")]);
    const controller = new AbortController();
    let ran = false;
    const waiting = lock.run(
      [x("a"), x("b")],
      async () => {
        ran = true;
      },
      { abortSignal: controller.signal },
    );
    await flush();
    expect(lock.inspect()).toEqual([
      state("a", { exclusiveHolder: true }),
      state("b", { exclusiveHolder: true, waitingExclusive: 1 }),
    ]);
    controller.abort();
    await expectCode(waiting, "Aborted");
    // "a" is free again at once; "b" still shows the abandoned waiter, which is still queued.
    await expect(lock.run([x("a")], async () => "a free")).resolves.toBe("a free");
    expect(lock.inspect()).toEqual([state("b", { exclusiveHolder: true, waitingExclusive: 1 })]);
    b.release();
    await b.done;
    await flush();
    expect(ran).toBe(false);
    expect(lock.size).toBe(0);
  });

  it("passes the key on when an aborted waiter is granted it later", async () => {
    const lock = new SpongeLock();
    const log: string[] = [];
    const w = hold(lock, [x("k")], undefined, log, "w");
    const controller = new AbortController();
    const aborted = hold(lock, [x("k")], controller.signal, log, "aborted");
    const next = hold(lock, [s("k")], undefined, log, "next");
    await flush();
    controller.abort(new Error("user gave up"));
    await expectCode(aborted.done, "Aborted", "user gave up");
    w.release();
    await flush();
    expect(next.started()).toBe(true);
    expect(lock.inspect()).toEqual([state("k", { sharedHolders: 1 })]);
    next.release();
    await Promise.all([w.done, next.done]);
    expect(log).toEqual(["w+", "w-", "next+", "next-"]);
    expect(lock.size).toBe(0);
  });

  it("maps a timeout signal to a Timeout error", async () => {
    const lock = new SpongeLock();
    const w = hold(lock, [x("k")]);
    await expectCode(
      lock.run([s("k")], async () => 0, { abortSignal: AbortSignal.timeout(10) }),
      "Timeout",
    );
    w.release();
    await w.done;
    await flush();
    expect(lock.size).toBe(0);
  });

  it("rejects an already-aborted signal before touching anything", async () => {
    const lock = new SpongeLock();
    let ran = false;
    const result = lock.run(
      [x("free")],
      async () => {
        ran = true;
      },
      { abortSignal: AbortSignal.abort() },
    );
    expect(lock.size).toBe(0);
    await expectCode(result, "Aborted");
    expect(ran).toBe(false);
    expect(lock.size).toBe(0);
  });

  it("shows held and awaited keys with their counts", async () => {
    const lock = new SpongeLock();
    const r1 = hold(lock, [s("net"), x("vm-1")]);
    const r2 = hold(lock, [s("net"), x("vm-2")]);
    const w = hold(lock, [x("net")]);
    const r3 = hold(lock, [s("net")]);
    const w2 = hold(lock, [x("vm-1")]);
    await flush();
    // "net" sorts before "vm-*", so both readers took it before their own VM key.
    expect(lock.inspect()).toEqual([
      state("net", { sharedHolders: 2, waitingExclusive: 1, waitingShared: 1 }),
      state("vm-1", { exclusiveHolder: true, waitingExclusive: 1 }),
      state("vm-2", { exclusiveHolder: true }),
    ]);
    expect(lock.size).toBe(3);
    for (const h of [r1, r2, w, r3, w2]) h.release();
    await Promise.all([r1, r2, w, r3, w2].map((h) => h.done));
    expect(lock.inspect()).toEqual([]);
    expect(lock.size).toBe(0);
  });

  it("releases every key when fn throws or rejects, passing the error through", async () => {
    const lock = new SpongeLock();
    const boom = new Error("boom");
    await expect(
      lock.run([x("a"), s("b")], async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(lock.size).toBe(0);
    await expect(
      lock.run([x("a")], () => {
        throw boom; // synchronous throw from a non-async fn
      }),
    ).rejects.toBe(boom);
    expect(lock.size).toBe(0);
    await expect(lock.run([x("a"), x("b")], async () => "free")).resolves.toBe("free");
  });

  it("runs fn without locking for an empty request list", async () => {
    const lock = new SpongeLock();
    await expect(lock.run([], async () => lock.size)).resolves.toBe(0);
  });

  it("rejects keys of unknown layers and keys that are not { layer, path }", async () => {
    const lock = new SpongeLock();
    for (const key of [{ layer: "res", path: "a" }, "resource/a", { layer: "resource" }]) {
      await expectCode(
        lock.run([{ key: key as LockKey, mode: "exclusive" }], async () => 0),
        "InvalidArgument",
        lockLayers.join(", "),
      );
    }
    expect(lock.size).toBe(0);
  });
});

describe("SpongeLock layers", () => {
  const mcis = lockKeys.mcis("ns", "app");
  const network = lockKeys.defaultNetwork("ns", "aaa");
  const resource = lockKeys.resource("aaa", "vpc", "net");

  it("builds each layer's keys", () => {
    expect(lockLayers).toEqual(["mcis", "defaultNetwork", "resource"]);
    expect([mcis, network, resource]).toEqual([
      { layer: "mcis", path: "ns/app" },
      { layer: "defaultNetwork", path: "ns/aaa" },
      { layer: "resource", path: "aaa/vpc/net" },
    ]);
    expect(formatLockKey(lockKeys.resource("seoul", "subnet", "web", "net"))).toBe("resource/seoul/subnet/net/web");
  });

  it("takes the keys of one request layer by layer, whatever their paths", async () => {
    const lock = new SpongeLock();
    const first = lockKeys.defaultNetwork("a", "a"); // sorts first by path and by name, but its layer is later
    const held = hold(lock, [x(first)]);
    const both = hold(lock, [x(first), x(lockKeys.mcis("z", "z"))]);
    await flush();
    // The MCIS key was taken first; the request now waits on the default-network key.
    expect(lock.inspect()).toEqual([
      state(lockKeys.mcis("z", "z"), { exclusiveHolder: true }),
      state(first, { exclusiveHolder: true, waitingExclusive: 1 }),
    ]);
    held.release();
    await flush();
    expect(both.started()).toBe(true);
    both.release();
    await Promise.all([held.done, both.done]);
    expect(lock.size).toBe(0);
  });

  it("lets a run nest into later layers, whatever the paths", async () => {
    const lock = new SpongeLock();
    const inside = await lock.run([x(mcis)], () =>
      lock.run([x(network)], () =>
        lock.run([x(resource), s(lockKeys.resource("aaa", "keyPair", "k"))], async () => lock.inspect()),
      ),
    );
    expect(inside.map((k) => formatLockKey(k.key))).toEqual([
      "mcis/ns/app",
      "defaultNetwork/ns/aaa",
      "resource/aaa/keyPair/k",
      "resource/aaa/vpc/net",
    ]);
    // Skipping a layer is fine too.
    await expect(lock.run([x(mcis)], () => lock.run([x(resource)], async () => "ok"))).resolves.toBe("ok");
    expect(lock.size).toBe(0);
  });

  it("fails fast with Conflict when a run nests into an earlier layer", async () => {
    const lock = new SpongeLock();
    for (const [outer, inner] of [
      [resource, mcis],
      [resource, network],
      [network, mcis],
    ] as const) {
      await lock.run([x(outer)], async () => {
        await expectCode(
          lock.run([s(inner)], async () => "never"),
          "Conflict",
          `"${formatLockKey(inner)}" requested while holding "${formatLockKey(outer)}"`,
        );
        expect(lock.inspect()).toEqual([state(outer, { exclusiveHolder: true })]); // the nested run took nothing
      });
    }
    // A request that mixes a later and an earlier layer is refused as a whole.
    await lock.run([x(network)], async () => {
      await expectCode(
        lock.run([x(resource), x(mcis)], async () => "never"),
        "Conflict",
        formatLockKey(mcis),
      );
    });
    expect(lock.size).toBe(0);
  });
});

// ---- Property tests: random multi-key workloads ----

/**
 * Keys over every layer, in the global order. Their paths sort the other way round, and their
 * formatted names ("defaultNetwork/..." < "mcis/...") disagree with the layer order too, so only
 * ordering by layer first keeps these workloads free of deadlocks and nested runs legal.
 */
const keySpace: readonly LockKey[] = [
  { layer: "mcis", path: "d" },
  { layer: "defaultNetwork", path: "c" },
  { layer: "resource", path: "b" },
  { layer: "resource", path: "c" },
];
const order = (key: LockKey): number => keySpace.indexOf(key);
const requestArb = fc.record({
  key: fc.constantFrom(...keySpace),
  mode: fc.constantFrom<LockMode>("shared", "exclusive"),
});
const operationArb = fc.record({
  requests: fc.array(requestArb, { minLength: 1, maxLength: 3 }),
  /** Keys a nested run takes inside fn; only those after the outer keys in the global order are used. */
  nested: fc.array(requestArb, { maxLength: 2 }),
  startDelayMs: fc.integer({ min: 0, max: 3 }),
  holdMs: fc.integer({ min: 0, max: 3 }),
  abortAfterMs: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
});
const workloadArb = fc.array(operationArb, { minLength: 1, maxLength: 12 });
type Operation = typeof operationArb extends fc.Arbitrary<infer T> ? T : never;

/** The effective mode per key, computed independently of the lock (exclusive wins). */
function effective(requests: readonly LockRequest[]): Map<string, LockMode> {
  const modes = new Map<string, LockMode>();
  for (const r of requests)
    if (modes.get(formatLockKey(r.key)) !== "exclusive") modes.set(formatLockKey(r.key), r.mode);
  return modes;
}

interface Outcome {
  violations: string[];
  unexpected: unknown[];
  completed: number;
}

/** Runs a workload concurrently, counting active readers/writers per key inside every fn. */
async function runWorkload(lock: SpongeLock, workload: readonly Operation[]): Promise<Outcome> {
  const readers = new Map<string, number>();
  const writers = new Map<string, number>();
  const outcome: Outcome = { violations: [], unexpected: [], completed: 0 };

  const guarded = async (requests: readonly LockRequest[], holdMs: number, inner?: () => Promise<void>) => {
    const modes = effective(requests);
    for (const [key, mode] of modes) {
      const r = readers.get(key) ?? 0;
      const w = writers.get(key) ?? 0;
      if (w > 0 || (mode === "exclusive" && r > 0)) outcome.violations.push(`${mode} ${key} with r=${r} w=${w}`);
      (mode === "exclusive" ? writers : readers).set(key, (mode === "exclusive" ? w : r) + 1);
    }
    try {
      await sleep(holdMs);
      await inner?.();
    } finally {
      for (const [key, mode] of modes) {
        const counts = mode === "exclusive" ? writers : readers;
        counts.set(key, (counts.get(key) ?? 0) - 1);
      }
    }
  };

  await Promise.all(
    workload.map(async (op) => {
      await sleep(op.startDelayMs);
      const controller = new AbortController();
      const timer = op.abortAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), op.abortAfterMs);
      const highest = Math.max(...op.requests.map((r) => order(r.key)));
      const nested = op.nested.filter((r) => order(r.key) > highest);
      const options = { abortSignal: controller.signal };
      try {
        await lock.run(
          op.requests,
          () =>
            guarded(
              op.requests,
              op.holdMs,
              nested.length === 0 ? undefined : () => lock.run(nested, () => guarded(nested, op.holdMs), options),
            ),
          options,
        );
        outcome.completed++;
      } catch (error) {
        if (!isBaristaError(error, "Aborted")) outcome.unexpected.push(error);
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return outcome;
}

/** A stuck workload must fail the property (and let fast-check shrink it), not hang the test. */
async function runBounded(lock: SpongeLock, workload: readonly Operation[]): Promise<Outcome | "deadlock"> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"deadlock">((resolve) => (timer = setTimeout(() => resolve("deadlock"), 1_000)));
  try {
    return await Promise.race([runWorkload(lock, workload), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

describe("SpongeLock properties", () => {
  // A failing property shrinks with a 1 s deadline per attempt; stop shrinking well before the test timeout.
  const runs = { numRuns: 100, interruptAfterTimeLimit: 15_000, markInterruptAsFailure: true };

  it("never lets a writer share a key with any other holder", async () => {
    await fc.assert(
      fc.asyncProperty(workloadArb, async (workload) => {
        const outcome = await runBounded(new SpongeLock(), workload);
        expect(outcome).not.toBe("deadlock");
        if (outcome === "deadlock") return;
        expect(outcome.unexpected).toEqual([]);
        expect(outcome.violations).toEqual([]);
      }),
      runs,
    );
  });

  it("always completes every workload (no deadlock)", async () => {
    await fc.assert(
      fc.asyncProperty(workloadArb, async (workload) => {
        const lock = new SpongeLock();
        const outcome = await runBounded(lock, workload);
        expect(outcome, `stuck with ${JSON.stringify(lock.inspect())}`).not.toBe("deadlock");
        if (outcome === "deadlock") return;
        expect(outcome.unexpected).toEqual([]);
        // Without aborts every operation must have run.
        if (workload.every((op) => op.abortAfterMs === undefined)) expect(outcome.completed).toBe(workload.length);
      }),
      runs,
    );
  });

  it("leaves no entry behind after any workload, aborts included", async () => {
    await fc.assert(
      fc.asyncProperty(workloadArb, async (workload) => {
        const lock = new SpongeLock();
        expect(await runBounded(lock, workload)).not.toBe("deadlock");
        await flush(); // abandoned waiters hand their key on in a promise callback
        expect(lock.inspect()).toEqual([]);
        expect(lock.size).toBe(0);
      }),
      runs,
    );
  });
});
