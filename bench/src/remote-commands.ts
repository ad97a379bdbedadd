import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { MemoryStore } from "@cloud-barista/core";
import { runCommandSummary, storeHostKeys } from "@cloud-barista/mcis";
import type { RemoteTarget, RunCommandOptions } from "@cloud-barista/mcis";
import { sshKeyPair, startSshd } from "@cloud-barista/test-support";
import type { Sshd } from "@cloud-barista/test-support";
import { median, report } from "./report.js";

// A command on 100 VMs at once over real SSH. Debian's OpenSSH servers on loopback stand in for the
// VMs: 20 servers, each for 5 VMs (every VM its own target: its own vmId, its own host-key pin, its
// own connection, login and session). `runCommand` runs with `concurrency` 100.
//
// Each sample is a pair, run back to back in a random order: the command on all 100 VMs, and the
// command on one VM alone (a different VM each sample). Warm-up pairs run the same way and are
// dropped (they also pin the host keys). Reported, medians of per-sample figures:
//
// - `wall-vs-slowest-vm`: the 100-VM run's wall time / its slowest VM's own time (connect, log in,
//   run, close; from the moment the SDK starts on that VM), both from the same run: >= 1, lower is
//   better; what fanning out adds beyond the slowest VM (goal: ratio <= 1.5);
// - `wall-vs-one-vm-alone`: the 100-VM run's wall time / the lone VM's wall time in the same pair:
//   what 100 logins at once cost over one on this machine (the sshd servers share its cores);
// - `sdk-cpu-per-vm`: this process's CPU (user + system; the sshd servers are other processes)
//   per VM in the 100-VM run, baseline the lone VM's run;
// - `sshd-cpu-per-vm`: the same for the sshd servers (each listener's own CPU and that of the
//   per-login processes it reaped, from /proc), what a login costs the stand-in "VMs";
// - `wall-vs-cpu-bound`: the 100-VM run's wall time / (SDK CPU + sshd CPU) / cores: with every
//   VM's sshd on this machine's cores, no run can be faster than that.
//
// BENCH_SAMPLES, BENCH_WARMUP (or BENCH_QUICK=1: 3 and 1) and BENCH_VMS (5 per server) shorten a run.

const bench = "remote-commands";
const vmCount = Number(process.env.BENCH_VMS ?? 100);
const serverCount = Math.ceil(vmCount / 5);
const quick = process.env.BENCH_QUICK === "1" || process.argv.includes("--quick");
// A 100-VM run takes about a minute on the busy 2-core machine: 7 pairs after 2 warm-up pairs.
const samples = Number(process.env.BENCH_SAMPLES ?? (quick ? 3 : 7));
const warmUp = Number(process.env.BENCH_WARMUP ?? (quick ? 1 : 2));
const command = ["uname", "-sr"];

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

interface Run {
  wallMs: number;
  slowestVmMs: number;
  cpuMs: number;
  sshdCpuMs: number;
}

const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  ticks: number;
}

function processes(): ProcStat[] {
  const found: ProcStat[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // After ") ": state, ppid, ..., utime (11), stime (12), cutime (13), cstime (14), zero-based.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    found.push({
      pid: Number(pid),
      comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
      ppid: Number(fields[1]),
      ticks: [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0),
    });
  }
  return found;
}

/**
 * CPU used so far by this process's sshd listeners with the login processes they reaped. A login's
 * processes are reaped a moment after the client sees the exit: wait until every listener has
 * none left (up to 10 s), so a run's CPU is not counted in the next one.
 */
