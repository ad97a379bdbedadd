import { describe, expect, it } from "vitest";
import { Rows } from "./rows.js";

describe("Rows", () => {
  it("appends, inserts, drops the oldest rows and widens, keeping every value in place", () => {
    const rows = new Rows(2);
    for (let t = 0; t < 100; t += 2) rows.set(rows.pushRow(), 0, t);
    rows.insertRow(rows.lowerBound(51));
    rows.set(26, 0, 51);
    expect(rows.length).toBe(51);
    expect([rows.get(25, 0), rows.get(26, 0), rows.get(27, 0)]).toEqual([50, 51, 52]);
    expect(rows.get(26, 1)).toBeNaN();
    rows.dropFirst(30);
    expect(rows.get(0, 0)).toBe(58);
    rows.set(0, 1, 7);
    rows.widen(2);
    expect(rows.width).toBe(4);
    expect([rows.get(0, 0), rows.get(0, 1), rows.get(0, 3)]).toEqual([58, 7, NaN]);
    expect(rows.lowerBound(59)).toBe(1);
    expect(Rows.fromColumns([rows.column(0), rows.column(1), rows.column(2), rows.column(3)]).get(0, 1)).toBe(7);
    rows.dropFirst(1000);
    expect(rows.length).toBe(0);
  });

  it("copies every live column into one buffer, short or long, unchanged by later writes", () => {
    for (const n of [3, 100]) {
      const rows = new Rows(3);
      for (let t = 0; t < n + 5; t++) {
        const r = rows.pushRow();
        rows.set(r, 0, t);
        rows.set(r, 2, t * 10);
      }
      rows.dropFirst(5); // live rows start past the buffer's start
      const columns = rows.columns();
      expect(columns.map((c) => Array.from(c))).toEqual([0, 1, 2].map((c) => Array.from(rows.column(c))));
      expect(columns[0]?.[0]).toBe(5);
      expect(columns[1]?.every(Number.isNaN)).toBe(true);
      expect(new Set(columns.map((c) => c.buffer)).size).toBe(1);
      rows.set(0, 0, -1);
      expect(columns[0]?.[0]).toBe(5);
    }
  });
});
