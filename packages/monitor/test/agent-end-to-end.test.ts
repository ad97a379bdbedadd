import { readFileSync } from "node:fs";
import { identityTags as agentIdentityTags, metricCatalog, startAgent } from "@cloud-barista/monitor-agent";
import type { Agent } from "@cloud-barista/monitor-agent";
import { identityTags, measurements, openEmbeddedStore, startCollector } from "@cloud-barista/monitor";
import type { Collector, EmbeddedStore, ScrapeTarget } from "@cloud-barista/monitor";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir, until } from "./support/helpers.js";

const token = "end-to-end-token";
const identity = { ns: "ns1", mcis: "web", subgroup: "g1", vm: "g1-1", provider: "AWS", region: "ap-northeast-2" };
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function collector(scrape: ScrapeTarget[] = []): Promise<{ store: EmbeddedStore; collector: Collector }> {
  const tmp = tempDir("cb-monitor-e2e-");
  cleanups.push(tmp.remove);
  const store = await openEmbeddedStore({ dir: tmp.dir, maintenanceIntervalMs: 0 });
  cleanups.push(() => store.close());
  const c = await startCollector({ store, token, scrape });
  cleanups.push(() => c.close());
  return { store, collector: c };
}

const memTotalBytes = Number(/MemTotal:\s+(\d+) kB/.exec(readFileSync("/proc/meminfo", "utf8"))?.[1]) * 1024;

describe("the real agent and the collector", () => {
  it("agree on the model: measurements, fields, kinds and identity tags", () => {
    expect([...agentIdentityTags]).toEqual([...identityTags]);
    for (const [name, spec] of Object.entries(measurements)) {
      const agent = metricCatalog[name];
      expect(agent, name).toBeDefined();
      expect(Object.keys(agent?.fields ?? {}).sort(), name).toEqual(Object.keys(spec.fields).sort());
      for (const [field, f] of Object.entries(spec.fields))
        expect(agent?.fields[field]?.kind, `${name}.${field}`).toBe(f.kind);
    }
  });

  it("push: the agent sends this machine's /proc metrics to the collector", { timeout: 30_000 }, async () => {
    const { store, collector: c } = await collector();
    const agent: Agent = await startAgent({ intervalMs: 200, identity, push: { url: c.url, token } });
    cleanups.push(() => agent.stop());
    await until(
      () => store.latest("cpu").length > 0 && store.latest("net").length > 0 && store.latest("mem").length > 0,
    );
    const mem = store.latest("mem")[0];
    expect(mem?.tags).toMatchObject(identity);
    expect(mem?.fields.total).toBe(memTotalBytes);
    expect(mem?.fields.used_percent).toBeGreaterThan(0);
    expect(mem?.fields.used_percent).toBeLessThan(100);
    const cpu = store.latest("cpu").find((s) => s.tags.cpu === "cpu-total");
    const shares = Object.values(cpu?.fields ?? {});
    expect(shares.length).toBeGreaterThanOrEqual(8);
    for (const v of shares) expect(v).toBeGreaterThanOrEqual(0);
    expect(store.latest("system")[0]?.fields.n_cpus).toBeGreaterThan(0);
    // The per-VM query over what was pushed.
    const now = Date.now();
    const answer = store.query({
      target: { namespace: "ns1", name: "web", vm: "g1-1" },
      measurement: "mem",
      field: "total",
      statistic: "max",
      from: now - 60_000,
      to: now + 1000,
      stepMs: 61_000,
    });
    expect(answer.series).toEqual([
      { tags: { ns: "ns1", mcis: "web", subgroup: "g1", vm: "g1-1" }, points: [[now - 60_000, memTotalBytes]] },
    ]);
    expect(c.stats().malformedLines).toBe(0);
    const pushed = agent.stats().push;
    expect(pushed?.rejected ?? 0).toBe(0);
  });

  it(
    "pull: the collector scrapes the agent's /metrics and maps the cb_* families back exactly",
    { timeout: 30_000 },
    async () => {
      const agent: Agent = await startAgent({ intervalMs: 60_000, identity, listen: { port: 0, token } });
      cleanups.push(() => agent.stop());
      const address = agent.listenAddress;
      if (!address) throw new Error("the agent does not listen");
      await until(() => agent.latest().length > 0);
      const { store, collector: c } = await collector([
        { url: `http://${address.host}:${address.port}/metrics`, token, intervalMs: 60_000 },
      ]);
      await c.scrapeNow();
      expect(c.targets()[0]).toMatchObject({ health: "up", consecutiveFailures: 0 });
      // Every numeric field of the agent's latest sample arrives under the same measurement and tags.
      const stored = store.latest();
      let compared = 0;
      for (const point of agent.latest()) {
        const got = stored.find((s) => s.measurement === point.measurement && sameTags(s.tags, point.tags));
        expect(got, `${point.measurement} ${JSON.stringify(point.tags)}`).toBeDefined();
        for (const [field, value] of Object.entries(point.fields)) {
          if (typeof value === "string") continue;
          const expected = typeof value === "object" ? Number(value.unsigned) : Number(value);
          expect(got?.fields[field], `${point.measurement}.${field}`).toBe(expected);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(30);
    },
  );

  it("pull: a stopped agent is shown as stale, not as zero", { timeout: 30_000 }, async () => {
    const agent: Agent = await startAgent({ intervalMs: 200, identity, listen: { port: 0, token } });
    const address = agent.listenAddress;
    if (!address) throw new Error("the agent does not listen");
    const { store, collector: c } = await collector([
      { url: `http://${address.host}:${address.port}/metrics`, token, intervalMs: 150, timeoutMs: 100 },
    ]);
    await until(() => c.targets()[0]?.health === "up" && store.latest("mem").length > 0);
    await agent.stop();
    await until(() => c.targets()[0]?.health === "stale" && store.latest("mem")[0]?.stale === true, 10_000);
    const text = await (await fetch(`${c.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    expect(text).not.toMatch(/^cb_mem_total\{/m);
    expect(text).toMatch(/^cb_source_up\{.*vm="g1-1"\} 0$/m);
  });
});

function sameTags(a: Record<string, string>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
