import { describe, expect, it } from "vitest";
import { VmMetrics, vmMetricPoints } from "../src/index.js";
import type { EmulatedMetricPoint, VmMetricSubject } from "../src/index.js";
import { mockCloud, network, runVm, testWorld } from "./support.js";

const field = (points: EmulatedMetricPoint[], measurement: string, name: string): number => {
  const value = points.find((p) => p.measurement === measurement)?.fields[name];
  if (value === undefined) throw new Error(`no ${measurement}.${name}`);
  return value;
};

const subject = (over: Partial<VmMetricSubject> = {}): VmMetricSubject => ({
  id: "i-0123",
  state: "running",
  stateSince: 0,
  launchedAt: 0,
  vcpus: 2,
  memoryMiB: 4096,
  rootDisk: { sizeGB: 50 },
  ...over,
});

describe("emulated VM metrics", () => {
  it("follow the VM's lifecycle in a world: a boot burst, then the running pattern, nothing once stopped", () => {
    const { world, clock } = testWorld();
    const cloud = mockCloud(world);
    const vm = runVm(cloud, network(cloud));
    const metrics = new VmMetrics(world, { seed: 7 });
    const where = { provider: "MOCK", account: "alice", region: "mock-seoul", id: vm.id };
    const tags = { ns: "ns1", mcis: "web", subgroup: "g1", vm: "g1-1" };

    const booting = metrics.pointsAt(where, tags);
    expect(cloud.vms.get(vm.id).state).toBe("pending");
    expect(booting.map((p) => p.measurement)).toEqual([
      "cpu",
      "mem",
      "swap",
      "disk",
      "diskio",
      "net",
      "system",
      "processes",
    ]);
    for (const p of booting) expect(p.tags).toMatchObject(tags);
    expect(field(booting, "cpu", "usage_idle")).toBeLessThan(20);
    expect(field(booting, "cpu", "usage_iowait")).toBeGreaterThan(10);

    clock.advance(world.timing.vmBootMs + 10 * 60_000);
    expect(cloud.vms.get(vm.id).state).toBe("running");
    const running = metrics.pointsAt(where, tags);
    expect(field(running, "system", "uptime")).toBe(Math.floor((clock.now() - vm.launchedAt) / 1000));
    expect(field(running, "mem", "total")).toBe(cloud.vms.get(vm.id).memoryMiB * 2 ** 20);

    cloud.vms.stop(vm.id);
    clock.advance(world.timing.vmStopMs + 1);
    expect(cloud.vms.get(vm.id).state).toBe("stopped");
    expect(metrics.pointsAt(where, tags)).toEqual([]);
    expect(metrics.pointsAt({ ...where, id: "no-such-vm" })).toEqual([]);
    expect(() => metrics.pointsAt({ ...where, region: "nowhere" })).toThrow(/region/);
  });

  it("keep every value in range and every counter growing over a simulated day", () => {
    const vm = subject();
    const counters = [
      ["diskio", "reads"],
      ["diskio", "writes"],
      ["diskio", "io_time"],
      ["net", "bytes_recv"],
      ["net", "bytes_sent"],
      ["net", "packets_recv"],
    ] as const;
    let previous: EmulatedMetricPoint[] | undefined;
    const hourly: number[] = [];
    for (let t = 2_000; t <= 86_400_000; t += 2_000 * 37) {
      const points = vmMetricPoints(vm, t);
      const cpu = points.find((p) => p.measurement === "cpu")?.fields ?? {};
      const shares = Object.values(cpu);
      for (const v of shares) expect(v).toBeGreaterThanOrEqual(0);
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
      expect(field(points, "mem", "used_percent")).toBeLessThanOrEqual(95);
      expect(field(points, "mem", "used") + field(points, "mem", "free")).toBeLessThanOrEqual(
        field(points, "mem", "total"),
      );
      expect(field(points, "disk", "used") + field(points, "disk", "free")).toBe(field(points, "disk", "total"));
      if (previous)
        for (const [m, f] of counters)
          expect(field(points, m, f), `${m}.${f}`).toBeGreaterThanOrEqual(field(previous, m, f));
      previous = points;
      hourly[Math.floor(t / 3_600_000)] ??= 100 - field(points, "cpu", "usage_idle");
    }
    // a daily pattern: the busiest hour is clearly busier than the quietest
    expect(Math.max(...hourly) - Math.min(...hourly)).toBeGreaterThan(5);
  });

  it("are deterministic from the seed and differ between VMs and seeds", () => {
    const vm = subject({ launchedAt: 1_000_000 });
    const t = 5_000_000;
    expect(vmMetricPoints(vm, t, {}, { seed: 3 })).toEqual(vmMetricPoints(vm, t, {}, { seed: 3 }));
    expect(vmMetricPoints(vm, t, {}, { seed: 3 })).not.toEqual(vmMetricPoints(vm, t, {}, { seed: 4 }));
    expect(vmMetricPoints(vm, t, {}, { seed: 3 })).not.toEqual(
      vmMetricPoints({ ...vm, id: "i-other" }, t, {}, { seed: 3 }),
    );
  });

  it("restart counters from zero at a new launch, as a rebooted guest's /proc does", () => {
    const before = vmMetricPoints(subject(), 3_600_000);
    const after = vmMetricPoints(subject({ launchedAt: 3_590_000, stateSince: 3_590_000 }), 3_600_000);
    expect(field(after, "net", "bytes_recv")).toBeLessThan(field(before, "net", "bytes_recv"));
    expect(field(after, "system", "uptime")).toBe(10);
    for (const state of ["stopped", "terminated", "error"] as const)
      expect(vmMetricPoints(subject({ state }), 3_600_000)).toEqual([]);
  });
});
