import { describe, expect, it } from "vitest";
import { aggregateEvaluations } from "./aggregate.js";
import type { VmEvaluation } from "./vm-evaluation.js";
import type { Measurement } from "./parse.js";

const at = new Date("2026-12-06T12:00:00Z");
const seoul = { provider: "MOCK", region: "mock-seoul", specName: "mock-small" } as const;
const virginia = { provider: "MOCK", region: "mock-virginia", specName: "mock-small" } as const;

function vm(vmId: string, spec: VmEvaluation["spec"], cpu: Measurement[], rtts: [string, number][] = []): VmEvaluation {
  return {
    vmId,
    spec,
    durationMs: 1,
    output: {
      version: 1,
      cores: 2,
      measurements: cpu,
      rtts: rtts.map(([peer, ms]) => ({ peer, ms, method: "ping" })),
      skipped: [],
    },
  };
}
const loop = (value: number): Measurement => ({ metric: "cpu", value, unit: "ops/s", method: "cpu-loop" });
const sysbench = (value: number): Measurement => ({ metric: "cpu", value, unit: "events/s", method: "sysbench-cpu" });

describe("aggregateEvaluations", () => {
  it("stores per spec and region the median of the method most VMs used, with the sample count", () => {
    const { figures } = aggregateEvaluations(
      [
        vm("a-1", seoul, [loop(100)]),
        vm("a-2", seoul, [sysbench(900)]),
        vm("a-3", seoul, [loop(300)]),
        vm("a-4", seoul, [loop(200)]),
        vm("b-1", virginia, [loop(50)]),
        { vmId: "b-2", spec: virginia, durationMs: 1, error: new Error("unreachable") as never },
      ],
      at,
    );
    expect(figures).toEqual([
      { spec: seoul, metric: "cpu", value: 200, unit: "ops/s", method: "cpu-loop", measuredAt: at, samples: 3 },
      { spec: virginia, metric: "cpu", value: 50, unit: "ops/s", method: "cpu-loop", measuredAt: at, samples: 1 },
    ]);
  });

  it("takes the mean of the middle two for an even count", () => {
    const { figures } = aggregateEvaluations([vm("a-1", seoul, [loop(100)]), vm("a-2", seoul, [loop(300)])], at);
    expect(figures[0]?.value).toBe(200);
  });

  it("stores RTTs per pair of regions, leaving out each VM's ping of itself and unknown peers", () => {
    const { rtts } = aggregateEvaluations(
      [
        vm(
          "a-1",
          seoul,
          [],
          [
            ["a-1", 0.02],
            ["a-2", 0.4],
            ["b-1", 180],
          ],
        ),
        vm(
          "a-2",
          seoul,
          [],
          [
            ["a-1", 0.6],
            ["a-2", 0.03],
            ["b-1", 182],
            ["zz-9", 1],
          ],
        ),
        vm("b-1", virginia, [], [["a-1", 181]]),
      ],
      at,
    );
    const place = (s: typeof seoul | typeof virginia) => ({ provider: s.provider, region: s.region });
    expect(rtts).toEqual([
      { from: place(seoul), to: place(seoul), ms: 0.5, method: "ping", measuredAt: at, samples: 2 },
      { from: place(seoul), to: place(virginia), ms: 181, method: "ping", measuredAt: at, samples: 2 },
      { from: place(virginia), to: place(seoul), ms: 181, method: "ping", measuredAt: at, samples: 1 },
    ]);
  });
});
