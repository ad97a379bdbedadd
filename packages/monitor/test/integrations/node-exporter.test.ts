import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { openEmbeddedStore, startCollector } from "@cloud-barista/monitor";
import { afterEach, describe, expect, it } from "vitest";
import { startNodeExporter, tempDir, until } from "./support.js";

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const meminfo = readFileSync("/proc/meminfo", "utf8");
const kB = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(meminfo)?.[1]) * 1024;
const identity = { ns: "ns1", mcis: "db", subgroup: "g2", vm: "g2-1" };

describe("Debian's prometheus-node-exporter as a pull target", () => {
  it(
    "is scraped and mapped onto cpu, mem, disk, net and system with plausible values",
    { timeout: 60_000 },
    async () => {
      const exporter = await startNodeExporter();
      cleanups.push(() => exporter.stop());
      const tmp = tempDir("cb-monitor-nodeexp-");
      cleanups.push(tmp.remove);
      const store = await openEmbeddedStore({ dir: tmp.dir, maintenanceIntervalMs: 0 });
      cleanups.push(() => store.close());
      const collector = await startCollector({
        store,
        scrape: [{ url: `${exporter.url}/metrics`, kind: "node-exporter", tags: identity, intervalMs: 60_000 }],
      });
      cleanups.push(() => collector.close());

      // cpu percentages need two scrapes (the difference of node_cpu_seconds_total).
      await collector.scrapeNow();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await collector.scrapeNow();
      await until(() => store.latest("cpu").length > 0, 10_000, "a cpu point");
      expect(collector.targets()[0]).toMatchObject({ health: "up", failures: 0 });

      const mem = store.latest("mem")[0];
      expect(mem?.tags).toMatchObject(identity);
      expect(mem?.fields.total).toBe(kB("MemTotal"));
      expect(mem?.fields.available).toBeGreaterThan(0);
      expect(mem?.fields.available).toBeLessThanOrEqual(kB("MemTotal"));
      expect(mem?.fields.used_percent).toBeGreaterThan(0);
      expect(mem?.fields.used_percent).toBeLessThan(100);

      const cpu = store.latest("cpu").find((s) => s.tags.cpu === "cpu-total");
      const shares = [
        "usage_user",
        "usage_system",
        "usage_idle",
        "usage_iowait",
        "usage_irq",
        "usage_softirq",
        "usage_nice",
        "usage_steal",
      ];
      let sum = 0;
      for (const field of shares) {
        const v = cpu?.fields[field] as number;
        expect(v, field).toBeGreaterThanOrEqual(0);
        expect(v, field).toBeLessThanOrEqual(100);
        sum += v;
      }
      expect(sum).toBeGreaterThan(99);
      expect(sum).toBeLessThan(101);

      const system = store.latest("system")[0];
      expect(system?.fields.n_cpus).toBe(cpus().length);
      const loadavg = readFileSync("/proc/loadavg", "utf8").split(" ").map(Number);
      expect(system?.fields.load1).toBeGreaterThanOrEqual(0);
      expect(Math.abs((system?.fields.load15 as number) - (loadavg[2] as number))).toBeLessThan(1);
      const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
      expect(Math.abs((system?.fields.uptime as number) - uptime)).toBeLessThan(60);

      // net: every interface but lo, counters matching /proc/net/dev (which only grows).
      const netDev = readFileSync("/proc/net/dev", "utf8");
      const interfaces = [...netDev.matchAll(/^\s*([^:\s]+):\s*(\d+)/gm)].filter((m) => m[1] !== "lo");
      const net = store.latest("net");
      expect(net.map((s) => s.tags.interface).sort()).toEqual(interfaces.map((m) => m[1]).sort());
      for (const series of net) {
        const now = Number(interfaces.find((m) => m[1] === series.tags.interface)?.[2]);
        expect(series.fields.bytes_recv).toBeGreaterThanOrEqual(0);
        expect(series.fields.bytes_recv).toBeLessThanOrEqual(now);
      }

      // disk: the real file systems (pseudo ones skipped), with size = used + free (+ reserved blocks).
      const disks = store.latest("disk");
      const mounts = readFileSync("/proc/mounts", "utf8");
      for (const disk of disks) {
        expect(["tmpfs", "overlay", "proc", "sysfs"]).not.toContain(disk.tags.fstype);
        expect(mounts).toContain(` ${disk.tags.path} `);
        const { total = 0, used = 0, free = 0, used_percent: pct = 0 } = disk.fields;
        expect(total).toBeGreaterThan(0);
        expect(used + free).toBeLessThanOrEqual(total);
        expect(pct).toBeGreaterThanOrEqual(0);
        expect(pct).toBeLessThanOrEqual(100);
      }
      const realFileSystems = mounts
        .split("\n")
        .filter((l) => /^\/dev\//.test(l) && !/ (tmpfs|squashfs|overlay) /.test(l));
      if (realFileSystems.length > 0) expect(disks.length).toBeGreaterThan(0);

      // The identity tags are on every mapped series.
      for (const m of ["cpu", "mem", "net", "system", "disk"]) {
        for (const s of store.latest(m)) expect(s.tags, m).toMatchObject(identity);
      }
    },
  );
});
