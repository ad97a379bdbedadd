import { describe, expect, it } from "vitest";
import { page } from "./paging.js";

const items = Array.from({ length: 7 }, (_, i) => ({ id: `id-${i}` }));
const url = (query: string) => new URL(`http://127.0.0.1/vpc/us-south/v1/vpcs?version=2025-01-01&generation=2${query}`);

describe("page", () => {
  it("starts at the start id, caps the limit and links the next page without version", () => {
    const first = page(url("&limit=3"), "vpcs", items, 100);
    expect(first).toMatchObject({ limit: 3, total_count: 7, vpcs: items.slice(0, 3) });
    const next = new URL(String((first["next"] as { href: string }).href));
    expect(next.searchParams.has("version")).toBe(false);
    const start = next.searchParams.get("start") ?? "";
    expect(page(url(`&limit=3&start=${start}`), "vpcs", items, 100)["vpcs"]).toEqual(items.slice(3, 6));
    // The next page's first item deleted meanwhile: the page starts after the previous page's last.
    const without = items.filter((i) => i.id !== "id-3");
    expect(page(url(`&limit=3&start=${start}`), "vpcs", without, 100)["vpcs"]).toEqual(without.slice(3, 6));
    const second = page(url(`&limit=3&start=${start}`), "vpcs", items, 100);
    const lastStart = new URL(String((second["next"] as { href: string }).href)).searchParams.get("start") ?? "";
    const last = page(url(`&limit=3&start=${lastStart}`), "vpcs", items, 100);
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
