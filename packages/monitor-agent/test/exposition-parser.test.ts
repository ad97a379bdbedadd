import { describe, expect, it } from "vitest";
import { parseExposition } from "./exposition-parser.js";

// The parser the pull tests rely on must itself refuse invalid text.
describe("the tests' strict exposition parser", () => {
  it("reads valid text", () => {
    const families = parseExposition(
      '# HELP a_total x\n# TYPE a_total counter\na_total{l="q\\"\\\\\\n"} 1 5\na_total 2\n# TYPE b gauge\nb NaN\n',
    );
    expect(families.get("a_total")?.samples).toEqual([
      { labels: { l: 'q"\\\n' }, value: 1, timestamp: 5 },
      { labels: {}, value: 2 },
    ]);
    expect(families.get("b")?.type).toBe("gauge");
  });

  it.each([
    ["no final line break", "a 1"],
    ["bad value", "a one\n"],
    ["bad name", "1a 1\n"],
    ["bad label name", 'a{1x="1"} 1\n'],
    ["bad escape", 'a{x="\\t"} 1\n'],
    ["unterminated", 'a{x="1} 1\n'],
    ["TYPE after samples", "a 1\n# TYPE a gauge\n"],
    ["split family", 'a 1\nb 1\na{x="1"} 2\n'],
    ["duplicate series", 'a{x="1"} 1\na{x="1"} 2\n'],
    ["bad type", "# TYPE a meter\n"],
  ])("refuses %s", (_, text) => {
    expect(() => parseExposition(text)).toThrow();
  });
});
