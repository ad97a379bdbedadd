import { describe, expect, it } from "vitest";
import { isBaristaError } from "../errors.js";
import { driverErrors } from "./driver-errors.js";
import { rejectionOf } from "../testing/rejection.js";
import type { CallContext } from "./call-context.js";
import { tagReads } from "./tag-reads.js";

// The reads never touch the context.
const ctx = {} as CallContext;
const target = { resourceType: "vm" as const, iid: { nameId: "web", systemId: "i-1" } };
const reads = tagReads(
  async () => JSON.parse('{"env":"prod","__proto__":"x"}') as Record<string, string>,
  driverErrors("MOCK").notFound,
);

describe("tagReads", () => {
  it("lists every key with its value", async () => {
    expect(await reads.list(target, ctx)).toEqual([
      { key: "env", value: "prod" },
      { key: "__proto__", value: "x" },
    ]);
  });

  it("gets a key's value, and a missing key is NotFound naming the resource", async () => {
    expect(await reads.get(target, "env", ctx)).toEqual({ key: "env", value: "prod" });
    const error = await rejectionOf(reads.get(target, "toString", ctx));
    expect(isBaristaError(error, "NotFound")).toBe(true);
    expect(error).toMatchObject({ provider: "MOCK", resourceType: "tag", resourceName: "toString" });
    expect((error as Error).message).toBe('tag "toString" not found in vm "web"');
  });
});
