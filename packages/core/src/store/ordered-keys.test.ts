import { describe, expect, it } from "vitest";
import { compareKeys } from "./keys.js";
import { OrderedKeys } from "./ordered-keys.js";
import type { KeyBound } from "./ordered-keys.js";

const alphabet = ["a", "b", "z", "\uffff", "\u{1f600}", "é", "/"];

/** A small deterministic generator, so a failure replays. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe("OrderedKeys", () => {
  it("keeps code point order through random inserts and deletes, and walks ranges both ways", () => {
    const random = lcg(7);
    const pick = (): string =>
      Array.from({ length: 1 + Math.floor(random() * 3) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(
        "",
      );
    const keys = new OrderedKeys();
    const model = new Set<string>();
    for (let i = 0; i < 3_000; i++) {
      const key = pick();
      if (random() < 0.35) expect(keys.delete(key)).toBe(model.delete(key));
      else expect(keys.add(key)).toBe(!model.has(key) && model.add(key) !== undefined);
    }
    const sorted = [...model].sort(compareKeys);
    expect(keys.size).toBe(sorted.length);
    expect([...keys.range(undefined, undefined)]).toEqual(sorted);
    expect([...keys.range(undefined, undefined, true)]).toEqual([...sorted].reverse());
    const inside = (k: string, from: KeyBound, to: KeyBound): boolean => {
      const a = compareKeys(k, from.key);
      const b = compareKeys(k, to.key);
      return (a > 0 || (a === 0 && from.inclusive)) && (b < 0 || (b === 0 && to.inclusive));
    };
    for (let i = 0; i < 200; i++) {
      const from = { key: pick(), inclusive: random() < 0.5 };
      const to = { key: pick(), inclusive: random() < 0.5 };
      const expected = sorted.filter((k) => inside(k, from, to));
      expect([...keys.range(from, to)]).toEqual(expected);
      expect([...keys.range(from, to, true)]).toEqual([...expected].reverse());
    }
    keys.clear();
    expect([...keys.range(undefined, undefined, true)]).toEqual([]);
    expect(keys.add("x")).toBe(true);
    expect([...keys.range(undefined, undefined, true)]).toEqual(["x"]);
  });
});
