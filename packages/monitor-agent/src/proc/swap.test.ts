import { describe, expect, it } from "vitest";
import { parseMeminfo } from "./mem.js";
import { parseVmstatSwap, swapPoint } from "./swap.js";

describe("swap", () => {
  it("reads totals from meminfo and page counters from vmstat as bytes", () => {
    const m = parseMeminfo("SwapTotal: 1000 kB\nSwapFree: 750 kB\n");
    const v = parseVmstatSwap("nr_free_pages 5\npswpin 10\npswpout 25\n");
    expect(swapPoint(m, v, 1)?.fields).toEqual({
      total: 1024000n,
      used: 256000n,
      free: 768000n,
      used_percent: 25,
      in: 40960n,
      out: 102400n,
    });
  });

  it("reports 0 percent on a host without swap, and 0 traffic without the vmstat counters", () => {
    const m = parseMeminfo("SwapTotal: 0 kB\nSwapFree: 0 kB\n");
    expect(parseVmstatSwap("pgfault 1\n")).toBeUndefined();
    expect(swapPoint(m, undefined, 1)?.fields).toMatchObject({ total: 0n, used_percent: 0, in: 0n, out: 0n });
  });

  it("is undefined when meminfo has no swap lines", () => {
    expect(swapPoint(parseMeminfo("MemTotal: 1 kB\n"), undefined, 1)).toBeUndefined();
  });
});
