import { BaristaError, invalidArgument, notFound } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { formatError } from "./errors.js";
import { UsageError, exitCodeFor, exitCodes } from "./exit-codes.js";

describe("errors", () => {
  it("prints an SDK error as one line with its field and rule", () => {
    const line = formatError(invalidArgument("subnets[0].ipv4Cidr", "cidr", "must be a CIDR\nlike 10.0.0.0/16"));
    expect(line).toBe(
      "error: InvalidArgument: subnets[0].ipv4Cidr: must be a CIDR like 10.0.0.0/16 (field subnets[0].ipv4Cidr; rule cidr)",
    );
    expect(line).not.toContain("\n");
  });

  it("maps error codes to the documented exit codes", () => {
    expect(exitCodeFor(new UsageError("x"))).toBe(exitCodes.badInput);
    expect(exitCodeFor(invalidArgument("a", "b", "c"))).toBe(2);
    expect(exitCodeFor(notFound("vpc", "x"))).toBe(3);
    expect(exitCodeFor(new BaristaError("AlreadyExists", "x"))).toBe(4);
    expect(exitCodeFor(new BaristaError("Conflict", "x"))).toBe(4);
    expect(exitCodeFor(new BaristaError("QuotaExceeded", "x", { provider: "AWS" }))).toBe(5);
    expect(exitCodeFor(new BaristaError("Aborted", "x"))).toBe(130);
    expect(exitCodeFor(new Error("boom"))).toBe(1);
  });

  it("names what a failed operation left behind", () => {
    const error = new BaristaError("ProviderError", "create failed", { provider: "AWS", leftovers: ["vm/a"] });
    expect(formatError(error)).toBe("error: ProviderError: create failed (provider AWS; left behind: vm/a)");
  });
});
