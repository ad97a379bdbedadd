import { describe, expect, it } from "vitest";
import { BaristaError, isBaristaError } from "../errors.js";
import { MemoryStore } from "../store/memory-store.js";
import type { Store, StoreLeases } from "../store/store.js";
import { VirtualClock } from "../util/clock.js";
import { lockKeys } from "./lock-key.js";
import type { LockKey } from "./lock-key.js";
import { OwnerLease } from "./owner-lease.js";
import { SpongeLock } from "./sponge-lock.js";
import type { LockRequest } from "./sponge-lock.js";

// Several SpongeLocks over one store stand for several processes sharing it: each has its own
// owner lease, and none sees the others' in-process state. Leases expire on a virtual clock, so
// TTLs of seconds cost nothing; the lock polls and renews on that clock too.

const k = (path: string): LockKey => ({ layer: "resource", path });
const x = (path: string): LockRequest => ({ key: k(path), mode: "exclusive" });
const s = (path: string): LockRequest => ({ key: k(path), mode: "shared" });
const ttlMs = 3000;

/** A store one "process" reaches through: `cut()` makes every call of that process fail from then on. */
function reachable(inner: Store): { store: Store; cut: () => void } {
  let cut = false;
  const check = <T>(call: () => Promise<T>): Promise<T> =>
    cut ? Promise.reject(new BaristaError("ProviderError", "store unreachable", { retryable: true })) : call();
  const leases = inner.leases as StoreLeases;
  const store: Store = {
    leases: {
      clock: leases.clock,
      shared: true,
      grant: (ttl, o) => check(() => leases.grant(ttl, o)),
      keepAlive: (id, o) => check(() => leases.keepAlive(id, o)),
      revoke: (id, o) => check(() => leases.revoke(id, o)),
    },
    get: (key, o) => check(() => inner.get(key, o)),
    put: (key, value, o) => check(() => inner.put(key, value, o)),
    delete: (key, o) => check(() => inner.delete(key, o)),
    list: (prefix, o) => check(() => inner.list(prefix, o)),
    commit: (ops, o) => check(() => inner.commit(ops, o)),
    close: () => Promise.resolve(),
  };
  return {
    store,
    cut: () => {
      cut = true;
    },
  };
}

/** Three "processes" sharing one store. */
function setup() {
  const clock = new VirtualClock();
  const shared = new MemoryStore({ clock, leaseClock: clock });
  const member = () => {
    const { store, cut } = reachable(shared);
    const lease = new OwnerLease({ store, ttlMs });
    return { lock: new SpongeLock({ storeLease: lease }), lease, cut };
  };
  return { clock, shared, members: [member(), member(), member()] as const };
}

