import { describe, expect, it } from "vitest";
import type { LatestSample } from "../store/embedded-store.js";
import { familyName, formatExposition } from "./format.js";
import { agentPoints } from "./map-agent.js";
import { NodeExporterMapper } from "./map-node-exporter.js";
import { parseExposition } from "./parse.js";

const tags = { ns: "ns1", mcis: "web", vm: "g1-1", host: "h1" };
const t = Date.UTC(2026, 0, 1);

describe("exposition", () => {
  it("names families after the model, counters with _total", () => {
    expect(familyName("cpu", "usage_user")).toBe("cb_cpu_usage_user");
    expect(familyName("net", "bytes_recv")).toBe("cb_net_bytes_recv_total");
    expect(familyName("mem", "total")).toBe("cb_mem_total");
  });

  it("maps the cb_* families back onto the model exactly", () => {
    const samples: LatestSample[] = [
      {
        measurement: "cpu",
        tags: { ...tags, cpu: "cpu-total" },
        timeMs: t,
        fields: { usage_user: 1.5, usage_idle: 97 },
        stale: false,
      },
      {
        measurement: "net",
        tags: { ...tags, interface: 'e"th\\0' },
        timeMs: t,
        fields: { bytes_recv: 123456789012 },
        stale: false,
      },
      { measurement: "mem", tags, timeMs: t, fields: { total: 8e9, used_percent: 40 }, stale: false },
      { measurement: "processes", tags, timeMs: t, fields: { total: 300 }, stale: false },
    ];
    const text = formatExposition(samples);
    expect(text).toContain("# TYPE cb_net_bytes_recv_total counter\n");
    expect(text).toContain("# HELP cb_mem_total mem total (bytes)\n");
    const parsed = parseExposition(text);
    expect(parsed.errors).toEqual([]);
    const points = agentPoints(parsed, {}, t);
    const noReading = parseExposition("# TYPE cb_cpu_usage_user gauge\ncb_cpu_usage_user NaN\n");
    expect(agentPoints(noReading, {}, t)).toEqual([]);
    const byMeasurement = Object.fromEntries(points.map((p) => [p.measurement, p]));
    for (const s of samples) {
      expect(byMeasurement[s.measurement]).toEqual({
        measurement: s.measurement,
        tags: s.tags,
        fields: s.fields,
        timeNs: BigInt(t) * 1_000_000n,
      });
    }
  });

  it("leaves stale series out and reports their source down, not zero", () => {
    const text = formatExposition([
      { measurement: "cpu", tags: { ...tags, cpu: "cpu-total" }, timeMs: t, fields: { usage_user: 5 }, stale: true },
      {
        measurement: "cpu",
        tags: { ...tags, vm: "g1-2", cpu: "cpu-total" },
        timeMs: t,
        fields: { usage_user: 0 },
        stale: false,
      },
    ]);
    expect(text).not.toContain('vm="g1-1",cpu');
    expect(text).toContain('cb_cpu_usage_user{cpu="cpu-total",host="h1",mcis="web",ns="ns1",vm="g1-2"} 0\n');
    expect(text).toContain('cb_source_up{host="h1",mcis="web",ns="ns1",vm="g1-1"} 0\n');
    expect(text).toContain('cb_source_up{host="h1",mcis="web",ns="ns1",vm="g1-2"} 1\n');
  });

  it("reports malformed exposition lines and keeps the rest", () => {
    const parsed = parseExposition('a 1\nb{x="1} 2\nc{1x="y"} 3\nd NaN\ne +Inf 1700000000000\nf 1 2 3\ng abc\n');
    expect([...parsed.families.keys()]).toEqual(["a", "d", "e"]);
    expect(parsed.families.get("e")?.samples[0]).toEqual({
      name: "e",
      labels: {},
      value: Infinity,
      timestampMs: 1700000000000,
    });
    expect(parsed.errors.map((e) => e.line)).toEqual([2, 3, 6, 7]);
  });

  it("maps node_exporter families onto cpu, mem, swap, disk, diskio, net, system and processes", () => {
    const scrape = (user: number, idle: number) => `# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.
# TYPE node_cpu_seconds_total counter
node_cpu_seconds_total{cpu="0",mode="idle"} ${idle}
node_cpu_seconds_total{cpu="0",mode="user"} ${user}
node_cpu_seconds_total{cpu="0",mode="system"} 10
node_cpu_seconds_total{cpu="1",mode="idle"} ${idle}
node_cpu_seconds_total{cpu="1",mode="user"} ${user}
node_cpu_seconds_total{cpu="1",mode="system"} 10
# TYPE node_load1 gauge
node_load1 0.5
node_load5 0.25
node_load15 0.125
node_boot_time_seconds 1.7e9
node_time_seconds 1.7000001e9
node_memory_MemTotal_bytes 1000
node_memory_MemFree_bytes 100
node_memory_Buffers_bytes 50
node_memory_Cached_bytes 250
node_memory_MemAvailable_bytes 500
node_memory_Shmem_bytes 10
node_memory_SwapTotal_bytes 0
node_memory_SwapFree_bytes 0
node_vmstat_pswpin 2
node_vmstat_pswpout 3
node_filesystem_size_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 1000
node_filesystem_free_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 400
node_filesystem_avail_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 300
node_filesystem_files{device="/dev/sda1",fstype="ext4",mountpoint="/"} 100
node_filesystem_files_free{device="/dev/sda1",fstype="ext4",mountpoint="/"} 60
node_filesystem_size_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 5
node_disk_reads_completed_total{device="sda"} 7
node_disk_read_time_seconds_total{device="sda"} 1.5
node_disk_io_now{device="sda"} 2
node_network_receive_bytes_total{device="eth0"} 1234
node_network_transmit_bytes_total{device="eth0"} 4321
node_network_receive_bytes_total{device="lo"} 99
node_procs_running 3
node_procs_blocked 1
`;
    const mapper = new NodeExporterMapper();
    const first = mapper.map(parseExposition(scrape(100, 800)), tags, t);
    expect(first.find((p) => p.measurement === "cpu")).toBeUndefined();
    const points = mapper.map(parseExposition(scrape(110, 830)), tags, t + 2000);
    const get = (m: string) => points.filter((p) => p.measurement === m);
    expect(get("cpu")).toEqual([
      {
        measurement: "cpu",
        tags: { ...tags, cpu: "cpu-total" },
        fields: expect.objectContaining({ usage_user: 25, usage_idle: 75, usage_system: 0 }),
        timeNs: BigInt(t + 2000) * 1_000_000n,
      },
    ]);
    expect(get("system")[0]?.fields).toEqual({ load1: 0.5, load5: 0.25, load15: 0.125, n_cpus: 2, uptime: 100 });
    expect(get("mem")[0]?.fields).toMatchObject({ total: 1000, used: 600, used_percent: 60, available_percent: 50 });
    expect(get("swap")[0]?.fields).toMatchObject({ in: 8192, out: 12288, used_percent: 0 });
    expect(get("disk")).toHaveLength(1);
    expect(get("disk")[0]?.tags).toMatchObject({ path: "/", device: "sda1", fstype: "ext4" });
    expect(get("disk")[0]?.fields).toMatchObject({ total: 1000, used: 600, free: 300, inodes_used: 40 });
    expect(get("diskio")[0]?.fields).toEqual({ reads: 7, read_time: 1500, iops_in_progress: 2 });
    expect(get("net")).toHaveLength(1);
    expect(get("net")[0]?.fields).toEqual({ bytes_recv: 1234, bytes_sent: 4321 });
    expect(get("processes")[0]?.fields).toEqual({ running: 3, blocked: 1 });
  });
});
