import { describe, expect, it } from "vitest";
import { aggregateStatus, countStatuses } from "./aggregate.js";
import type { McisVmStatus } from "./status.js";

const many = (status: McisVmStatus, n: number): McisVmStatus[] => Array.from({ length: n }, () => status);

describe("status aggregation", () => {
  // [VM statuses, expected MCIS status]
  const table: [McisVmStatus[], string][] = [
    [many("Running", 5), "Running:5 (R:5/5)"],
    [[...many("Running", 3), ...many("Creating", 2)], "Partial-Running:3 (R:3/5)"],
    [[...many("Suspended", 4), "Running"], "Partial-Suspended:4 (R:1/5)"],
    // A Failed VM does not override the dominant status (Tumblebug HEAD, not v0.7-v0.11)...
    [[...many("Running", 99), "Failed"], "Partial-Running:99 (R:99/100)"],
    // ...but wins every tie: it comes first in the order.
    [[...many("Failed", 2), ...many("Running", 2)], "Partial-Failed:2 (R:2/4)"],
    [[...many("Failed", 1), ...many("Running", 2)], "Partial-Running:2 (R:2/3)"],
    [many("Failed", 3), "Failed:3 (R:0/3)"],
    // Ties between other statuses follow the order Failed, Suspended, Running, Terminated, Creating, ...
    [["Suspended", "Running"], "Partial-Suspended:1 (R:1/2)"],
    [["Running", "Terminated"], "Partial-Running:1 (R:1/2)"],
    [["Terminated", "Creating"], "Partial-Terminated:1 (R:0/2)"],
    [["Creating", "Suspending"], "Partial-Creating:1 (R:0/2)"],
    [["Suspending", "Resuming"], "Partial-Suspending:1 (R:0/2)"],
    [["Resuming", "Rebooting"], "Partial-Resuming:1 (R:0/2)"],
    [["Rebooting", "Terminating"], "Partial-Rebooting:1 (R:0/2)"],
    [["Terminating", "Undefined"], "Partial-Terminating:1 (R:0/2)"],
    [many("Undefined", 2), "Undefined:2 (R:0/2)"],
    [many("Terminated", 3), "Terminated:3 (R:0/3)"],
    [["Creating", "Creating", "Running"], "Partial-Creating:2 (R:1/3)"],
    [[], "Empty:0 (R:0/0)"],
  ];
  for (const [statuses, expected] of table) {
    it(`${JSON.stringify(countStatuses(statuses))} -> ${expected}`, () => {
      expect(aggregateStatus(countStatuses(statuses))).toBe(expected);
    });
  }

  it("counts every status", () => {
    const count = countStatuses([
      "Creating",
      "Running",
      "Running",
      "Failed",
      "Suspended",
      "Rebooting",
      "Terminated",
      "Suspending",
      "Resuming",
      "Terminating",
      "Undefined",
    ]);
    expect(count).toEqual({
      total: 11,
      creating: 1,
      running: 2,
      failed: 1,
      suspended: 1,
      rebooting: 1,
      terminated: 1,
      suspending: 1,
      resuming: 1,
      terminating: 1,
      undefined: 1,
    });
  });
});
