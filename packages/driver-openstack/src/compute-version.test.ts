import { describe, expect, it } from "vitest";
import { negotiateMicroversion } from "./compute-version.js";

describe("Nova microversion negotiation", () => {
  it("keeps the wanted version where the cloud goes higher", () => {
    expect(negotiateMicroversion("2.79", { version: "2.96", min_version: "2.1" })).toBe("2.79");
  });

  it("lowers to the cloud's highest on an older release, comparing numerically", () => {
    expect(negotiateMicroversion("2.79", { version: "2.60", min_version: "2.1" })).toBe("2.60");
    expect(negotiateMicroversion("2.79", { version: "2.8", min_version: "2.1" })).toBe("2.8");
  });

  it("sends none to the legacy v2 API", () => {
    expect(negotiateMicroversion("2.79", { version: "", min_version: "" })).toBeUndefined();
    expect(negotiateMicroversion("2.79", {})).toBeUndefined();
  });
});
