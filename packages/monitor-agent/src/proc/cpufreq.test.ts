import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCpuinfoMhz, readCpufreq } from "./cpufreq.js";

const fixtures = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));

describe("cpufreq", () => {
  it("reads scaling_cur_freq (kHz) as MHz per CPU when a cpufreq driver runs", async () => {
    const root = join(fixtures, "host-a");
    expect(await readCpufreq(join(root, "proc"), join(root, "sys"), 7)).toEqual([
      { measurement: "cpufreq", tags: { cpu: "cpu0" }, fields: { cur_frequency: 2400 }, time: 7 },
      { measurement: "cpufreq", tags: { cpu: "cpu1" }, fields: { cur_frequency: 1200 }, time: 7 },
    ]);
  });

  it("falls back to /proc/cpuinfo's cpu MHz on a VM without cpufreq in /sys", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cb-agent-cpufreq-"));
    try {
      await mkdir(join(dir, "sys/devices/system/cpu/cpu0"), { recursive: true });
      await mkdir(join(dir, "proc"));
      await writeFile(
        join(dir, "proc/cpuinfo"),
        "processor\t: 0\nmodel name\t: Xeon\ncpu MHz\t\t: 2445.434\n\nprocessor\t: 1\ncpu MHz\t\t: 2500.5\n",
      );
      const points = await readCpufreq(join(dir, "proc"), join(dir, "sys"), 1);
      expect(points.map((p) => [p.tags.cpu, p.fields.cur_frequency])).toEqual([
        ["cpu0", 2445.434],
        ["cpu1", 2500.5],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("gives no point when neither says (ARM VM: no cpufreq, no cpu MHz; or no /sys at all)", async () => {
    const root = join(fixtures, "vm-b");
    expect(await readCpufreq(join(root, "proc"), join(root, "sys"), 1)).toEqual([]);
    expect(await readCpufreq(join(root, "proc"), join(root, "no-such-sys"), 1)).toEqual([]);
  });

  it("parses cpuinfo blocks, skipping those without a speed", () => {
    expect([...parseCpuinfoMhz("processor : 0\ncpu MHz : 1000\n\nprocessor : 1\nBogoMIPS : 50\n")]).toEqual([
      [0, 1000],
    ]);
  });
});
