import { describe, expect, it } from "vitest";
import { MemoryStore } from "../store/memory-store.js";
import { VirtualClock } from "../util/clock.js";
import { noopLogger } from "../util/logger.js";
import { MetadataCache } from "./metadata-cache.js";

const ttls = { images: { freshMs: 1_000, staleMs: 10_000 } };

function setup() {
  const clock = new VirtualClock();
  const store = new MemoryStore({ clock });
  const cache = new MetadataCache({ store, clock, logger: noopLogger, ttls });
  let loads = 0;
  const load = async (): Promise<{ n: number; at: Date }> => {
    loads++;
    await clock.sleep(10);
    return { n: loads, at: new Date(clock.now()) };
  };
  return { clock, store, cache, load, loads: () => loads };
}

describe("MetadataCache", () => {
  it("loads once for concurrent readers (single flight) and serves fresh entries from memory", async () => {
    const { cache, load, loads } = setup();
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.get("c", "images", load)));
    expect(loads()).toBe(1);
    expect(new Set(results.map((r) => r.n))).toEqual(new Set([1]));
    expect((await cache.get("c", "images", load)).n).toBe(1);
    expect(loads()).toBe(1);
  });

  it("serves a stale entry at once and refreshes it behind", async () => {
    const { cache, load, loads, clock } = setup();
    await cache.get("c", "images", load);
    clock.advance(2_000);
    const stale = await cache.get("c", "images", load);
    expect(stale.n).toBe(1);
    await clock.sleep(20);
    expect(loads()).toBe(2);
    expect((await cache.get("c", "images", load)).n).toBe(2);
  });

  it("loads again, waiting, once an entry is older than fresh + stale", async () => {
    const { cache, load, loads, clock } = setup();
    await cache.get("c", "images", load);
    clock.advance(20_000);
    expect((await cache.get("c", "images", load)).n).toBe(2);
    expect(loads()).toBe(2);
  });

  it("persists entries (with dates) in the store for the next instance", async () => {
    const { cache, load, store, clock } = setup();
    const first = await cache.get("c", "images", load);
    const other = new MetadataCache({ store, clock, logger: noopLogger, ttls });
    let loaded = false;
    const again = await other.get("c", "images", async () => {
      loaded = true;
      return { n: 99, at: new Date() };
    });
    expect(loaded).toBe(false);
    expect(again.at).toBeInstanceOf(Date);
    expect(again).toEqual(first);
  });

  it("reloads on refresh, keeps serving the old copy when a background refresh fails, and invalidates", async () => {
    const { cache, load, loads, clock } = setup();
    await cache.get("c", "images", load);
    expect((await cache.get("c", "images", load, { refresh: true })).n).toBe(2);
    clock.advance(2_000);
    const failing = async (): Promise<{ n: number; at: Date }> => {
      throw new Error("cloud down");
    };
    expect((await cache.get("c", "images", failing)).n).toBe(2);
    await clock.sleep(1);
    expect((await cache.get("c", "images", failing)).n).toBe(2);
    await cache.invalidate("c");
    expect((await cache.get("c", "images", load)).n).toBe(loads());
  });
});
