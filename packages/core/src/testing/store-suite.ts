import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compareKeys } from "../store/keys.js";
import { compareAndSet } from "../store/store.js";
import type { Store, StoreEntry, StoreLeases } from "../store/store.js";
import type { VirtualClock } from "../util/clock.js";

/** Options of `describeStoreConformance`: the clocks the store expires on and what it supports. */
export interface StoreConformanceOptions {
  /** The clock the opened stores expire TTLs on; without it the TTL tests are skipped. */
  clock?: VirtualClock;
  /** False for a store without `leases` (they are optional); the lease tests are then skipped. */
  leases?: boolean;
  /** The clock the opened stores expire leases on; without it the lease expiry tests are skipped. */
  leaseClock?: VirtualClock;
}

/**
 * The behaviour every Store must show, as a Vitest suite. `open` must return a new, empty store
 * for each test (the suite closes it afterwards).
 */
export function describeStoreConformance(
  name: string,
  open: () => Promise<Store>,
  options: StoreConformanceOptions = {},
): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const keysOf = (entries: StoreEntry[]): string[] => entries.map((e) => e.key);
    const putAll = async (keys: string[]): Promise<void> => {
      for (const key of keys) await store.put(key, `v:${key}`);
    };

    describe("get, put, delete", () => {
      it("returns undefined for an absent key", async () => {
        expect(await store.get("a/missing")).toBeUndefined();
      });

      it("reads back what was put, with the revision put returned", async () => {
        const revision = await store.put("a/1", '{"x":1}');
        expect(await store.get("a/1")).toEqual({ key: "a/1", value: '{"x":1}', revision });
      });

      it("overwrites a value", async () => {
        await store.put("a/1", "one");
        await store.put("a/1", "uno");
        expect((await store.get("a/1"))?.value).toBe("uno");
      });

      it("keeps values exactly: empty, non-ASCII, control characters", async () => {
        const values = ["", "한글 ✓ 😀", "nul\u0000inside", "line\nbreak\ttab", "x".repeat(100_000)];
        for (const [i, value] of values.entries()) await store.put(`v/${i}`, value);
        for (const [i, value] of values.entries()) expect((await store.get(`v/${i}`))?.value).toBe(value);
      });

      it("deletes, reporting whether the key existed", async () => {
        await store.put("a/1", "one");
        expect(await store.delete("a/1")).toBe(true);
        expect(await store.get("a/1")).toBeUndefined();
        expect(await store.delete("a/1")).toBe(false);
        expect(await store.list("a/")).toEqual([]);
      });

      it("rejects invalid keys and values with InvalidArgument", async () => {
        const invalid = { name: "BaristaError", code: "InvalidArgument" };
        await expect(store.put("", "v")).rejects.toMatchObject(invalid);
        await expect(store.put("a/\u0000", "v")).rejects.toMatchObject(invalid);
        await expect(store.put("a/\uD800", "v")).rejects.toMatchObject(invalid);
        await expect(store.put("a/1", "\uDC00")).rejects.toMatchObject(invalid);
        await expect(store.get("")).rejects.toMatchObject(invalid);
        await expect(store.delete("")).rejects.toMatchObject(invalid);
        await expect(store.list("a/", { limit: -1 })).rejects.toMatchObject(invalid);
        await expect(store.list("a/", { limit: 1.5 })).rejects.toMatchObject(invalid);
        expect(await store.list("")).toEqual([]);
      });
    });

    describe("revisions", () => {
      it("grow with every write, to any key", async () => {
        const r1 = await store.put("a", "1");
        const r2 = await store.put("a", "2");
        const r3 = await store.put("b", "1");
        const r4 = await store.put("a", "2"); // same value: still a write
        expect(r1).toBeGreaterThan(0);
        expect(r2).toBeGreaterThan(r1);
        expect(r3).toBeGreaterThan(r2);
        expect(r4).toBeGreaterThan(r3);
        expect((await store.get("a"))?.revision).toBe(r4);
        expect((await store.get("b"))?.revision).toBe(r3);
      });

      it("never repeat for a deleted and re-created key", async () => {
        const before = await store.put("a", "1");
        await store.delete("a");
        const after = await store.put("a", "1");
        expect(after).toBeGreaterThan(before);
      });

      it("are shared by the writes of one commit", async () => {
        const before = await store.put("x", "0");
        const ok = await store.commit([
          { op: "put", key: "a", value: "1" },
          { op: "put", key: "b", value: "2" },
        ]);
        expect(ok).toBe(true);
        const a = await store.get("a");
        const b = await store.get("b");
        expect(a?.revision).toBeGreaterThan(before);
        expect(b?.revision).toBe(a?.revision);
        expect(await store.put("x", "1")).toBeGreaterThan(a?.revision ?? Infinity);
      });

      it("are reported by list", async () => {
        const r = await store.put("p/a", "1");
        expect(await store.list("p/")).toEqual([{ key: "p/a", value: "1", revision: r }]);
      });
    });

    describe("list", () => {
      it("returns keys in order, whatever the insertion order", async () => {
        await putAll(["k/3", "k/1", "k/10", "k/2", "k/01"]);
        expect(keysOf(await store.list("k/"))).toEqual(["k/01", "k/1", "k/10", "k/2", "k/3"]);
      });

      it("matches the prefix exactly as a string prefix", async () => {
        await putAll(["a/a", "a/b", "a/b/", "a/b/c", "a/bc", "a/c", "a0", "a.", "b"]);
        expect(keysOf(await store.list("a/b"))).toEqual(["a/b", "a/b/", "a/b/c", "a/bc"]);
        expect(keysOf(await store.list("a/b/"))).toEqual(["a/b/", "a/b/c"]);
        expect(keysOf(await store.list("a/"))).toEqual(["a/a", "a/b", "a/b/", "a/b/c", "a/bc", "a/c"]);
        expect(keysOf(await store.list("a/z"))).toEqual([]);
        expect(keysOf(await store.list(""))).toEqual(["a.", "a/a", "a/b", "a/b/", "a/b/c", "a/bc", "a/c", "a0", "b"]);
      });

      it("orders by code point (UTF-8 byte order), not by UTF-16 unit", async () => {
        const keys = ["u/z", "u/é", "u/中", "u/\uFFFF", "u/😀", "u/\u{10FFFF}", "u/\uE000", "u/\uD7FF"];
        await putAll(keys);
        const expected = [...keys].sort(compareKeys);
        // The two orders differ here, so this test can tell them apart.
        expect(expected).not.toEqual([...keys].sort());
        expect(keysOf(await store.list("u/"))).toEqual(expected);
        expect(keysOf(await store.list("u/", { reverse: true }))).toEqual([...expected].reverse());
      });

      it("bounds non-ASCII prefixes correctly", async () => {
        await putAll([
          "p/é",
          "p/é/1",
          "p/éa",
          "p/ê",
          "q/\uFFFF",
          "q/\uFFFF😀",
          "q/😀",
          "r/😀",
          "r/😀x",
          "r/😁",
          "s/\uD7FF",
          "s/\uD7FFz",
          "s/\uE000",
          "t/\u{10FFFF}",
          "t/\u{10FFFF}\u{10FFFF}",
          "t0",
        ]);
        expect(keysOf(await store.list("p/é"))).toEqual(["p/é", "p/é/1", "p/éa"]);
        expect(keysOf(await store.list("q/\uFFFF"))).toEqual(["q/\uFFFF", "q/\uFFFF😀"]);
        expect(keysOf(await store.list("r/😀"))).toEqual(["r/😀", "r/😀x"]);
        expect(keysOf(await store.list("s/\uD7FF"))).toEqual(["s/\uD7FF", "s/\uD7FFz"]);
        expect(keysOf(await store.list("t/\u{10FFFF}"))).toEqual(["t/\u{10FFFF}", "t/\u{10FFFF}\u{10FFFF}"]);
      });

      describe("ranges", () => {
        const all = Array.from({ length: 10 }, (_, i) => `k/${String(i + 1).padStart(2, "0")}`);
        beforeEach(async () => {
          await putAll([...all, "j/99", "l/00"]);
        });

        it("startAfter is exclusive", async () => {
          expect(keysOf(await store.list("k/", { startAfter: "k/03" }))).toEqual(all.slice(3));
          expect(keysOf(await store.list("k/", { startAfter: "k/035" }))).toEqual(all.slice(3));
        });

        it("endBefore is exclusive", async () => {
          expect(keysOf(await store.list("k/", { endBefore: "k/07" }))).toEqual(all.slice(0, 6));
        });

        it("bounds outside the prefix do not widen it", async () => {
          expect(keysOf(await store.list("k/", { startAfter: "a", endBefore: "z" }))).toEqual(all);
          expect(keysOf(await store.list("k/", { startAfter: "k/10" }))).toEqual([]);
          expect(keysOf(await store.list("k/", { endBefore: "k/" }))).toEqual([]);
          expect(keysOf(await store.list("k/", { startAfter: "k/05", endBefore: "k/03" }))).toEqual([]);
        });

        it("limit takes the first keys; reverse the last", async () => {
          expect(keysOf(await store.list("k/", { limit: 3 }))).toEqual(["k/01", "k/02", "k/03"]);
          expect(keysOf(await store.list("k/", { limit: 0 }))).toEqual([]);
          expect(keysOf(await store.list("k/", { reverse: true, limit: 3 }))).toEqual(["k/10", "k/09", "k/08"]);
          const window = await store.list("k/", { reverse: true, startAfter: "k/02", endBefore: "k/06", limit: 2 });
          expect(keysOf(window)).toEqual(["k/05", "k/04"]);
        });

        it("pages forwards and backwards through every key exactly once", async () => {
          const forward: string[] = [];
          let page: StoreEntry[];
          let cursor: string | undefined;
          do {
            page = await store.list("k/", { startAfter: cursor, limit: 3 });
            forward.push(...keysOf(page));
            cursor = page.at(-1)?.key;
          } while (page.length === 3);
          expect(forward).toEqual(all);

          const backward: string[] = [];
          cursor = undefined;
          do {
            page = await store.list("k/", { endBefore: cursor, limit: 4, reverse: true });
            backward.push(...keysOf(page));
            cursor = page.at(-1)?.key;
          } while (page.length === 4);
          expect(backward).toEqual([...all].reverse());
        });
      });
    });

    describe("commit", () => {
      it("applies puts and deletes together, in order", async () => {
        await store.put("c/old", "x");
        const ok = await store.commit([
          { op: "put", key: "c/1", value: "1" },
          { op: "delete", key: "c/old" },
          { op: "put", key: "c/2", value: "2" },
          { op: "put", key: "c/1", value: "1b" },
          { op: "delete", key: "c/2" },
        ]);
        expect(ok).toBe(true);
        expect((await store.list("c/")).map((e) => [e.key, e.value])).toEqual([["c/1", "1b"]]);
      });

      it("applies everything when all conditions hold", async () => {
        const ra = await store.put("c/a", "a");
        const ok = await store.commit(
          [
            { op: "put", key: "c/a", value: "a2" },
            { op: "put", key: "c/b", value: "b" },
          ],
          {
            conditions: [
              { key: "c/a", revision: ra },
              { key: "c/b", revision: null },
            ],
          },
        );
        expect(ok).toBe(true);
        expect(keysOf(await store.list("c/"))).toEqual(["c/a", "c/b"]);
        expect((await store.get("c/a"))?.value).toBe("a2");
      });

      it("changes nothing when any condition fails", async () => {
        const ra = await store.put("c/a", "a");
        const rb = await store.put("c/b", "b");
        const before = await store.list("c/");
        const attempts = [
          [
            { key: "c/a", revision: ra },
            { key: "c/b", revision: ra },
          ], // stale revision
          [
            { key: "c/a", revision: ra },
            { key: "c/b", revision: null },
          ], // present, expected absent
          [
            { key: "c/a", revision: ra },
            { key: "c/zz", revision: rb },
          ], // absent, expected present
          [{ key: "c/a", revision: ra + 1000 }], // revision from the future
        ];
        for (const conditions of attempts) {
          const ok = await store.commit(
            [
              { op: "put", key: "c/a", value: "changed" },
              { op: "delete", key: "c/b" },
              { op: "put", key: "c/new", value: "new" },
            ],
            { conditions },
          );
          expect(ok).toBe(false);
          expect(await store.list("c/")).toEqual(before);
        }
      });

      it("checks conditions without operations", async () => {
        const ra = await store.put("c/a", "a");
        expect(await store.commit([], { conditions: [{ key: "c/a", revision: ra }] })).toBe(true);
        expect(await store.commit([], { conditions: [{ key: "c/a", revision: null }] })).toBe(false);
        expect(await store.commit([])).toBe(true);
      });

      it("rejects an invalid operation before writing anything", async () => {
        await expect(
          store.commit([
            { op: "put", key: "c/a", value: "a" },
            { op: "put", key: "", value: "b" },
          ]),
        ).rejects.toMatchObject({ code: "InvalidArgument" });
        await expect(store.commit([{ op: "put", key: "c/a", value: "a", ttlMs: -5 }])).rejects.toMatchObject({
          code: "InvalidArgument",
        });
        expect(await store.get("c/a")).toBeUndefined();
      });
    });

    describe("compare-and-set", () => {
      it("creates only when absent, updates only at the expected revision", async () => {
        expect(await compareAndSet(store, "cas/k", null, "v1")).toBe(true);
        expect(await compareAndSet(store, "cas/k", null, "again")).toBe(false);
        const r1 = (await store.get("cas/k"))?.revision ?? -1;
        expect(await compareAndSet(store, "cas/k", r1, "v2")).toBe(true);
        expect(await compareAndSet(store, "cas/k", r1, "stale")).toBe(false);
        expect((await store.get("cas/k"))?.value).toBe("v2");
        expect(await compareAndSet(store, "cas/absent", r1, "x")).toBe(false);
        expect(await store.get("cas/absent")).toBeUndefined();
      });

      it("lets exactly one of 20 concurrent creates win", async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => compareAndSet(store, "race/k", null, `writer-${i}`)),
        );
        const winners = results.flatMap((won, i) => (won ? [i] : []));
        expect(winners).toHaveLength(1);
        expect((await store.get("race/k"))?.value).toBe(`writer-${winners[0]}`);
      });

      it("loses no update among concurrent read-modify-write loops", async () => {
        await store.put("race/counter", "0");
        const increment = async (): Promise<number> => {
          for (let attempts = 1; ; attempts++) {
            const entry = await store.get("race/counter");
            if (!entry) throw new Error("counter vanished");
            await Promise.resolve(); // let the other workers interleave between read and write
            if (await compareAndSet(store, "race/counter", entry.revision, String(Number(entry.value) + 1))) {
              return attempts;
            }
          }
        };
        const workers = Array.from({ length: 10 }, async () => {
          let retries = 0;
          for (let i = 0; i < 5; i++) retries += (await increment()) - 1;
          return retries;
        });
        const retries = await Promise.all(workers);
        expect((await store.get("race/counter"))?.value).toBe("50");
        // The interleaving must have produced conflicts, or the test proved nothing.
        expect(retries.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      });
    });

    describe.skipIf(!options.clock)("TTL", () => {
      const clock = options.clock as VirtualClock;

      it("keeps an entry until its TTL, then hides it everywhere", async () => {
        await store.put("ttl/a", "a", { ttlMs: 1000 });
        await store.put("ttl/b", "b");
        clock.advance(999);
        expect((await store.get("ttl/a"))?.value).toBe("a");
        expect(keysOf(await store.list("ttl/"))).toEqual(["ttl/a", "ttl/b"]);
        clock.advance(1);
        expect(keysOf(await store.list("ttl/", { limit: 1 }))).toEqual(["ttl/b"]); // limit counts live entries
        expect(keysOf(await store.list("ttl/"))).toEqual(["ttl/b"]);
        expect(await store.get("ttl/a")).toBeUndefined();
        expect(await store.delete("ttl/a")).toBe(false);
      });

      it("treats an expired key as absent in conditions", async () => {
        const r = await store.put("ttl/lease", "holder-1", { ttlMs: 50 });
        clock.advance(50);
        expect(await compareAndSet(store, "ttl/lease", r, "holder-1 renewing")).toBe(false);
        expect(await compareAndSet(store, "ttl/lease", null, "holder-2")).toBe(true);
        clock.advance(1000);
        expect((await store.get("ttl/lease"))?.value).toBe("holder-2"); // no TTL on the new entry
      });

      it("restarts the TTL on rewrite and drops it on a put without TTL", async () => {
        await store.put("ttl/a", "1", { ttlMs: 100 });
        clock.advance(60);
        await store.put("ttl/a", "2", { ttlMs: 100 });
        clock.advance(60);
        expect((await store.get("ttl/a"))?.value).toBe("2");
        await store.put("ttl/a", "3");
        clock.advance(10_000);
        expect((await store.get("ttl/a"))?.value).toBe("3");
      });

      it("honours ttlMs in commit operations", async () => {
        await store.commit([
          { op: "put", key: "ttl/x", value: "x", ttlMs: 10 },
          { op: "put", key: "ttl/y", value: "y" },
        ]);
        clock.advance(10);
        expect(keysOf(await store.list("ttl/"))).toEqual(["ttl/y"]);
      });

      it("rejects a non-positive TTL", async () => {
        for (const ttlMs of [0, -1, Number.NaN, Infinity]) {
          await expect(store.put("ttl/bad", "x", { ttlMs })).rejects.toMatchObject({ code: "InvalidArgument" });
        }
      });
    });

    describe.skipIf(options.leases === false)("leases", () => {
      const leasesOf = (): StoreLeases => {
        if (!store.leases) throw new Error("the store has no leases (pass { leases: false } if that is intended)");
        return store.leases;
      };

      it("grants leases whose entries are ordinary entries until the lease is revoked", async () => {
        const leases = leasesOf();
        const lease = await leases.grant(60_000);
        expect(lease.ttlMs).toBeGreaterThanOrEqual(60_000);
        const other = await leases.grant(60_000);
        expect(other.id).not.toBe(lease.id);
        const r = await store.put("l/a", "a", { lease: lease.id });
        await store.commit([
          { op: "put", key: "l/b", value: "b", lease: lease.id },
          { op: "put", key: "l/c", value: "c", lease: other.id },
          { op: "put", key: "l/plain", value: "p" },
        ]);
        expect(await store.get("l/a")).toEqual({ key: "l/a", value: "a", revision: r });
        expect(keysOf(await store.list("l/"))).toEqual(["l/a", "l/b", "l/c", "l/plain"]);

        await leases.revoke(lease.id);
        expect(await store.get("l/a")).toBeUndefined();
        expect(keysOf(await store.list("l/"))).toEqual(["l/c", "l/plain"]);
        expect(await compareAndSet(store, "l/b", null, "taken")).toBe(true); // absent for conditions too
        expect(await leases.keepAlive(lease.id)).toBe(false);
        expect(await leases.keepAlive(other.id)).toBe(true);
        await leases.revoke(lease.id); // harmless
        await leases.revoke(other.id);
        expect(keysOf(await store.list("l/"))).toEqual(["l/b", "l/plain"]);
      });

      it("refuses to attach entries to a lease that has ended, writing nothing", async () => {
        const leases = leasesOf();
        const lease = await leases.grant(60_000);
        await leases.revoke(lease.id);
        const ended = { name: "BaristaError", code: "NotFound" };
        await expect(store.put("l/x", "x", { lease: lease.id })).rejects.toMatchObject(ended);
        const ops = [
          { op: "put", key: "l/y", value: "y" },
          { op: "put", key: "l/x", value: "x", lease: lease.id },
        ] as const;
        await expect(store.commit([...ops])).rejects.toMatchObject(ended);
        expect(await store.list("l/")).toEqual([]);
      });

      it("rejects a lease together with a TTL, and an empty lease id", async () => {
        const lease = await leasesOf().grant(60_000);
        const invalid = { name: "BaristaError", code: "InvalidArgument" };
        await expect(store.put("l/x", "x", { lease: lease.id, ttlMs: 1000 })).rejects.toMatchObject(invalid);
        await expect(store.put("l/x", "x", { lease: "" })).rejects.toMatchObject(invalid);
        await expect(store.commit([{ op: "put", key: "l/x", value: "x", lease: "" }])).rejects.toMatchObject(invalid);
        await expect(leasesOf().grant(0)).rejects.toMatchObject(invalid);
        expect(await store.get("l/x")).toBeUndefined();
      });

      it("detaches an entry rewritten without the lease, and keeps revisions when renewing", async () => {
        const leases = leasesOf();
        const lease = await leases.grant(60_000);
        await store.put("l/kept", "1", { lease: lease.id });
        await store.put("l/kept", "2");
        const r = await store.put("l/ticket", "t", { lease: lease.id });
        expect(await leases.keepAlive(lease.id)).toBe(true);
        expect((await store.get("l/ticket"))?.revision).toBe(r);
        await leases.revoke(lease.id);
        expect(keysOf(await store.list("l/"))).toEqual(["l/kept"]);
      });
    });

    describe.skipIf(options.leases === false || !options.leaseClock)("lease expiry", () => {
      const clock = options.leaseClock as VirtualClock;

      it("ends a lease not renewed within its TTL, and with it its entries", async () => {
        const leases = store.leases as StoreLeases;
        const lease = await leases.grant(1000);
        const renewed = await leases.grant(1000);
        await store.put("le/a", "a", { lease: lease.id });
        await store.put("le/b", "b", { lease: renewed.id });
        clock.advance(600);
        expect(await leases.keepAlive(renewed.id)).toBe(true);
        clock.advance(399);
        expect(keysOf(await store.list("le/"))).toEqual(["le/a", "le/b"]);
        clock.advance(1);
        expect(await store.get("le/a")).toBeUndefined();
        expect(keysOf(await store.list("le/"))).toEqual(["le/b"]);
        expect(await compareAndSet(store, "le/a", null, "next holder")).toBe(true);
        expect(await leases.keepAlive(lease.id)).toBe(false);
        await expect(store.put("le/c", "c", { lease: lease.id })).rejects.toMatchObject({ code: "NotFound" });
        clock.advance(600);
        expect(keysOf(await store.list("le/"))).toEqual(["le/a"]);
      });
    });

    describe("abort", () => {
      it("rejects every call whose signal has fired, without writing", async () => {
        await store.put("ab/existing", "x");
        const controller = new AbortController();
        controller.abort();
        const abortSignal = controller.signal;
        const aborted = { name: "BaristaError", code: "Aborted" };
        await expect(store.get("ab/existing", { abortSignal })).rejects.toMatchObject(aborted);
        await expect(store.put("ab/new", "v", { abortSignal })).rejects.toMatchObject(aborted);
        await expect(store.delete("ab/existing", { abortSignal })).rejects.toMatchObject(aborted);
        await expect(store.list("ab/", { abortSignal })).rejects.toMatchObject(aborted);
        const put = { op: "put", key: "ab/c", value: "v" } as const;
        await expect(store.commit([put], { abortSignal })).rejects.toMatchObject(aborted);
        expect(keysOf(await store.list("ab/"))).toEqual(["ab/existing"]);
      });

      it("reports a timeout signal as Timeout", async () => {
        const abortSignal = AbortSignal.abort(new DOMException("deadline passed", "TimeoutError"));
        await expect(store.get("ab/x", { abortSignal })).rejects.toMatchObject({ code: "Timeout" });
      });
    });

    describe("close", () => {
      it("rejects calls after close (Conflict, rule closed) and tolerates a second close", async () => {
        await store.close();
        const closed = { name: "BaristaError", code: "Conflict", rule: "closed" };
        await expect(store.get("a")).rejects.toMatchObject(closed);
        await expect(store.put("a", "v")).rejects.toMatchObject(closed);
        await expect(store.delete("a")).rejects.toMatchObject(closed);
        await expect(store.list("")).rejects.toMatchObject(closed);
        await expect(store.commit([{ op: "put", key: "a", value: "v" }])).rejects.toMatchObject(closed);
        await store.close();
      });
    });
  });
}
