import { describe, expect, it } from "vitest";
import type { GcpContext } from "./context.js";
import { applyFilter } from "./filter.js";

const items = [
  { name: "web-1", status: "RUNNING", labels: { env: "prod" } },
  { name: "web-2", status: "TERMINATED", labels: { env: "dev" } },
  { name: "db-1", status: "RUNNING" },
];

const withFilter = (filter: string) =>
  ({ request: { url: new URL(`http://h/x?filter=${encodeURIComponent(filter)}`) } }) as unknown as GcpContext;

const names = (filter: string) => applyFilter(withFilter(filter), items).map((i) => i.name);

describe("Compute Engine list filters", () => {
  it("compares fields, nested ones too, with * wildcards", () => {
    expect(names('name = "web-1"')).toEqual(["web-1"]);
    expect(names("name = web-*")).toEqual(["web-1", "web-2"]);
    expect(names("status != RUNNING")).toEqual(["web-2"]);
    expect(names("labels.env = prod")).toEqual(["web-1"]);
  });

  it("takes regular expressions with eq/ne and joins terms", () => {
    expect(names("name eq web-.*")).toEqual(["web-1", "web-2"]);
    expect(names("name ne web-.*")).toEqual(["db-1"]);
    expect(names("(status = RUNNING) (name = web-*)")).toEqual(["web-1"]);
    expect(names("status = RUNNING AND name = db-1")).toEqual(["db-1"]);
  });

  it("refuses what it cannot read rather than ignoring it", () => {
    expect(() => names("name ~ x")).toThrow(/filter/);
    expect(() => names("name eq (")).toThrow(/regular expression/);
    expect(() => names("(a = b) junk")).toThrow(/filter/);
  });
});
