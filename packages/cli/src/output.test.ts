import { describe, expect, it } from "vitest";
import { cellText, fitWidths, render } from "./output.js";
import { styleFor } from "./style.js";

const plain = styleFor({ isTTY: false }, {});

describe("output", () => {
  it("shows JSON and YAML as the data itself, tables by columns", () => {
    const rows = [{ name: "a", tags: ["x", "y"] }];
    const columns = [
      { header: "NAME", value: (r: (typeof rows)[number]) => r.name },
      { header: "TAGS", value: (r: (typeof rows)[number]) => r.tags },
    ];
    expect(JSON.parse(render(rows, "json", columns, plain, 80))).toEqual(rows);
    expect(render(rows, "yaml", columns, plain, 80)).toBe("- name: a\n  tags:\n    - x\n    - y");
    const table = render(rows, "table", columns, plain, 80);
    expect(table).toContain("NAME");
    expect(table).toContain("x, y");
    expect(render([], "table", columns, plain, 80)).toBe("(none)");
  });

  it("fits tables to the terminal by narrowing the widest columns", () => {
    expect(fitWidths([4, 4], 80)).toEqual([6, 6]);
    const widths = fitWidths([10, 100, 40], 60);
    expect(widths.reduce((a, b) => a + b, 0) + 4).toBeLessThanOrEqual(60);
    expect(widths[0]).toBe(12); // the narrow column keeps its width
  });

  it("shows empty values as a dash and dates in ISO form", () => {
    expect(cellText(undefined)).toBe("-");
    expect(cellText([])).toBe("-");
    expect(cellText(new Date(0))).toBe("1970-01-01T00:00:00.000Z");
    expect(cellText({ a: 1 })).toBe('{"a":1}');
  });

  it("colours only on a terminal and never with NO_COLOR", () => {
    expect(styleFor({ isTTY: true }, {}).enabled).toBe(true);
    expect(styleFor({ isTTY: true }, { NO_COLOR: "" }).enabled).toBe(false);
    expect(styleFor({ isTTY: false }, {}).enabled).toBe(false);
    expect(styleFor({ isTTY: true }, {}, true).enabled).toBe(false);
    expect(styleFor({ isTTY: true }, {}).paint("red", "x")).not.toBe("x");
  });
});
