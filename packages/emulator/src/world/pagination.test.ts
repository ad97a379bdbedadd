import { describe, expect, it } from "vitest";
import { pageOfRows } from "./pagination.js";

describe("pageOfRows", () => {
  it("builds views only for the rows a page returns", () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => ({ seq: i + 1 }));
    const viewed: number[] = [];
    const view = (row: { seq: number }) => {
      viewed.push(row.seq);
      return { id: row.seq };
    };
    const first = pageOfRows(rows, (r) => r.seq, view, { maxResults: 10 });
    expect(first.items.map((i) => i.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(viewed).toHaveLength(10);
    viewed.length = 0;
    const second = pageOfRows(rows, (r) => r.seq, view, { maxResults: 10, nextToken: first.nextToken });
    expect(second.items[0]).toEqual({ id: 11 });
    expect(viewed).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    // A filter needs the views it tests, up to one match past the page.
    viewed.length = 0;
    const even = pageOfRows(rows, (r) => r.seq, view, { maxResults: 2, where: (i) => i.id % 2 === 0 });
    expect(even.items).toEqual([{ id: 2 }, { id: 4 }]);
    expect(even.nextToken).toBeDefined();
    expect(viewed).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
