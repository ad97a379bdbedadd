import { describe, expect, it } from "vitest";
import { MemoryStore } from "../store/memory-store.js";
import type { Store, StoreLeases } from "../store/store.js";
import { VirtualClock } from "../util/clock.js";
import { OwnerLease } from "./owner-lease.js";

// Leases expire on a virtual clock here, and the owner renews on that same clock (the store's).

const ttlMs = 3000;

function setup(keepAlive?: (inner: StoreLeases, id: string) => Promise<boolean>) {
  const clock = new VirtualClock();
  const store = new MemoryStore({ clock, leaseClock: clock });
  const inner = store.leases;
  const view: Store = keepAlive
    ? Object.assign(Object.create(store) as MemoryStore, {
        leases: { ...inner, keepAlive: (id: string) => keepAlive(inner, id) },
      })
    : store;
  const lease = new OwnerLease({ store: view, ttlMs });
  return { clock, store, lease };
}

describe("OwnerLease", () => {
  it("keeps its lease alive while in use, however long, and lets it lapse when idle", async () => {
    const { clock, store, lease } = setup();
    const use = await lease.use();
    await store.put("held", "x", { lease: use.lease });
    await clock.sleep(10 * ttlMs); // renewed every third of the TTL meanwhile
    expect((await store.get("held"))?.value).toBe("x");
    expect(use.lost.aborted).toBe(false);
    use.release();
    await clock.sleep(ttlMs); // idle: no one renews it
    expect(await store.get("held")).toBeUndefined();
    const next = await lease.use(); // a new lease, for the next holder
    expect(next.lease).not.toBe(use.lease);
    expect(next.lost.aborted).toBe(false);
    next.release();
  });

  it("reuses a lease confirmed lately, without a store call", async () => {
    const { lease } = setup();
    const first = await lease.use();
    const second = await lease.use();
    expect(second.lease).toBe(first.lease);
    first.release();
    second.release();
  });

  it("tells every use when the store says the lease has ended", async () => {
    let ended = false;
    const { clock, lease } = setup((inner, id) => (ended ? Promise.resolve(false) : inner.keepAlive(id)));
    const [a, b] = [await lease.use(), await lease.use()];
    ended = true;
    await clock.sleep(ttlMs); // the next renewal finds out
    for (const use of [a, b]) {
      expect(use.lost.aborted).toBe(true);
      expect(use.lost.reason).toMatchObject({ name: "BaristaError", code: "Conflict", rule: "lease-lost" });
    }
    a.release();
    b.release();
  });

  it("counts the lease lost before its deadline when no renewal gets through, by a safety margin", async () => {
    const { clock, lease } = setup(() => Promise.reject(new Error("store unreachable")));
    const started = clock.now();
    const use = await lease.use();
    let lostAt = 0;
    use.lost.addEventListener("abort", () => (lostAt = clock.now()));
    await clock.sleep(2 * ttlMs);
    expect(lostAt - started).toBe(ttlMs - ttlMs / 10); // the store could end it at ttlMs at the earliest
    use.release();
  });

  it("revokes its lease on close, taking the entries along", async () => {
    const { store, lease } = setup();
    const use = await lease.use();
    await store.put("held", "x", { lease: use.lease });
    await lease.close();
    expect(await store.get("held")).toBeUndefined();
    expect(use.lost.aborted).toBe(true);
    await expect(lease.use()).rejects.toMatchObject({ code: "Conflict", rule: "closed" });
  });
});
