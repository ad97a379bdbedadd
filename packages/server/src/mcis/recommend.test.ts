import { isBaristaError } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { rankRequestOf } from "./recommend.js";

/** The InvalidArgument field a plan is refused with. */
function refusedField(plan: Parameters<typeof rankRequestOf>[0]): string | undefined {
  try {
    rankRequestOf(plan);
  } catch (error) {
    if (isBaristaError(error, "InvalidArgument")) return error.field;
    throw error;
  }
  return undefined;
}

describe("rankRequestOf (Tumblebug's DeploymentPlan)", () => {
  it("turns filter conditions into ranges and value lists", () => {
    const request = rankRequestOf({
      filter: {
        policy: [
          {
            metric: "vCPU",
            condition: [
              { operator: ">=", operand: "2" },
              { operator: "<=", operand: "8" },
            ],
          },
          { metric: "costPerHour", condition: [{ operator: "<=", operand: "0.5" }] },
          { metric: "memoryGiB", condition: [{ operand: "4" }] },
          { metric: "providerName", condition: [{ operand: "aws" }, { operand: "gcp" }] },
        ],
      },
    });
    expect(request.filter).toEqual({
      ranges: { vcpus: { min: 2, max: 8 }, pricePerHour: { max: 0.5 }, memoryGiB: { min: 4, max: 4 } },
      provider: ["AWS", "GCP"],
    });
    expect(request).toMatchObject({ combine: "lexicographic", limit: 10 });
    expect(request.priorities).toBeUndefined();
  });

  it("turns priorities and their coordinates into placement priorities; a weight makes them weighted", () => {
    const request = rankRequestOf({
      priority: {
        policy: [
          { metric: "location", parameter: [{ key: "coordinateClose", val: ["37.5/127", "50.1/8.7"] }] },
          { metric: "cost", weight: "2" },
        ],
      },
      limit: "3",
    });
    expect(request.priorities).toEqual([
      {
        metric: "location",
        near: [
          { latitude: 37.5, longitude: 127 },
          { latitude: 50.1, longitude: 8.7 },
        ],
      },
      { metric: "cost", weight: 2 },
    ]);
    expect(request).toMatchObject({ combine: "weighted", limit: 3 });
  });

  it("names the field of a bad metric, operator, operand, provider or point", () => {
    expect(refusedField({ filter: { policy: [{ metric: "colour", condition: [{ operand: "red" }] }] } })).toBe(
      "filter.policy.0.metric",
    );
    expect(
      refusedField({ filter: { policy: [{ metric: "vCPU", condition: [{ operator: ">=", operand: "two" }] }] } }),
    ).toBe("filter.policy.0.condition.0.operand");
    expect(
      refusedField({ filter: { policy: [{ metric: "regionName", condition: [{ operator: ">=", operand: "x" }] }] } }),
    ).toBe("filter.policy.0.condition.0.operator");
    expect(refusedField({ filter: { policy: [{ metric: "providerName", condition: [{ operand: "acme" }] }] } })).toBe(
      "filter.policy.providerName",
    );
    expect(refusedField({ priority: { policy: [{ metric: "latency" }] } })).toBe("priority.policy.0.parameter");
    expect(
      refusedField({
        priority: { policy: [{ metric: "location", parameter: [{ key: "coordinateClose", val: ["91/0"] }] }] },
      }),
    ).toBe("priority.policy.0.parameter.0.val");
  });
});