/** A promise and the function that settles it: a gate a holder waits at. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

async function until(condition: () => boolean | Promise<boolean>, clock: VirtualClock): Promise<void> {
  for (let i = 0; i < 10_000 && !(await condition()); i++) await clock.sleep(10);
  expect(await condition()).toBe(true);
}

describe("SpongeLock over a shared store", () => {
  it("excludes holders of an exclusive key across processes, and hands the key over", async () => {
    const { clock, members } = setup();
    const [a, b] = members;
    const log: string[] = [];
    const aGate = gate();
    const aRun = a.lock.run([x("seoul/vm/web")], async () => {
      log.push("a+");
      await aGate.opened;
      log.push("a-");
    });
    await until(() => log.includes("a+"), clock);
    const bRun = b.lock.run([x("seoul/vm/web")], async () => void log.push("b"));
    // b queues in the store behind a, however long a holds the key.
    await clock.sleep(60_000);
    expect(log).toEqual(["a+"]);
    const holders = await b.lock.holders();
    expect(holders.map((h) => [h.owner.id, h.state])).toEqual([
      [a.lease.owner.id, "holding"],
      [b.lease.owner.id, "waiting"],
    ]);
    aGate.open();
    await Promise.all([aRun, bRun]);
    expect(log).toEqual(["a+", "a-", "b"]);
    expect(await a.lock.holders()).toEqual([]); // every ticket deleted
  });

  it("lets shared holders of several processes in together, and a writer after them", async () => {
    const { clock, members } = setup();
    const [a, b, c] = members;
    const readers = gate();
    let inside = 0;
    let most = 0;
    const read = (lock: SpongeLock) =>
      lock.run([s("seoul/vpc/net")], async () => {
        most = Math.max(most, ++inside);
        await readers.opened;
        inside--;
      });
    const reads = [read(a.lock), read(b.lock)];
    await until(() => inside === 2, clock);
    let wrote = false;
    const write = c.lock.run([x("seoul/vpc/net")], async () => {
      expect(inside).toBe(0);
      wrote = true;
    });
    await clock.sleep(5000);
    expect(wrote).toBe(false);
    readers.open();
    await Promise.all([...reads, write]);
    expect([most, wrote]).toEqual([2, true]);
  });

  it("never deadlocks processes taking several keys, whatever order they name them in", async () => {
    const { clock, members } = setup();
    let readers = 0;
    let writers = 0;
    const runs = members.flatMap(({ lock }, i) =>
      Array.from({ length: 4 }, (_, j) => {
        const exclusive = j % 2 === 0;
        const keys = ["a", "b", "c", "d"].map((p) => (exclusive ? x(p) : s(p)));
        if ((i + j) % 2 === 1) keys.reverse();
        return lock.run(keys, async () => {
          expect(writers).toBe(0);
          if (exclusive) expect(readers).toBe(0);
          if (exclusive) writers++;
          else readers++;
          await clock.sleep(100); // long enough for the others to try their luck
          if (exclusive) writers--;
          else readers--;
        });
      }),
    );
    await Promise.all(runs);
    expect(await members[0].lock.holders()).toEqual([]);
  });

  it("shows who holds and awaits which key, since when and for what", async () => {
    const { clock, members } = setup();
    const [a, b] = members;
    const held = gate();
    const started = clock.now();
    const aRun = a.lock.run([x("seoul/vm/web"), s("seoul/vpc/net")], () => held.opened, { operation: "vm.create" });
    await until(async () => (await a.lock.holders()).length === 2, clock);
    const bRun = b.lock.run([x("seoul/vpc/net")], async () => undefined, { operation: "vpc.delete" });
    await until(async () => (await a.lock.holders()).length === 3, clock);
    const holders = await b.lock.holders();
    expect(holders).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          key: lockKeys.resource("seoul", "vm", "web"),
          mode: "exclusive",
          owner: a.lease.owner,
          operation: "vm.create",
          state: "holding",
        }),
        expect.objectContaining({ key: k("seoul/vpc/net"), mode: "shared", owner: a.lease.owner, state: "holding" }),
        expect.objectContaining({
          key: k("seoul/vpc/net"),
          owner: b.lease.owner,
          operation: "vpc.delete",
          state: "waiting",
        }),
      ]),
    );
    for (const h of holders) expect(h.since.getTime()).toBeGreaterThanOrEqual(started);
    expect(a.lease.owner).toEqual({ id: expect.any(String), host: expect.any(String), pid: process.pid });
    held.open();
    await Promise.all([aRun, bRun]);
  });

  it("removes a waiter's ticket when its caller aborts", async () => {
    const { clock, members } = setup();
    const [a, b] = members;
    const held = gate();
    const aRun = a.lock.run([x("k")], () => held.opened);
    await until(async () => (await a.lock.holders()).length === 1, clock);
    const controller = new AbortController();
    const bRun = b.lock.run([x("k")], async () => "never", { abortSignal: controller.signal });
    await until(async () => (await a.lock.holders()).length === 2, clock);
    controller.abort();
    await expect(bRun).rejects.toMatchObject({ code: "Aborted" });
    expect((await a.lock.holders()).map((h) => h.owner.id)).toEqual([a.lease.owner.id]);
    held.open();
    await aRun;
  });

  it("tells a holder whose lease is lost with a typed error and its abort signal; others get the key after", async () => {
    const { clock, members } = setup();
    const [a, b] = members;
    let aborted: unknown;
    let lostAt = 0;
    const aRun = a.lock.run([x("seoul/sg/web")], async (signal) => {
      await new Promise<void>((resolve) =>
        signal.addEventListener("abort", () => {
          aborted = signal.reason;
          lostAt = clock.now();
          resolve();
        }),
      );
      return "finished anyway";
    });
    aRun.catch(() => undefined);
    await until(async () => (await b.lock.holders()).length === 1, clock);
    let gotAt = 0;
    const bRun = b.lock.run([x("seoul/sg/web")], async () => void (gotAt = clock.now()));
    a.cut(); // a can no longer renew its lease (nor revoke it): the store lets it expire
    const error: unknown = await aRun.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: "BaristaError", code: "Conflict", rule: "lease-lost" });
    expect(isBaristaError(aborted, "Conflict")).toBe(true);
    await bRun;
    // a stopped before the store let b in: no moment when both held the key.
    expect(lostAt).toBeGreaterThan(0);
    expect(gotAt).toBeGreaterThanOrEqual(lostAt);
  });

  it("runs nested runs on the enclosing run's lease, and stops them once it is lost", async () => {
    const { clock, members } = setup();
    const [a] = members;
    const outer = a.lock.run([{ key: lockKeys.mcis("ns", "app"), mode: "exclusive" }], async (signal) => {
      await a.lock.run([x("seoul/vm/g1-1")], async () => undefined);
      await new Promise((resolve) => signal.addEventListener("abort", resolve));
      return a.lock.run([x("seoul/vm/g1-2")], async () => "nested ran");
    });
    await until(async () => (await a.lock.holders()).length === 1, clock);
    a.cut();
    await expect(outer).rejects.toMatchObject({ code: "Conflict", rule: "lease-lost" });
  });

  it("frees the keys of a process that stopped renewing once its lease expires", async () => {
    const { clock, members } = setup();
    const [a, b] = members;
    const never = new Promise<void>(() => undefined);
    void a.lock.run([x("k")], () => never).catch(() => undefined);
    await until(async () => (await b.lock.holders()).length === 1, clock);
    a.cut(); // as if a's process died: nothing of it reaches the store any more
    const from = clock.now();
    await b.lock.run([x("k")], async () => undefined);
    expect(clock.now() - from).toBeGreaterThan(0);
    expect(clock.now() - from).toBeLessThanOrEqual(ttlMs + 250);
  });
});

describe("SpongeLock without a store", () => {
  it("lists this process's holds and waits", async () => {
    const lock = new SpongeLock();
    const held = gate();
    const first = lock.run([x("k")], () => held.opened, { operation: "vm.delete" });
    const second = lock.run([s("k")], async () => undefined, { operation: "vm.get" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lock.distributed).toBe(false);
    expect((await lock.holders()).map((h) => [h.operation, h.mode, h.state, h.owner.id])).toEqual([
      ["vm.delete", "exclusive", "holding", lock.owner.id],
      ["vm.get", "shared", "waiting", lock.owner.id],
    ]);
    held.open();
    await Promise.all([first, second]);
    expect(await lock.holders()).toEqual([]);
  });
});
