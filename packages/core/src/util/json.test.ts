import { describe, expect, it } from "vitest";
import { decodeJson, encodeJson } from "./json.js";

describe("date-preserving JSON", () => {
  it("round-trips nested dates as Date objects and leaves look-alikes alone", () => {
    const value = {
      at: new Date("2026-01-02T03:04:05.678Z"),
      list: [{ when: new Date(0) }],
      text: "2026-01-02T03:04:05.678Z",
      tagged: { $date: "x", other: 1 },
    };
    const back = decodeJson<typeof value>(encodeJson(value));
    expect(back.at).toBeInstanceOf(Date);
    expect(back.at.toISOString()).toBe("2026-01-02T03:04:05.678Z");
    expect(back.list[0]?.when).toEqual(new Date(0));
    expect(back.text).toBe("2026-01-02T03:04:05.678Z");
    expect(back.tagged).toEqual({ $date: "x", other: 1 });
  });
});
