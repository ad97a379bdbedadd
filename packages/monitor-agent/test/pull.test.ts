import { afterEach, describe, expect, it } from "vitest";
import { agentVersion, expositionContentType, metricCatalog, startAgent } from "../src/index.js";
import type { Agent } from "../src/index.js";
import { parseExposition } from "./exposition-parser.js";
import { until } from "./write-server.js";

describe("pull: the agent's /metrics and /healthz", () => {
  let agent: Agent | undefined;
  afterEach(async () => {
    await agent?.stop();
    agent = undefined;
  });
  const base = (): string => `http://127.0.0.1:${agent?.listenAddress?.port}`;

  it("serves the latest real sample as valid exposition, behind the bearer token", async () => {
    agent = await startAgent({
      intervalMs: 200,
      listen: { port: 0, token: "pull-token" },
      identity: { ns: "ns1", mcis: "m1", vm: "vm-1", host: "host-1" },
    });
    await until(() => (agent?.stats().samples ?? 0) >= 2, 10_000, "two samples");

    const res = await fetch(`${base()}/metrics`, { headers: { Authorization: "Bearer pull-token" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(expositionContentType);
    const families = parseExposition(await res.text());

    const usage = families.get("cb_cpu_usage_idle");
    expect(usage?.type).toBe("gauge");
    expect(usage?.samples[0]?.labels).toEqual({ cpu: "cpu-total", ns: "ns1", mcis: "m1", vm: "vm-1", host: "host-1" });
    const net = [...families.keys()].filter((n) => n.startsWith("cb_net_"));
    for (const name of net) expect(families.get(name)?.type).toBe(name.endsWith("_total") ? "counter" : "gauge");
    expect(families.get("cb_mem_total")?.help).toContain("(bytes)");
    // every field of the catalog the host has shows up under its family name
    for (const field of Object.keys(metricCatalog.mem?.fields ?? {}))
      expect(families.has(`cb_mem_${field}`)).toBe(true);
    expect(families.has("cb_diskio_reads_total")).toBe(true);
    expect(families.get("cb_system_n_cpus")?.samples[0]?.value).toBeGreaterThan(0);
  });

  it("answers 401 without the token or with a wrong one, and serves /healthz without one", async () => {
    agent = await startAgent({ intervalMs: 1000, listen: { port: 0, token: "pull-token" } });
    for (const headers of [
      {},
      { Authorization: "Bearer wrong" },
      { Authorization: "Basic cHVsbC10b2tlbg==" },
    ] as Record<string, string>[]) {
      const res = await fetch(`${base()}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "authorization failed" });
    }
    const health = await fetch(`${base()}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", version: agentVersion });
    expect((await fetch(`${base()}/other`)).status).toBe(404);
    expect((await fetch(`${base()}/metrics`, { method: "POST" })).status).toBe(405);
  });

  it("serves without a token when none is configured, on the address asked", async () => {
    agent = await startAgent({ intervalMs: 1000, listen: { host: "127.0.0.1", port: 0 } });
    expect(agent.listenAddress?.host).toBe("127.0.0.1");
    await until(() => (agent?.stats().samples ?? 0) >= 1, 10_000, "a sample");
    const res = await fetch(`${base()}/metrics`);
    expect(res.status).toBe(200);
    expect(parseExposition(await res.text()).has("cb_mem_total")).toBe(true);
  });

  it("fails to start when the port is taken, and without push or listen", async () => {
    agent = await startAgent({ intervalMs: 1000, listen: { port: 0 } });
    await expect(startAgent({ listen: { port: agent.listenAddress?.port ?? 0 } })).rejects.toThrow(/EADDRINUSE/);
    await expect(startAgent({})).rejects.toThrow(/push, listen or both/);
  });
});
