import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { readHostSample } from "@cloud-barista/monitor-agent";
import { describe, expect, it } from "vitest";
import { parseProbe, probeScript, probeSections } from "./probe.js";

// The probe runs through this machine's real sh and /proc, and is compared with the agent's own
// reading of the same machine: agentless and agent collection must agree on the model.
describe("the agentless probe", () => {
  it("reads what the agent reads, with the agent's parsers", async () => {
    const run = (): string => execFileSync("sh", ["-c", probeScript], { encoding: "utf8", maxBuffer: 64 << 20 });
    const first = parseProbe(run(), { time: 1_000, tags: { vm: "g1-1" } });
    expect(first.cpuTimes).toBeDefined();
    expect(first.points.find((p) => p.measurement === "cpu")).toBeUndefined(); // needs two readings
    const second = parseProbe(run(), { time: 2_000, previous: first.cpuTimes!, tags: { vm: "g1-1" } });
    const agent = await readHostSample();

    const names = (points: { measurement: string }[]): string[] =>
      [...new Set(points.map((p) => p.measurement))].sort();
    // every measurement the agent has (but cpufreq, which is /sys; the agent's first sample has no cpu)
    expect(names(second.points)).toEqual(
      names([...agent.points.filter((p) => p.measurement !== "cpufreq"), { measurement: "cpu" }]),
    );
    for (const m of ["cpu", "mem", "swap", "disk", "system", "processes"])
      expect(
        second.points.some((p) => p.measurement === m),
        m,
      ).toBe(true);
    for (const p of second.points) expect(p.tags.vm).toBe("g1-1");

    const memTotal = BigInt(/MemTotal:\s+(\d+) kB/.exec(readFileSync("/proc/meminfo", "utf8"))?.[1] ?? "0") * 1024n;
    expect(second.points.find((p) => p.measurement === "mem")?.fields.total).toBe(memTotal);
    const key = (p: { measurement: string; tags: Record<string, string> }): string =>
      `${p.measurement} ${p.tags.path ?? ""}${p.tags.name ?? ""}${p.tags.interface ?? ""}`;
    for (const m of ["disk", "diskio", "net"])
      expect(
        second.points
          .filter((p) => p.measurement === m)
          .map(key)
          .sort(),
        m,
      ).toEqual(
        agent.points
          .filter((p) => p.measurement === m)
          .map(key)
          .sort(),
      );
    const cpu = second.points.find((p) => p.measurement === "cpu")?.fields ?? {};
    for (const v of Object.values(cpu)) expect(v).toBeGreaterThanOrEqual(0);
    expect(Number(second.points.find((p) => p.measurement === "system")?.fields.n_cpus)).toBe(
      Number(agent.points.find((p) => p.measurement === "system")?.fields.n_cpus),
    );
  });

  it("cuts the output at its markers and leaves out what is missing", () => {
    const sections = probeSections(
      "@@cb-probe stat\ncpu  1 2 3\n@@cb-probe meminfo\n@@cb-probe loadavg\n0.5 0.4 0.3 1/2 3",
    );
    expect([...sections.keys()]).toEqual(["stat", "meminfo", "loadavg"]);
    const sample = parseProbe("@@cb-probe loadavg\n0.5 0.4 0.3 1/2 3\n", { time: 5 });
    expect(sample.points.map((p) => p.measurement)).toEqual(["system"]);
    expect(parseProbe("garbage", { time: 5 }).points).toEqual([]);
  });
});
