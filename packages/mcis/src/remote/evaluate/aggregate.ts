import type { ProviderName } from "@cloud-barista/core";
import type { VmEvaluation } from "./vm-evaluation.js";
import type { PerformanceRecord, RttRecord } from "../../placement/performance-records.js";
import { specKeyString } from "../../placement/performance.js";
import type { SpecKey } from "../../placement/performance.js";

/** What a run stores: the figures per spec and region, the RTTs per pair of regions. */
export function aggregateEvaluations(
  vms: readonly VmEvaluation[],
  measuredAt: Date,
): { figures: PerformanceRecord[]; rtts: RttRecord[] } {
  return { figures: medianFigures(vms, measuredAt), rtts: medianRtts(vms, measuredAt) };
}

/**
 * Per spec and metric, the median over the VMs that measured it. VMs of one spec normally use one
 * method; when they differ (sysbench on some), the method most of them used wins, as figures of
 * different methods do not mix.
 */
function medianFigures(vms: readonly VmEvaluation[], measuredAt: Date): PerformanceRecord[] {
  type Samples = { unit: string; values: number[] };
  const groups = new Map<
    string,
    { spec: SpecKey; metric: PerformanceRecord["metric"]; byMethod: Map<string, Samples> }
  >();
  for (const vm of vms) {
    for (const m of vm.output?.measurements ?? []) {
      const key = `${specKeyString(vm.spec.provider, vm.spec.region, vm.spec.specName)}\u0000${m.metric}`;
      const group = groups.get(key) ?? { spec: vm.spec, metric: m.metric, byMethod: new Map<string, Samples>() };
      groups.set(key, group);
      const same = group.byMethod.get(m.method) ?? { unit: m.unit, values: [] };
      group.byMethod.set(m.method, same);
      same.values.push(m.value);
    }
  }
  return [...groups.values()].map((g) => {
    const [method, { unit, values }] = [...g.byMethod].reduce((best, next) =>
      next[1].values.length > best[1].values.length ? next : best,
    );
    return {
      spec: { provider: g.spec.provider, region: g.spec.region, specName: g.spec.specName },
      metric: g.metric,
      value: median(values),
      unit,
      method,
      measuredAt,
      samples: values.length,
    };
  });
}

/** Per (from region, to region), the median RTT over the VM pairs; a VM's ping of itself is left out. */
function medianRtts(vms: readonly VmEvaluation[], measuredAt: Date): RttRecord[] {
  const specs = new Map(vms.map((vm) => [vm.vmId, vm.spec]));
  const groups = new Map<string, { from: Place; to: Place; values: number[] }>();
  for (const vm of vms) {
    for (const r of vm.output?.rtts ?? []) {
      const peer = specs.get(r.peer);
      if (!peer || r.peer === vm.vmId) continue;
      const key = `${vm.spec.provider}\u0000${vm.spec.region}\u0000${peer.provider}\u0000${peer.region}`;
      const group = groups.get(key) ?? {
        from: { provider: vm.spec.provider, region: vm.spec.region },
        to: { provider: peer.provider, region: peer.region },
        values: [],
      };
      groups.set(key, group);
      group.values.push(r.ms);
    }
  }
  return [...groups.values()].map((g) => ({
    from: g.from,
    to: g.to,
    ms: median(g.values),
    method: "ping",
    measuredAt,
    samples: g.values.length,
  }));
}

interface Place {
  readonly provider: ProviderName;
  readonly region: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
