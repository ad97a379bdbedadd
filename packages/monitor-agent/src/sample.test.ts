import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { readHostSample } from "./sample.js";

const fixtures = fileURLToPath(new URL("../test/fixtures/", import.meta.url));
const measurements = (points: readonly { measurement: string }[]): string[] => [
  ...new Set(points.map((p) => p.measurement)),
];

describe("readHostSample over fixture trees", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it("reads every measurement but cpu the first time, with the tags on every point", async () => {
    const root = join(fixtures, "host-a");
    const sample = await readHostSample({
      procRoot: join(root, "proc"),
      sysRoot: join(root, "sys"),
      hostRoot: "/",
      tags: { vm: "vm-1", host: "h" },
      time: 1000,
    });
    expect(measurements(sample.points)).toEqual([
      "cpufreq",
      "mem",
      "swap",
      "disk",
      "diskio",
      "net",
      "system",
      "processes",
    ]);
    expect(sample.problems).toEqual([]);
    for (const point of sample.points) expect(point).toMatchObject({ tags: { vm: "vm-1", host: "h" }, time: 1000 });
    expect(sample.points.find((p) => p.measurement === "system")?.fields.n_cpus).toBe(2n);
    // "/" exists on every host; "/data disk" does not exist under "/", so it is skipped
    expect(sample.points.filter((p) => p.measurement === "disk").map((p) => p.tags.path)).toEqual(["/"]);
  });

  it("turns the CPU counters of two readings into usage, and starts over after a counter reset", async () => {
    const proc = await mkdtemp(join(tmpdir(), "cb-agent-sample-"));
    dirs.push(proc);
    await cp(join(fixtures, "host-a/proc"), proc, { recursive: true });
    const first = await readHostSample({ procRoot: proc, sysRoot: "/nonexistent" });
    expect(first.points.some((p) => p.measurement === "cpu")).toBe(false);

    await writeFile(join(proc, "stat"), "cpu  1300 150 600 8500 220 20 50 60 400 30\ncpu0 1 1 1 1\n");
    const second = await readHostSample({ procRoot: proc, sysRoot: "/nonexistent", previous: first });
    expect(second.points.find((p) => p.measurement === "cpu")?.fields).toMatchObject({
      usage_user: 20,
      usage_idle: 50,
    });

    await writeFile(join(proc, "stat"), "cpu  10 0 10 80 0 0 0 0 0 0\ncpu0 1 1 1 1\n"); // counters reset
    const third = await readHostSample({ procRoot: proc, sysRoot: "/nonexistent", previous: second });
    expect(third.points.some((p) => p.measurement === "cpu")).toBe(false);

    await writeFile(join(proc, "stat"), "cpu  40 0 20 140 0 0 0 0 0 0\ncpu0 1 1 1 1\n");
    const fourth = await readHostSample({ procRoot: proc, sysRoot: "/nonexistent", previous: third });
    expect(fourth.points.find((p) => p.measurement === "cpu")?.fields).toMatchObject({
      usage_user: 30,
      usage_system: 10,
      usage_idle: 60,
    });
  });

  it("leaves out what a minimal VM lacks and says so, keeping the rest", async () => {
    const root = join(fixtures, "vm-b");
    const sample = await readHostSample({ procRoot: join(root, "proc"), sysRoot: join(root, "sys") });
    expect(measurements(sample.points)).toEqual(["mem", "swap", "system", "processes"]);
    expect(sample.problems.map((p) => p.split(":")[0]).sort()).toEqual(["cpufreq", "disk", "diskio", "net"]);
    expect(sample.points.find((p) => p.measurement === "system")?.fields).not.toHaveProperty("uptime");
  });

  it("survives a /proc that is not there at all", async () => {
    const sample = await readHostSample({ procRoot: "/no/such/proc", sysRoot: "/no/such/sys" });
    expect(sample.points).toEqual([]);
    expect(sample.problems.length).toBeGreaterThanOrEqual(9);
  });
});
