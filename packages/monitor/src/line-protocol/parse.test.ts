import { describe, expect, it } from "vitest";
import { formatLineProtocol } from "./format.js";
import { parseLineProtocol } from "./parse.js";
import { nanosPerUnit } from "./precision.js";

const now = 1_700_000_000_000_000_000n;
const parse = (text: string, precision?: string) =>
  parseLineProtocol(text, { defaultTimeNs: now, nanosPerUnit: nanosPerUnit(precision) });

describe("parseLineProtocol", () => {
  it("reads every field type, tags and the timestamp", () => {
    const { points, errors } = parse(
      'cpu,cpu=cpu-total,host=vm1 usage_user=12.5,usage_idle=80,n=3i,big=18446744073709551615u,ok=true,off=F,msg="a b, c=d" 1700000000000000001',
    );
    expect(errors).toEqual([]);
    expect(points).toEqual([
      {
        measurement: "cpu",
        tags: { cpu: "cpu-total", host: "vm1" },
        fields: {
          usage_user: 12.5,
          usage_idle: 80,
          n: 3n,
          big: 18446744073709551615n,
          ok: true,
          off: false,
          msg: "a b, c=d",
        },
        timeNs: 1700000000000000001n,
      },
    ]);
  });

  it("unescapes commas, spaces and equals signs in names, and quotes and backslashes in strings", () => {
    const { points, errors } = parse('my\\ meas\\,ure,tag\\ key=va\\,l\\=ue\\ x field\\=k="say \\"hi\\" c:\\\\dir" 5');
    expect(errors).toEqual([]);
    expect(points[0]).toEqual({
      measurement: "my meas,ure",
      tags: { "tag key": "va,l=ue x" },
      fields: { "field=k": 'say "hi" c:\\dir' },
      timeNs: 5n,
    });
  });

  it("scales timestamps by precision, including InfluxDB v1's minutes", () => {
    expect(parse("m v=1 2", "s").points[0]?.timeNs).toBe(2_000_000_000n);
    expect(parse("m v=1 2", "ms").points[0]?.timeNs).toBe(2_000_000n);
    expect(parse("m v=1 2", "u").points[0]?.timeNs).toBe(2_000n);
    expect(parse("m v=1 2", "m").points[0]?.timeNs).toBe(120_000_000_000n);
    expect(parse("m v=1").points[0]?.timeNs).toBe(now);
    expect(() => nanosPerUnit("weeks")).toThrow(/precision: must be one of/);
  });

  it("keeps the valid lines of a batch and names each malformed one", () => {
    const text = [
      "cpu usage_user=1 1",
      "",
      "# a comment",
      "cpu usage_user= 2",
      "cpu",
      "cpu,host usage_user=1",
      "cpu v=1i2",
      "cpu v=1.5i",
      'cpu s="open',
      "cpu v=1 12x",
      "cpu v=1 1 extra",
      "cpu v=1e999",
      ",host=a v=1",
      "cpu v=99999999999999999999i",
      "mem used_percent=3.5 3\r",
    ].join("\n");
    const { points, errors } = parse(text);
    expect(points.map((p) => p.timeNs)).toEqual([1n, 3n]);
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [4, 'missing value for field "usage_user"'],
      [5, "missing fields"],
      [6, 'missing tag value for key "host"'],
      [7, 'invalid field value "1i2" for field "v"'],
      [8, 'invalid integer "1.5i" for field "v"'],
      [9, 'unterminated string value for field "s"'],
      [10, 'invalid timestamp "12x"'],
      [11, 'unexpected text after the timestamp: "extra"'],
      [12, 'field "v" is not a finite number: "1e999"'],
      [13, "missing measurement"],
      [14, 'integer "99999999999999999999i" out of range for field "v"'],
    ]);
    expect(errors[0]?.text).toBe("cpu usage_user= 2");
  });

  it("never throws on arbitrary bytes", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = 'ab ,=\\"\n.-1i9ut#\r';
    for (let n = 0; n < 2000; n++) {
      let text = "";
      for (let k = 0; k < 40; k++) text += alphabet[Math.floor(random() * alphabet.length)];
      const { points, errors } = parse(text);
      expect(points.length + errors.length).toBeLessThanOrEqual(text.split("\n").length);
    }
  });

  it("reads back what formatLineProtocol writes", () => {
    const point = {
      measurement: "net, x",
      tags: { interface: "eth 0", "we=ird": "a,b\\", ns: "n1" },
      fields: { bytes_sent: 123n, ratio: 0.25, up: true, note: 'q"\\' },
      timeNs: 42n,
    };
    expect(parse(formatLineProtocol([point])).points).toEqual([point]);
  });
});
