import { describe, expect, it } from "vitest";
import { agentPoolInput, checkPoolName } from "./agent-pool-input.js";

describe("AKS agent pool properties", () => {
  const base = { vmSize: "Standard_D2s_v5", count: 2 };

  it("maps a pool to the world's node group, limits equal to the count without autoscaling", () => {
    expect(agentPoolInput("pool", { ...base, mode: "System" }, "properties")).toMatchObject({
      name: "pool",
      specName: "Standard_D2s_v5",
      desired: 2,
      min: 2,
      max: 2,
      onAutoScaling: false,
      mode: "System",
      osDiskType: "Managed",
    });
    expect(
      agentPoolInput("pool", { ...base, enableAutoScaling: true, minCount: 1, maxCount: 5 }, "properties"),
    ).toMatchObject({ desired: 2, min: 1, max: 5, onAutoScaling: true, mode: "User" });
  });

  it("refuses what AKS refuses, as InvalidParameter with the property as target", () => {
    const refusals: [Parameters<typeof agentPoolInput>[1], string][] = [
      [{ ...base, count: 0, mode: "System" }, "properties.count"],
      [{ ...base, count: 1001 }, "properties.count"],
      [{ count: 1 }, "properties.vmSize"],
      [{ ...base, enableAutoScaling: true, minCount: 4, maxCount: 3 }, "properties.minCount"],
      [{ ...base, enableAutoScaling: true, minCount: 3, maxCount: 5 }, "properties.count"],
      [{ ...base, minCount: 1, maxCount: 3 }, "properties.minCount"],
      [{ ...base, osDiskSizeGB: 20 }, "properties.osDiskSizeGB"],
      [{ ...base, osDiskType: "Premium_LRS" }, "properties.osDiskType"],
    ];
    for (const [props, target] of refusals) {
      expect(() => agentPoolInput("pool", props, "properties")).toThrow(
        expect.objectContaining({ status: 400, code: "InvalidParameter", target }),
      );
    }
  });

  it("takes pool names of at most 12 lower-case letters and digits, starting with a letter", () => {
    expect(checkPoolName("pool1", "name")).toBe("pool1");
    for (const name of ["Pool", "pool-1", "1pool", "abcdefghijklm", "", 7]) {
      expect(() => checkPoolName(name, "name")).toThrow(expect.objectContaining({ code: "InvalidParameter" }));
    }
  });
});
