import { describe, expect, it } from "vitest";
import { VirtualClock } from "../util/clock.js";
import { Memo } from "./memo.js";

describe("Memo", () => {
  it("loads a key once, also for concurrent callers, and remembers 'none' answers", async () => {
    const memo = new Memo<string | undefined>();
    let loads = 0;
    const load = async () => {
      loads += 1;
      await Promise.resolve();
      return loads === 1 ? undefined : "later";
    };
    const [a, b] = await Promise.all([memo.get("k", load), memo.get("k", load)]);
    expect([a, b, loads]).toEqual([undefined, undefined, 1]);
    expect(memo.has("k")).toBe(true);
    expect(await memo.get("k", load)).toBeUndefined();
    expect(loads).toBe(1);
  });

  it("keeps no failed load and no answer of a load the driver forgot meanwhile", async () => {
    const memo = new Memo<number>();
    await expect(memo.get("k", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(memo.has("k")).toBe(false);
    let release: (n: number) => void = () => undefined;
    const pending = memo.get("k", () => new Promise<number>((resolve) => (release = resolve)));
    memo.forget("k");
    release(1);
    expect(await pending).toBe(1);
    expect(memo.has("k")).toBe(false);
    memo.set("k", 2);
    expect(memo.peek("k")).toBe(2);
  });

  it("expires entries after ttlMs on the given clock and drops the oldest beyond maxEntries", () => {
    const clock = new VirtualClock();
    const memo = new Memo<number>({ clock, ttlMs: 1_000, maxEntries: 2 });
    memo.set("a", 1);
    clock.advance(999);
    expect(memo.peek("a")).toBe(1);
    clock.advance(1);
    expect(memo.peek("a")).toBeUndefined();
    memo.set("a", 1);
    memo.set("b", 2);
    memo.set("c", 3);
    expect([memo.has("a"), memo.has("b"), memo.has("c"), memo.size]).toEqual([false, true, true, 2]);
    expect(() => new Memo({ ttlMs: 5 })).toThrow(/clock/);
  });
});
