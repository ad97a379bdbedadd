import { vmMetricPoints } from "@cloud-barista/emulator";
import type { VmMetricSubject } from "@cloud-barista/emulator";
import { formatLineProtocol, toMetricPoints } from "@cloud-barista/monitor";
import type { MetricPoint } from "@cloud-barista/monitor";

// Shared by the monitor benchmarks: an emulated fleet's points (the emulator's VmMetrics model:
// cpu, mem, swap, disk, diskio, net, system, processes = 60 samples per VM per interval).

export const fleetStart = Date.UTC(2026, 5, 1);

function subject(i: number): VmMetricSubject {
  return {
    id: `i-${i.toString(16).padStart(8, "0")}`,
    state: "running",
    stateSince: fleetStart - 3_600_000,
    launchedAt: fleetStart - 3_600_000,
    vcpus: 2 + (i % 3) * 2,
    memoryMiB: 4096 * (1 + (i % 4)),
    rootDisk: { sizeGB: 50 },
  };
}

function tags(i: number): Record<string, string> {
  const sg = Math.floor(i / 100);
  return {
    ns: "bench",
    mcis: "fleet",
    subgroup: `g${sg}`,
    vm: `g${sg}-${i % 100}`,
    provider: "MOCK",
    region: "mock-seoul",
    host: `vm-${i}`,
  };
}

/** The points of VMs [from, to) at one time, optionally only some measurements. */
export function fleetPoints(from: number, to: number, time: number, only?: ReadonlySet<string>): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (let i = from; i < to; i++) {
    const points = vmMetricPoints(subject(i), time, tags(i));
    out.push(...toMetricPoints(only ? points.filter((p) => only.has(p.measurement)) : points, time));
  }
  return out;
}

/**
 * Line-protocol bodies (UTF-8) of one interval of `vms` VMs, `perBody` VMs per body (as a relay or
 * batching agents send), with the samples of each body.
 */
export function fleetBodyBuffers(vms: number, perBody: number, time: number): { bodies: Buffer[]; samples: number[] } {
  const bodies: Buffer[] = [];
  const samples: number[] = [];
  for (let from = 0; from < vms; from += perBody) {
    const points = fleetPoints(from, Math.min(vms, from + perBody), time);
    samples.push(points.reduce((n, p) => n + Object.keys(p.fields).length, 0));
    bodies.push(Buffer.from(formatLineProtocol(points)));
  }
  return { bodies, samples };
}

export function spread(values: readonly number[]): { min: number; max: number } {
  return { min: Math.min(...values), max: Math.max(...values) };
}
