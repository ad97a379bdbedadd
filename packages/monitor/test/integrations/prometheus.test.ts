import { readFileSync } from "node:fs";
import { startAgent } from "@cloud-barista/monitor-agent";
import { openEmbeddedStore, startCollector } from "@cloud-barista/monitor";
import { afterEach, describe, expect, it } from "vitest";
import { startPrometheus, tempDir, until } from "./support.js";

const token = "prometheus-test-token";
const identity = { ns: "ns1", mcis: "web", subgroup: "g1", vm: "g1-1", provider: "AWS", region: "ap-northeast-2" };
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const memTotalBytes = Number(/MemTotal:\s+(\d+) kB/.exec(readFileSync("/proc/meminfo", "utf8"))?.[1]) * 1024;

interface VectorAnswer {
  status: string;
  data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

async function instantQuery(prometheusUrl: string, query: string): Promise<VectorAnswer["data"]["result"]> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  const answer = (await response.json()) as VectorAnswer;
  return answer.status === "success" ? answer.data.result : [];
}

describe("Debian's Prometheus scrapes the collector", () => {
  it("reads cb_* series with the agent's identity labels, through the bearer token", { timeout: 90_000 }, async () => {
    const tmp = tempDir("cb-monitor-prom-");
    cleanups.push(tmp.remove);
    const store = await openEmbeddedStore({ dir: tmp.dir, maintenanceIntervalMs: 0 });
    cleanups.push(() => store.close());
    const collector = await startCollector({ store, token });
    cleanups.push(() => collector.close());
    const agent = await startAgent({ intervalMs: 500, identity, push: { url: collector.url, token } });
    cleanups.push(() => agent.stop());
    await until(() => store.latest("mem").length > 0, 20_000, "the agent's first push");

    const prometheus = await startPrometheus(`${collector.url}/metrics`, token);
    cleanups.push(() => prometheus.stop());
    let result: Awaited<ReturnType<typeof instantQuery>> = [];
    await until(
      async () => (result = await instantQuery(prometheus.url, "cb_mem_total")).length > 0,
      60_000,
      "cb_mem_total in Prometheus",
    );
    expect(result).toHaveLength(1);
    expect(result[0]?.metric).toMatchObject({ __name__: "cb_mem_total", ...identity, job: "cb-collector" });
    expect(Number(result[0]?.value[1])).toBe(memTotalBytes);

    // The target is up, and Prometheus took the families' types (gauges, counters) from the exposition.
    const up = await instantQuery(prometheus.url, 'up{job="cb-collector"}');
    expect(up.map((s) => s.value[1])).toEqual(["1"]);
    const types = async () => {
      const response = await fetch(`${prometheus.url}/api/v1/metadata`);
      const answer = (await response.json()) as { data: Record<string, { type: string }[]> };
      return answer.data;
    };
    let metadata: Record<string, { type: string }[]> = {};
    await until(async () => "cb_collector_points_written_total" in (metadata = await types()), 30_000, "metadata");
    expect(metadata.cb_mem_total?.[0]?.type).toBe("gauge");
    expect(metadata.cb_collector_points_written_total?.[0]?.type).toBe("counter");
  });

  it("sees the collector as down without the token (401)", { timeout: 60_000 }, async () => {
    const tmp = tempDir("cb-monitor-prom-");
    cleanups.push(tmp.remove);
    const store = await openEmbeddedStore({ dir: tmp.dir, maintenanceIntervalMs: 0 });
    cleanups.push(() => store.close());
    const collector = await startCollector({ store, token });
    cleanups.push(() => collector.close());
    const prometheus = await startPrometheus(`${collector.url}/metrics`, "wrong-token-value");
    cleanups.push(() => prometheus.stop());
    let up: Awaited<ReturnType<typeof instantQuery>> = [];
    await until(async () => (up = await instantQuery(prometheus.url, "up")).length > 0, 30_000, "an up series");
    expect(up.map((s) => s.value[1])).toEqual(["0"]);
    expect(collector.stats().unauthorized).toBeGreaterThan(0);
  });
});
