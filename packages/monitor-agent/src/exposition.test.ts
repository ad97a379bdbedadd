import { describe, expect, it } from "vitest";
import { expositionContentType, familyName, toExposition } from "./exposition.js";

describe("toExposition", () => {
  it("writes one family per measurement field with HELP (unit), TYPE from the catalog and all its series", () => {
    const text = toExposition([
      { measurement: "net", tags: { interface: "eth0", vm: "v" }, fields: { bytes_recv: 10n } },
      { measurement: "net", tags: { interface: "eth1", vm: "v" }, fields: { bytes_recv: 20n } },
      { measurement: "mem", tags: { vm: "v" }, fields: { used_percent: 12.5 } },
    ]);
    expect(text).toBe(
      [
        "# HELP cb_net_bytes_recv_total Bytes received since boot (bytes)",
        "# TYPE cb_net_bytes_recv_total counter",
        'cb_net_bytes_recv_total{interface="eth0",vm="v"} 10',
        'cb_net_bytes_recv_total{interface="eth1",vm="v"} 20',
        "# HELP cb_mem_used_percent used / total (percent)",
        "# TYPE cb_mem_used_percent gauge",
        'cb_mem_used_percent{vm="v"} 12.5',
        "",
      ].join("\n"),
    );
    expect(expositionContentType).toBe("text/plain; version=0.0.4; charset=utf-8");
  });

  it("escapes label values and sanitizes names", () => {
    const text = toExposition([
      { measurement: "disk", tags: { path: 'C:\\a "b"\nc', "x-y": "1" }, fields: { used: 1n } },
    ]);
    expect(text).toContain('cb_disk_used{path="C:\\\\a \\"b\\"\\nc",x_y="1"} 1');
    expect(familyName("my-m", "f.x")).toBe("cb_my_m_f_x");
  });

  it("writes special floats, skips strings and a duplicate series, and adds times when asked", () => {
    const text = toExposition(
      [
        { measurement: "x", tags: {}, fields: { a: NaN, b: -Infinity, c: "text", d: true }, time: 5 },
        { measurement: "x", tags: {}, fields: { a: 1 }, time: 6 },
      ],
      { timestamps: true },
    );
    expect(text).toContain("\ncb_x_a NaN 5\n");
    expect(text).toContain("cb_x_b -Inf 5\n");
    expect(text).toContain("cb_x_d 1 5\n");
    expect(text).not.toContain("cb_x_c");
    expect(text).not.toContain(" 1 6");
  });
});
