import { describe, expect, it } from "vitest";
import { countCpus, cpuPoint, cpuUsage, parseCpuTimes } from "./cpu.js";
import type { CpuTimes } from "./cpu.js";

const stat = (cpu: string): string => `${cpu}\ncpu0 1 2 3 4\ncpu1 1 2 3 4\nintr 1 2\n`;
const sum = (fields: Record<string, number>): number => Object.values(fields).reduce((a, b) => a + b, 0);

describe("parseCpuTimes", () => {
  it("reads the ten columns of the aggregate line", () => {
    expect(parseCpuTimes(stat("cpu  10 2 3 40 5 6 7 8 9 1"))).toEqual({
      user: 10n,
      nice: 2n,
      system: 3n,
      idle: 40n,
      iowait: 5n,
      irq: 6n,
      softirq: 7n,
      steal: 8n,
      guest: 9n,
      guestNice: 1n,
    });
  });

  it("counts the columns an old kernel lacks as 0", () => {
    expect(parseCpuTimes(stat("cpu  10 2 3 40"))).toMatchObject({ idle: 40n, iowait: 0n, steal: 0n, guestNice: 0n });
  });

  it("keeps 64-bit counters exact", () => {
    expect(parseCpuTimes(stat("cpu  18446744073709551615 0 0 1"))?.user).toBe(18446744073709551615n);
  });

  it("is undefined without a usable aggregate line", () => {
    expect(parseCpuTimes("cpu0 1 2 3 4\n")).toBeUndefined();
    expect(parseCpuTimes("cpu  1 2 x 4\n")).toBeUndefined();
    expect(parseCpuTimes("cpu  1 2\n")).toBeUndefined();
  });

  it("counts the online CPUs", () => {
    expect(countCpus(stat("cpu  1 2 3 4"))).toBe(2);
  });
});

describe("cpuUsage", () => {
  const base = parseCpuTimes(stat("cpu  1000 100 500 8000 200 10 40 50 300 20")) as CpuTimes;

  it("gives shares of the interval that sum to 100, guest time taken out of user and nice", () => {
    // deltas: user 300 (guest 100 of it), nice 50 (guest_nice 10), system 100, idle 500, iowait 20,
    // irq 10, softirq 10, steal 10: total 1000 ticks
    const next = parseCpuTimes(stat("cpu  1300 150 600 8500 220 20 50 60 400 30")) as CpuTimes;
    const usage = cpuUsage(base, next);
    expect(usage).toEqual({
      usage_user: 20,
      usage_system: 10,
      usage_idle: 50,
      usage_iowait: 2,
      usage_irq: 1,
      usage_softirq: 1,
      usage_nice: 4,
      usage_steal: 1,
      usage_guest: 10,
      usage_guest_nice: 1,
    });
    expect(sum(usage ?? {})).toBeCloseTo(100, 9);
  });

  it("is undefined when a counter went backwards (reset, CPU unplugged) or no time passed", () => {
    const reset = parseCpuTimes(stat("cpu  10 1 5 80 2 0 0 0 3 0")) as CpuTimes;
    expect(cpuUsage(base, reset)).toBeUndefined();
    expect(cpuUsage(base, base)).toBeUndefined();
    // the reading after a reset is the next baseline: usage resumes from it
    const after = parseCpuTimes(stat("cpu  20 1 5 170 2 0 0 0 3 0")) as CpuTimes;
    expect(cpuUsage(reset, after)).toMatchObject({ usage_user: 10, usage_idle: 90 });
  });

  it("makes a cpu-total point only from two readings", () => {
    const next = parseCpuTimes(stat("cpu  1300 150 600 8500 220 20 50 60 400 30")) as CpuTimes;
    expect(cpuPoint(undefined, next, 5)).toBeUndefined();
    expect(cpuPoint(base, next, 5)).toMatchObject({ measurement: "cpu", tags: { cpu: "cpu-total" }, time: 5 });
  });
});
