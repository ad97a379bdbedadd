import { MemoryStore } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { evaluatePerformance } from "./evaluate.js";
import type { EvaluationTarget } from "./evaluate.js";

// Checks that refuse a run before any connection is opened (the runs themselves: test/remote).

const target = (vmId: string, host = "10.0.0.1"): EvaluationTarget => ({
  target: { vmId, host, user: "cb-user" },
  spec: { provider: "MOCK", region: "mock-seoul", specName: "mock-small" },
});

describe("evaluatePerformance arguments", () => {
  const store = new MemoryStore();

  it("needs a store, at least one target and known options", async () => {
    await expect(evaluatePerformance([target("g-1")], {} as never)).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "options.store",
    });
    await expect(evaluatePerformance([], { store })).rejects.toMatchObject({ field: "targets" });
    await expect(evaluatePerformance([target("g-1")], { store, colour: "red" } as never)).rejects.toMatchObject({
      field: "options.colour",
    });
  });

  it("refuses a bad spec, workload or peer address before connecting", async () => {
    const bad = { ...target("g-1"), spec: { provider: "NOPE", region: "r", specName: "s" } } as never;
    await expect(evaluatePerformance([bad], { store })).rejects.toMatchObject({ field: "targets[0].spec.provider" });
    await expect(evaluatePerformance([target("g-1")], { store, workload: { fileMB: 0 } })).rejects.toMatchObject({
      field: "options.workload.fileMB",
    });
    await expect(
      evaluatePerformance([target("g-1"), { ...target("g-2"), address: "-f" }], { store }),
    ).rejects.toMatchObject({ field: "targets[1].address" });
  });
});
