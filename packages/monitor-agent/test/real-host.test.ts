import { cpus, loadavg, totalmem } from "node:os";
import { describe, expect, it } from "vitest";
import { readHostSample } from "../src/index.js";
import type { Point } from "../src/index.js";

// This machine's own /proc and /sys: the readers must make sense of a real kernel's files.
describe("readHostSample on this machine", () => {
  const num = (p: Point | undefined, field: string): number => Number(p?.fields[field]);

  it("gives plausible values for every measurement the host has", async () => {
    const first = await readHostSample();
    const busy = Date.now() + 300;
    while (Date.now() < busy); // some CPU time to measure
    const sample = await readHostSample({ previous: first, tags: { vm: "here" } });
    const by = (m: string): Point[] => sample.points.filter((p) => p.measurement === m);
    expect(sample.problems.filter((p) => !p.startsWith("cpufreq"))).toEqual([]);

    const [cpu] = by("cpu");
    const shares = Object.values(cpu?.fields ?? {}).map(Number);
    expect(shares).toHaveLength(10);
    for (const s of shares) expect(s).toBeGreaterThanOrEqual(0);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 6);
    expect(num(cpu, "usage_idle")).toBeLessThan(100);

    const [mem] = by("mem");
    expect(num(mem, "total")).toBe(totalmem());
    expect(num(mem, "used")).toBeLessThanOrEqual(num(mem, "total"));
    expect(num(mem, "available")).toBeLessThanOrEqual(num(mem, "total"));
    expect(num(mem, "used_percent")).toBeGreaterThan(0);
    expect(num(mem, "used_percent")).toBeLessThan(100);

    const [swap] = by("swap");
    expect(num(swap, "used")).toBeLessThanOrEqual(num(swap, "total"));

    const disks = by("disk");
    expect(disks.length).toBeGreaterThan(0);
    for (const d of disks) {
      expect(["tmpfs", "overlay", "devtmpfs", "squashfs", "proc", "sysfs", "cgroup", "cgroup2"]).not.toContain(
        d.tags.fstype,
      );
      expect(num(d, "used") + num(d, "free")).toBeLessThanOrEqual(num(d, "total"));
    }

    for (const n of by("net")) expect(n.tags.interface).not.toBe("lo");
    for (const io of by("diskio")) expect(num(io, "reads") + num(io, "writes")).toBeGreaterThan(0);

    const [system] = by("system");
    expect(num(system, "n_cpus")).toBe(cpus().length);
    // Read a moment apart: the kernel may update the average in between (by more on a busy host).
    const load1 = loadavg()[0] ?? 0;
    expect(Math.abs(num(system, "load1") - load1)).toBeLessThan(Math.max(2, load1 * 0.25));
    expect(num(system, "uptime")).toBeGreaterThan(0);

    const [processes] = by("processes");
    expect(num(processes, "total")).toBeGreaterThan(1);
    expect(num(processes, "total_threads")).toBeGreaterThanOrEqual(num(processes, "total"));
    expect(num(processes, "running") + num(processes, "sleeping") + num(processes, "zombies")).toBeLessThanOrEqual(
      num(processes, "total"),
    );

    for (const f of by("cpufreq")) expect(num(f, "cur_frequency")).toBeGreaterThan(0);
    for (const p of sample.points) expect(p.tags.vm).toBe("here");
  });
});