async function sshdCpuMs(): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const all = processes();
    const listeners = all.filter((p) => p.comm === "sshd" && p.ppid === process.pid);
    const ids = new Set(listeners.map((p) => p.pid));
    if (!all.some((p) => ids.has(p.ppid)) || Date.now() > deadline) {
      return (listeners.reduce((sum, p) => sum + p.ticks, 0) * 1000) / ticksPerSecond;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function timed(targets: readonly RemoteTarget[], options: RunCommandOptions): Promise<Run> {
  const sshdBefore = await sshdCpuMs();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const summary = await runCommandSummary(targets, command, options);
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const sshdUsed = (await sshdCpuMs()) - sshdBefore;
  if (summary.failed.length > 0) {
    const first = summary.results.find((r) => r.error !== undefined || r.code !== 0);
    throw new Error(
      `${summary.failed.length} of ${targets.length} VMs failed, e.g. ${first?.vmId}: ${first?.error?.message ?? `exit ${first?.code}`}`,
    );
  }
  return {
    wallMs,
    slowestVmMs: Math.max(...summary.results.map((r) => r.durationMs)),
    cpuMs: (used.user + used.system) / 1000,
    sshdCpuMs: sshdUsed,
  };
}

export async function remoteCommandsBench(): Promise<void> {
  const key = sshKeyPair("remote-commands-bench");
  const loadBefore = loadavg()[0] ?? 0;
  const servers: Sshd[] = [];
  try {
    // MaxStartups 10 (sshd's default drops some logins beyond 10 unauthenticated at once); 5 per server.
    servers.push(
      ...(await Promise.all(
        Array.from({ length: serverCount }, () => startSshd({ authorizedKeys: [key.publicKey], logLevel: "QUIET" })),
      )),
    );
    const targets: RemoteTarget[] = Array.from({ length: vmCount }, (_, i) => {
      const server = servers[i % serverCount];
      if (!server) throw new Error("no server");
      return { vmId: `vm-${String(i + 1).padStart(3, "0")}`, host: server.host, port: server.port, user: server.user };
    });
    const options: RunCommandOptions = {
      privateKey: key.privateKey,
      hostKeys: storeHostKeys(new MemoryStore()),
      concurrency: vmCount,
      timeoutMs: 120_000,
    };

    const rows: { all: Run; one: Run }[] = [];
    for (let i = 0; i < warmUp + samples; i++) {
      const lone = targets[i % vmCount];
      if (!lone) throw new Error("no target");
      let all: Run;
      let one: Run;
      if (Math.random() < 0.5) {
        all = await timed(targets, options);
        one = await timed([lone], options);
      } else {
        one = await timed([lone], options);
        all = await timed(targets, options);
      }
      if (i >= warmUp) rows.push({ all, one });
    }

    const med = (f: (r: { all: Run; one: Run }) => number): number => median(rows.map(f));
    const goalMet = med((r) => r.all.wallMs / r.all.slowestVmMs);
    report({
      bench,
      metric: "wall-vs-slowest-vm",
      value: round(med((r) => r.all.wallMs)),
      unit: "ms",
      baseline: round(med((r) => r.all.slowestVmMs)),
      ratio: round(goalMet, 3),
      goal: `ratio <= 1.5 (${vmCount}-VM wall / slowest VM in the same run; median of per-run ratios)`,
    });
    report({
      bench,
      metric: "wall-vs-one-vm-alone",
      value: round(med((r) => r.all.wallMs)),
      unit: "ms",
      baseline: round(med((r) => r.one.wallMs)),
      ratio: round(
        med((r) => r.all.wallMs / r.one.wallMs),
        2,
      ),
    });
    report({
      bench,
      metric: "sdk-cpu-per-vm",
      value: round(med((r) => r.all.cpuMs / vmCount)),
      unit: "ms/VM",
      baseline: round(med((r) => r.one.cpuMs)),
      ratio: round(
        med((r) => r.all.cpuMs / vmCount / r.one.cpuMs),
        2,
      ),
    });
    report({
      bench,
      metric: "sshd-cpu-per-vm",
      value: round(med((r) => r.all.sshdCpuMs / vmCount)),
      unit: "ms/VM",
      baseline: round(med((r) => r.one.sshdCpuMs)),
      ratio: round(
        med((r) => r.all.sshdCpuMs / vmCount / r.one.sshdCpuMs),
        2,
      ),
    });
    const cores = availableParallelism();
    report({
      bench,
      metric: "wall-vs-cpu-bound",
      value: round(med((r) => r.all.wallMs)),
      unit: "ms",
      baseline: round(med((r) => (r.all.cpuMs + r.all.sshdCpuMs) / cores)),
      ratio: round(
        med((r) => r.all.wallMs / ((r.all.cpuMs + r.all.sshdCpuMs) / cores)),
        2,
      ),
    });
    const loadAfter = loadavg()[0] ?? 0;
    report({
      bench,
      metric: "machine-load-vs-cores",
      value: round(loadAfter),
      unit: "load",
      baseline: cores,
      ratio: round(loadAfter / cores),
      goal: `ratio < 1 (1-minute load ${round(loadBefore)} at the start; ${samples} samples, ${warmUp} warm-up pairs)`,
    });
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}
