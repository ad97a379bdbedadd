import { describe, expect, it } from "vitest";
import { IbmError } from "./http.js";
import { checkVersion } from "./version.js";

const today = Date.UTC(2026, 5, 15);

function codeOf(query: string): string | undefined {
  try {
    checkVersion(new URLSearchParams(query), today);
    return undefined;
  } catch (error) {
    return error instanceof IbmError ? error.code : String(error);
  }
}

describe("checkVersion", () => {
  it("takes dates from 2019-01-01 to today with generation 2", () => {
    expect(codeOf("version=2019-01-01&generation=2")).toBeUndefined();
    expect(codeOf("version=2026-06-15&generation=2")).toBeUndefined();
  });

  it("refuses missing, malformed, impossible, early and future versions", () => {
    expect(codeOf("generation=2")).toBe("missing_version");
    expect(codeOf("version=2024-1-01&generation=2")).toBe("invalid_version");
    expect(codeOf("version=2024-02-30&generation=2")).toBe("invalid_version");
    expect(codeOf("version=2018-12-31&generation=2")).toBe("invalid_version_range");
    expect(codeOf("version=2026-06-16&generation=2")).toBe("invalid_version_range");
  });

  it("refuses a missing or other generation", () => {
    expect(codeOf("version=2025-01-01")).toBe("missing_generation_parameter");
    expect(codeOf("version=2025-01-01&generation=1")).toBe("invalid_generation_parameter");
  });
});
