import { describe, expect, it } from "vitest";
import { page } from "./paging.js";

const items = Array.from({ length: 7 }, (_, i) => ({ id: `id-${i}` }));
const url = (query: string) => new URL(`http://127.0.0.1/vpc/us-south/v1/vpcs?version=2025-01-01&generation=2${query}`);

describe("page", () => {
  it("starts at the start id, caps the limit and links the next page without version", () => {
    const first = page(url("&limit=3"), "vpcs", items, 100);
    expect(first).toMatchObject({ limit: 3, total_count: 7, vpcs: items.slice(0, 3) });
    const next = new URL(String((first["next"] as { href: string }).href));
    expect(next.searchParams.get("start")).toBe("id-3");
    expect(next.searchParams.has("version")).toBe(false);
    const last = page(url("&limit=3&start=id-6"), "vpcs", items, 100);
    expect(last["vpcs"]).toEqual([{ id: "id-6" }]);
    expect(last["next"]).toBeUndefined();
    expect(page(url("&limit=50"), "vpcs", items, 2)["limit"]).toBe(2);
  });

  it("refuses limits out of 1..100 and unknown starts", () => {
    expect(() => page(url("&limit=0"), "vpcs", items, 100)).toThrow(/smaller/);
    expect(() => page(url("&limit=101"), "vpcs", items, 100)).toThrow(/larger/);
    expect(() => page(url("&start=nope"), "vpcs", items, 100)).toThrow(/ID format/);
  });
});
