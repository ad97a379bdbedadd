import { describe, expect, it } from "vitest";
import { nodePoolInput } from "./node-pool-input.js";

describe("GKE node pool bodies", () => {
  const base = { name: "pool", initialNodeCount: 2, config: { machineType: "e2-standard-2" } };

  it("maps a pool to the world's node group (e2-medium when no machine type)", () => {
    expect(nodePoolInput(base, "node_pool")).toMatchObject({
      name: "pool",
      specName: "e2-standard-2",
      desired: 2,
      min: 2,
      max: 2,
      onAutoScaling: false,
    });
    expect(nodePoolInput({ name: "p", initialNodeCount: "3" }, "node_pool")).toMatchObject({
      specName: "e2-medium",
      desired: 3,
    });
    expect(
      nodePoolInput({ ...base, autoscaling: { enabled: true, minNodeCount: 1, maxNodeCount: 4 } }, "node_pool"),
    ).toMatchObject({ desired: 2, min: 1, max: 4, onAutoScaling: true });
  });

  it("refuses what GKE refuses, as 400 INVALID_ARGUMENT in the newer envelope", () => {
    const bodies = [
      { ...base, name: "Pool" },
      { ...base, initialNodeCount: 0 },
      { ...base, config: { diskSizeGb: 5 } },
      { ...base, autoscaling: { enabled: true, minNodeCount: 3, maxNodeCount: 2 } },
      { ...base, autoscaling: { enabled: true, minNodeCount: 3, maxNodeCount: 5 } },
    ];
    for (const body of bodies) {
      let caught: unknown;
      try {
        nodePoolInput(body, "node_pool");
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ status: 400 });
      expect((caught as { body(): unknown }).body()).toEqual({
        error: { code: 400, message: expect.any(String) as string, status: "INVALID_ARGUMENT" },
      });
    }
  });
});
