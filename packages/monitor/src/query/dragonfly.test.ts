import { isBaristaError } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import type { MetricQuery } from "./types.js";
import { dragonflyQueries, queryDragonfly } from "./dragonfly.js";
import type { DragonflyQuery } from "./dragonfly.js";

const now = Date.UTC(2026, 0, 1, 12, 30, 15);
const request: DragonflyQuery = {
  target: { namespace: "ns1", name: "web", vm: "g1-1" },
  metric: "network",
  periodType: "m",
  statisticsCriteria: "avg",
  duration: "5m",
};

describe("Dragonfly query semantics", () => {
  it("turns periodType, statisticsCriteria and duration into one query per field", () => {
    const queries = dragonflyQueries(request, now);
    expect(queries.map((q) => q.field)).toEqual([
      "bytes_sent",
      "bytes_recv",
      "packets_sent",
      "packets_recv",
      "err_in",
      "err_out",
      "drop_in",
      "drop_out",
    ]);
    expect(queries[0]).toEqual({
      target: request.target,
      measurement: "net",
      field: "bytes_sent",
      statistic: "avg",
      from: Date.UTC(2026, 0, 1, 12, 26),
      to: now + 60_000,
      stepMs: 60_000,
    });
    const daily = dragonflyQueries({ ...request, metric: "memory", periodType: "d", duration: "5d" }, now)[0];
    expect(daily).toMatchObject({ measurement: "mem", stepMs: 86_400_000, from: Date.UTC(2025, 11, 27) });
  });

  it("answers per field through any query source", () => {
    const seen: MetricQuery[] = [];
    const answer = queryDragonfly(
      { query: (q) => (seen.push(q), { series: [{ tags: { vm: "g1-1" }, points: [[q.from, 1]] }] }) },
      { ...request, metric: "cpufreq" },
      now,
    );
    expect(answer.fields).toEqual({ cur_frequency: [{ tags: { vm: "g1-1" }, points: [[answer.from, 1]] }] });
    expect(seen).toHaveLength(1);
  });

  it("rejects what Dragonfly rejected, naming the field", () => {
    const fieldOf = (r: object) => {
      try {
        dragonflyQueries({ ...request, ...r }, now);
      } catch (error) {
        return isBaristaError(error, "InvalidArgument") ? `${error.field}/${error.rule}` : "other";
      }
      return "none";
    };
    expect(fieldOf({ duration: "1m" })).toBe("duration/min-duration");
    expect(fieldOf({ duration: "5w" })).toBe("duration/duration");
    expect(fieldOf({ periodType: "w" })).toBe("periodType/enum");
    expect(fieldOf({ metric: "gpu" })).toBe("metric/enum");
    expect(fieldOf({ duration: "2m" })).toBe("none");
  });
});
