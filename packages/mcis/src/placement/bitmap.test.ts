import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bitmap } from "./bitmap.js";

/** The members as a plain list, by `has`. */
const members = (bits: Bitmap): number[] => Array.from({ length: bits.size }, (_, i) => i).filter((i) => bits.has(i));

describe("Bitmap", () => {
  it("full holds every row below its size and none above, whatever the last word's fill", () => {
    for (const size of [0, 1, 31, 32, 33, 63, 64, 65, 100]) {
      const all = Bitmap.full(size);
      expect(all.count()).toBe(size);
      expect(members(all)).toEqual(Array.from({ length: size }, (_, i) => i));
      // No stray bit past the end: the last word is only partly used.
      expect(all.words.length).toBe(Math.ceil(size / 32));
      if (size % 32 !== 0) expect((all.words[all.words.length - 1] as number) >>> (size % 32)).toBe(0);
    }
  });

  it("adds, deletes, counts and visits members in increasing order, bit 31 included", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.tuple(fc.boolean(), fc.nat()), { maxLength: 300 }),
        (size, steps) => {
          const bits = new Bitmap(size);
          const model = new Set<number>();
          for (const [add, n] of steps) {
            const row = n % size;
            if (add) {
              bits.add(row);
              model.add(row);
            } else {
              bits.delete(row);
              model.delete(row);
            }
          }
          const expected = [...model].sort((a, b) => a - b);
          const visited: number[] = [];
          bits.forEach((row) => visited.push(row));
          expect(visited).toEqual(expected);
          expect(members(bits)).toEqual(expected);
          expect(bits.count()).toBe(model.size);
        },
      ),
    );
  });
});
