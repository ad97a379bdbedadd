import { isBaristaError } from "@cloud-barista/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coreVmName, idPattern, maxIdLength, requireId } from "./ids.js";

function failure(fn: () => unknown): { field?: string; rule?: string } {
  try {
    fn();
  } catch (error) {
    if (isBaristaError(error, "InvalidArgument")) return { field: error.field, rule: error.rule };
    throw error;
  }
  throw new Error("expected InvalidArgument");
}

const id = fc.stringMatching(/^[a-z]([-a-z0-9]{0,22}[a-z0-9])?$/);

describe("IDs", () => {
  it("follow Tumblebug's rule with a length cap, and errors name the field and the rule", () => {
    for (const good of ["a", "web", "g1", "my-mcis-01", "a".repeat(maxIdLength)])
      expect(requireId("name", good)).toBe(good);
    expect(failure(() => requireId("name", ""))).toEqual({ field: "name", rule: "required" });
    expect(failure(() => requireId("namespace", undefined))).toEqual({ field: "namespace", rule: "required" });
    expect(failure(() => requireId("subGroups[2].name", "a".repeat(maxIdLength + 1)))).toEqual({
      field: "subGroups[2].name",
      rule: "id-length",
    });
    for (const bad of ["Web", "1web", "web-", "-web", "we_b", "we b", "wéb"]) {
      expect(failure(() => requireId("name", bad))).toEqual({ field: "name", rule: "id-characters" });
    }
  });

  it("give different MCIS VMs different core names that fit any 63-character lower-case rule", () => {
    fc.assert(
      fc.property(
        fc.tuple(id, id, id, fc.integer({ min: 1, max: 9999 })),
        fc.tuple(id, id, id, fc.integer({ min: 1, max: 9999 })),
        (a, b) => {
          const name = (t: [string, string, string, number]) => coreVmName(t[0], t[1], `${t[2]}-${t[3]}`);
          const [na, nb] = [name(a), name(b)];
          expect(na.length).toBeLessThanOrEqual(63);
          expect(na).toMatch(idPattern);
          if (a.join("/") !== b.join("/")) expect(na).not.toBe(nb);
        },
      ),
    );
    // Joining IDs with '-' alone would make these two clash.
    expect(coreVmName("a-b", "c", "g-1")).not.toBe(coreVmName("a", "b-c", "g-1"));
  });
});
