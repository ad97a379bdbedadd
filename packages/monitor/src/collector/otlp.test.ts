import { describe, expect, it } from "vitest";
import { otlpToPoints } from "./otlp.js";

const attr = (key: string, value: Record<string, unknown>) => ({ key, value });

describe("otlpToPoints (OTLP/HTTP JSON metrics onto the model)", () => {
  const request = {
    resourceMetrics: [
      {
        resource: {
          attributes: [
            attr("cb.ns", { stringValue: "ns1" }),
            attr("cb.mcis", { stringValue: "web" }),
            attr("cb.vm", { stringValue: "g1-1" }),
            attr("cloud.provider", { stringValue: "aws" }),
            attr("host.name", { stringValue: "ip-10-0-0-1" }),
            attr("service.name", { stringValue: "api" }),
          ],
        },
        scopeMetrics: [
          {
            scope: { name: "otel-collector" },
            metrics: [
              {
                name: "system.cpu.utilization",
                gauge: {
                  dataPoints: [
                    {
                      attributes: [attr("state", { stringValue: "user" }), attr("cpu", { intValue: "0" })],
                      timeUnixNano: "1700000000123456789",
                      asDouble: 0.25,
                    },
                  ],
                },
              },
              {
                name: "system.network.io",
                sum: {
                  aggregationTemporality: 2,
                  isMonotonic: true,
                  dataPoints: [{ timeUnixNano: "1700000000000000000", asInt: "9007199254740993" }],
                },
              },
              {
                name: "http.server.duration",
                histogram: {
                  dataPoints: [
                    {
                      timeUnixNano: 1_700_000_000_000,
                      count: "3",
                      sum: 1.5,
                      min: 0.1,
                      max: 1,
                      bucketCounts: ["1", "2"],
                    },
                  ],
                },
              },
              { name: "no.value", gauge: { dataPoints: [{ timeUnixNano: "1" }] } },
              { name: "bad.time", gauge: { dataPoints: [{ timeUnixNano: "soon", asDouble: 1 }] } },
              { name: "untimed", gauge: { dataPoints: [{ asDouble: 2 }] } },
            ],
          },
        ],
      },
    ],
  };

  it("maps gauges, sums and histograms with the resource's identity and the points' attributes", () => {
    const { points, rejected, firstError } = otlpToPoints(request, 42n);
    const identity = {
      ns: "ns1",
      mcis: "web",
      vm: "g1-1",
      provider: "aws",
      host: "ip-10-0-0-1",
      "service.name": "api",
    };
    expect(points).toEqual([
      {
        measurement: "system.cpu.utilization",
        tags: { ...identity, state: "user", cpu: "0" },
        fields: { value: 0.25 },
        timeNs: 1_700_000_000_123_456_789n,
      },
      // asInt keeps all 64 bits (a bigint), as line protocol's i does
      {
        measurement: "system.network.io",
        tags: identity,
        fields: { value: 9_007_199_254_740_993n },
        timeNs: 1_700_000_000_000_000_000n,
      },
      {
        measurement: "http.server.duration",
        tags: identity,
        fields: { count: 3n, sum: 1.5, min: 0.1, max: 1 },
        timeNs: 1_700_000_000_000n,
      },
      { measurement: "untimed", tags: identity, fields: { value: 2 }, timeNs: 42n },
    ]);
    expect(rejected).toBe(2);
    expect(firstError).toBe("metric no.value: a data point without a value");
  });

  it("rejects what is not a request, without throwing", () => {
    expect(otlpToPoints("[]", 0n)).toMatchObject({ points: [], rejected: 1 });
    expect(otlpToPoints(null, 0n)).toMatchObject({ points: [], rejected: 1 });
    expect(otlpToPoints({ resourceMetrics: [1, { scopeMetrics: [{ metrics: [{}] }] }] }, 0n)).toMatchObject({
      points: [],
      rejected: 1,
      firstError: "a metric without a name",
    });
  });
});
