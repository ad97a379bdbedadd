import { describe, expect, it } from "vitest";
import { formatFieldValue, toLineProtocol } from "./line-protocol.js";

describe("toLineProtocol", () => {
  it("writes measurement, sorted tags, typed fields and the time", () => {
    expect(
      toLineProtocol([
        {
          measurement: "mem",
          tags: { vm: "v1", host: "h" },
          fields: { total: 8n, used_percent: 12.5, ok: true, note: "x" },
          time: 1700000000123,
        },
      ]),
    ).toBe('mem,host=h,vm=v1 total=8i,used_percent=12.5,ok=true,note="x" 1700000000123\n');
  });

  it("escapes commas and spaces in measurements; commas, equals and spaces in keys and tag values", () => {
    const line = toLineProtocol([{ measurement: "my m,x", tags: { "k=1 ,": "a b,c=d" }, fields: { "f 1=,": 1 } }]);
    expect(line).toBe("my\\ m\\,x,k\\=1\\ \\,=a\\ b\\,c\\=d f\\ 1\\=\\,=1\n");
  });

  it("escapes quotes and backslashes in string fields only", () => {
    expect(formatFieldValue('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    expect(toLineProtocol([{ measurement: "m", tags: { path: "C:\\dir" }, fields: { s: "a,b c=d" } }])).toBe(
      'm,path=C:\\dir s="a,b c=d"\n',
    );
  });

  it("writes line breaks in names as \\n and drops a trailing backslash that would escape the separator", () => {
    expect(toLineProtocol([{ measurement: "m", tags: { a: "x\ny", b: "end\\" }, fields: { v: 1 } }])).toBe(
      "m,a=x\\ny,b=end v=1\n",
    );
  });

  it("leaves out empty tag values, non-finite floats and points without a field", () => {
    const out = toLineProtocol([
      { measurement: "m", tags: { a: "", b: "2" }, fields: { x: NaN, y: Infinity, z: 3 } },
      { measurement: "m", tags: {}, fields: { x: NaN } },
      { measurement: "m", tags: {}, fields: {} },
    ]);
    expect(out).toBe("m,b=2 z=3\n");
  });

  it("writes signed and unsigned 64-bit integers exactly", () => {
    expect(
      toLineProtocol([
        { measurement: "m", tags: {}, fields: { i: -9223372036854775808n, u: { unsigned: 18446744073709551615n } } },
      ]),
    ).toBe("m i=-9223372036854775808i,u=18446744073709551615u\n");
  });

  it("converts the ms time to the precision asked", () => {
    const p = [{ measurement: "m", tags: {}, fields: { v: 1 }, time: 1700000000123 }];
    expect(toLineProtocol(p, "ns")).toBe("m v=1 1700000000123000000\n");
    expect(toLineProtocol(p, "us")).toBe("m v=1 1700000000123000\n");
    expect(toLineProtocol(p, "s")).toBe("m v=1 1700000000\n");
  });
});
