import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { openEmbeddedStore, startCollector } from "@cloud-barista/monitor";
import type { Collector, EmbeddedStore } from "@cloud-barista/monitor";
import { isBaristaError } from "@cloud-barista/core";
import { tempDir, textServer, until } from "./support/helpers.js";

const token = "s3cret-token-value";
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function collector(options: Partial<Parameters<typeof startCollector>[0]> = {}) {
  const tmp = tempDir("cb-monitor-collector-");
  cleanups.push(tmp.remove);
  const store: EmbeddedStore = await openEmbeddedStore({ dir: tmp.dir, maintenanceIntervalMs: 0 });
  cleanups.push(() => store.close());
  const c: Collector = await startCollector({ store, token, ...options });
  cleanups.push(() => c.close());
  return { store, collector: c };
}

const line = (vm: string, user: number, t: number) =>
  `cpu,ns=ns1,mcis=web,subgroup=g1,vm=${vm},host=${vm},cpu=cpu-total usage_user=${user},usage_idle=${100 - user} ${t}`;
const bearer = { authorization: `Bearer ${token}` };

describe("collector over HTTP", () => {
  it("accepts InfluxDB v1 writes with a bearer token, v1 u/p and Basic auth, and gzip", async () => {
    const { store, collector: c } = await collector();
    const t = Math.floor(Date.now() / 1000);
    const post = (path: string, body: string | Buffer, headers: Record<string, string>) =>
      fetch(`${c.url}${path}`, { method: "POST", body, headers });
    expect((await post("/write?db=cb&precision=s", line("g1-1", 10, t), bearer)).status).toBe(204);
    expect((await post(`/write?db=cb&precision=s&u=me&p=${token}`, line("g1-1", 11, t + 1), {})).status).toBe(204);
    const basic = `Basic ${Buffer.from(`me:${token}`).toString("base64")}`;
    expect((await post("/write?precision=s", line("g1-1", 12, t + 2), { authorization: basic })).status).toBe(204);
    const gz = gzipSync(`${line("g1-1", 13, t + 3)}\n${line("g1-2", 50, t + 3)}\n`);
    expect((await post("/write?precision=s", gz, { ...bearer, "content-encoding": "gzip" })).status).toBe(204);

    const refused = await post("/write", line("g1-1", 1, t), { authorization: "Bearer wrong-token" });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: "authorization failed" });
    expect((await post("/write", line("g1-1", 1, t), {})).status).toBe(401);
    expect((await fetch(`${c.url}/metrics`)).status).toBe(401);

    const result = store.query({
      target: { namespace: "ns1", name: "web", vm: "g1-1" },
      measurement: "cpu",
      field: "usage_user",
      statistic: "last",
      from: (t - 1) * 1000,
      to: (t + 4) * 1000,
      stepMs: 1000,
    });
    expect(result.series[0]?.points.map((p) => p[1])).toEqual([10, 11, 12, 13]);
    expect(c.stats()).toMatchObject({ writes: 4, pointsWritten: 5, samplesWritten: 10, unauthorized: 3 });
    expect(await (await fetch(`${c.url}/healthz`)).json()).toEqual({ status: "ok", version: "0.1.0" });
  });

  it("accepts OTLP/HTTP JSON metrics at /v1/metrics (not protobuf), with partialSuccess for bad points", async () => {
    const { store, collector: c } = await collector();
    const t = BigInt(Date.now()) * 1_000_000n;
    const body = {
      resourceMetrics: [
        {
          resource: {
            attributes: [
              { key: "cb.ns", value: { stringValue: "ns1" } },
              { key: "cb.mcis", value: { stringValue: "web" } },
            ],
          },
          scopeMetrics: [
            {
              metrics: [
                { name: "queue.depth", gauge: { dataPoints: [{ timeUnixNano: String(t), asInt: "7" }] } },
                { name: "queue.depth", gauge: { dataPoints: [{ timeUnixNano: String(t) }] } },
              ],
            },
          ],
        },
      ],
    };
    const post = (payload: string | Buffer, headers: Record<string, string>) =>
      fetch(`${c.url}/v1/metrics`, { method: "POST", body: payload, headers: { ...bearer, ...headers } });
    const ok = await post(gzipSync(JSON.stringify(body)), {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      partialSuccess: { rejectedDataPoints: "1", errorMessage: "metric queue.depth: a data point without a value" },
    });
    expect(store.latest("queue.depth")).toMatchObject([{ tags: { ns: "ns1", mcis: "web" }, fields: { value: 7 } }]);
    const protobuf = await post(Buffer.from([10, 0]), { "content-type": "application/x-protobuf" });
    expect(protobuf.status).toBe(415);
    expect(((await protobuf.json()) as { error: string }).error).toMatch(/application\/json only/);
    expect((await post("{not json", { "content-type": "application/json" })).status).toBe(400);
    expect((await fetch(`${c.url}/v1/metrics`, { method: "POST", body: "{}" })).status).toBe(401);
    expect(c.stats()).toMatchObject({ otlpRejected: 1, pointsWritten: 1 });
  });

  it("keeps the valid lines of a batch, rejects the malformed ones by line and counts them", async () => {
    const { store, collector: c } = await collector();
    const t = Date.now() * 1_000_000;
    const body = [line("g1-1", 5, t), "cpu,vm=x usage_user=abc", line("g1-2", 6, t), "garbage"].join("\n");
    const response = await fetch(`${c.url}/write`, { method: "POST", body, headers: bearer });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: string };
    expect(error).toBe(
      `partial write: unable to parse 'cpu,vm=x usage_user=abc' (line 2): invalid field value "abc" for field "usage_user" (and 1 more) dropped=2`,
    );
    expect(
      store
        .latest("cpu")
        .map((s) => s.tags.vm)
        .sort(),
    ).toEqual(["g1-1", "g1-2"]);
    const none = await fetch(`${c.url}/write`, { method: "POST", body: "only garbage", headers: bearer });
    expect(await none.json()).toEqual({
      error: `unable to parse 'only garbage' (line 1): missing value for field "garbage"`,
    });
    expect(c.stats().malformedLines).toBe(3);
  });

  it("never crashes on hostile input: bad gzip, binary, oversized bodies, bad precision", async () => {
    const { collector: c } = await collector({ maxBodyBytes: 1024 });
    const post = (body: string | Buffer, headers: Record<string, string> = {}, query = "") =>
      fetch(`${c.url}/write${query}`, { method: "POST", body, headers: { ...bearer, ...headers } });
    expect((await post(Buffer.from([0x1f, 0x8b, 1, 2, 3]), { "content-encoding": "gzip" })).status).toBe(400);
    expect((await post(Buffer.from([0, 255, 10, 13, 0xc3]))).status).toBe(400);
    expect((await post("x".repeat(5000))).status).toBe(413);
    // A small gzip that inflates past the limit is refused too.
    expect((await post(gzipSync("cpu v=1\n".repeat(1000)), { "content-encoding": "gzip" })).status).toBe(413);
    expect((await post("cpu v=1", {}, "?precision=weeks")).status).toBe(400);
    expect((await post("cpu v=1", { "content-encoding": "br" })).status).toBe(415);
    expect((await fetch(`${c.url}/write`, { headers: bearer })).status).toBe(405);
    expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
    expect(c.stats().tooLarge).toBe(2);
  });

  it("serves the latest values as Prometheus text, with the token", async () => {
    const { collector: c } = await collector();
    await fetch(`${c.url}/write`, {
      method: "POST",
      headers: bearer,
      body: `net,ns=ns1,mcis=web,vm=g1-1,interface=eth0 bytes_recv=1024i,bytes_sent=10i\n${line("g1-1", 7, Date.now() * 1e6)}`,
    });
    const response = await fetch(`${c.url}/metrics`, { headers: bearer });
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await response.text();
    expect(text).toContain("# TYPE cb_net_bytes_recv_total counter\n");
    expect(text).toContain('cb_net_bytes_recv_total{interface="eth0",mcis="web",ns="ns1",vm="g1-1"} 1024\n');
    expect(text).toContain(
      'cb_cpu_usage_user{cpu="cpu-total",host="g1-1",mcis="web",ns="ns1",subgroup="g1",vm="g1-1"} 7\n',
    );
    expect(text).toContain("cb_collector_points_written_total 2\n");
  });

  it("scrapes pull targets and shows a dead one as stale, not zero", async () => {
    let user = 40;
    const target = await textServer(
      () =>
        `# TYPE cb_cpu_usage_user gauge\ncb_cpu_usage_user{cpu="cpu-total"} ${user}\n# TYPE cb_net_bytes_recv_total counter\ncb_net_bytes_recv_total{interface="eth0"} 99\n`,
    );
    cleanups.push(target.close);
    const tags = { ns: "ns1", mcis: "web", subgroup: "g1", vm: "g1-3", host: "h3" };
    const { store, collector: c } = await collector({ scrape: [{ url: target.url, tags, intervalMs: 100 }] });
    await until(() => store.latest("cpu").length > 0 && c.targets()[0]?.health === "up");
    user = 41;
    await until(() => store.latest("cpu")[0]?.fields.usage_user === 41);
    expect(store.latest("net")[0]).toMatchObject({
      tags: { ...tags, interface: "eth0" },
      fields: { bytes_recv: 99 },
      stale: false,
    });
    await target.close();
    await until(() => c.targets()[0]?.health === "stale" && store.latest("cpu")[0]?.stale === true, 5000);
    expect(c.targets()[0]?.lastError).toBeDefined();
    const text = await (await fetch(`${c.url}/metrics`, { headers: bearer })).text();
    expect(text).not.toContain("cb_cpu_usage_user{");
    expect(text).toContain('cb_source_up{host="h3",mcis="web",ns="ns1",subgroup="g1",vm="g1-3"} 0\n');
    expect(text).toContain("cb_collector_stale_targets 1\n");
  });

  it("gives up on a target that does not answer within its timeout", async () => {
    const hanging = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          hanging.close(() => resolve());
          hanging.closeAllConnections();
        }),
    );
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/metrics`;
    const { collector: c } = await collector({ scrape: [{ url, intervalMs: 100, timeoutMs: 50 }] });
    await until(() => c.targets()[0]?.health === "stale", 5000);
    expect(c.targets()[0]).toMatchObject({ lastError: "timed out" });
    expect(c.targets()[0]?.consecutiveFailures).toBeGreaterThanOrEqual(3);
  });

  it("validates its options with errors that name the field", async () => {
    const tmp = tempDir("cb-monitor-collector-");
    cleanups.push(tmp.remove);
    const store = await openEmbeddedStore({ dir: tmp.dir, maintenanceIntervalMs: 0 });
    cleanups.push(() => store.close());
    const fieldOf = async (options: object) => {
      try {
        await startCollector({ store, ...options });
      } catch (error) {
        return isBaristaError(error, "InvalidArgument") ? error.field : "other";
      }
      return "none";
    };
    expect(await fieldOf({ token: "short" })).toBe("token");
    expect(await fieldOf({ listen: { port: 70000 } })).toBe("listen.port");
    expect(await fieldOf({ scrape: [{ url: "ftp://x" }] })).toBe("scrape[0].url");
    expect(await fieldOf({ scrape: [{ url: "http://a:b@x/" }] })).toBe("scrape[0].url");
    expect(await fieldOf({ scrape: [{ url: "http://x/", intervalMs: 0 }] })).toBe("scrape[0].intervalMs");
  });
});
