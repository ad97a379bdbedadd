import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PointBuffer, Pusher, metricCatalog, startAgent } from "../src/index.js";
import type { LogFn } from "../src/index.js";
import { freePort, startWriteServer, until } from "./write-server.js";
import type { WriteServer } from "./write-server.js";

const lines = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `m,src=${prefix} v=${i}i ${i}`);

describe("push to a real HTTP write endpoint", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const server = async (port?: number): Promise<WriteServer> => {
    const s = await startWriteServer(port);
    cleanups.push(() => s.close());
    return s;
  };
  const logs: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const log: LogFn = (level, message, fields) => logs.push({ level, message, ...(fields ? { fields } : {}) });
  const pusher = (
    buffer: PointBuffer,
    url: string,
    extra: Partial<ConstructorParameters<typeof Pusher>[1]> = {},
  ): Pusher => {
    const p = new Pusher(buffer, { url, retryInitialMs: 10, retryMaxMs: 50, ...extra }, log);
    p.start();
    cleanups.push(() => p.stop(0));
    return p;
  };
  afterEach(() => {
    logs.length = 0;
  });

  it("pushes real samples as gzip line protocol with the token, and stop() leaves nothing behind", async () => {
    const s = await server();
    const agent = await startAgent({
      intervalMs: 200,
      push: { url: s.url, db: "mon", token: "push-token" },
      identity: { ns: "ns1", vm: "vm-1", host: "host-1" },
      log,
    });
    await until(() => s.acknowledged().some((l) => l.startsWith("cpu,")), 10_000, "a cpu line");
    const stats = await agent.stop();

    const request = s.requests[0];
    expect(request?.url.pathname).toBe("/write");
    expect(Object.fromEntries(request?.url.searchParams ?? [])).toEqual({ db: "mon", precision: "ms" });
    expect(request?.headers.authorization).toBe("Bearer push-token");
    expect(request?.headers["content-encoding"]).toBe("gzip");
    const received = s.acknowledged();
    for (const line of received) {
      const measurement = line.slice(0, line.indexOf(","));
      expect(Object.keys(metricCatalog)).toContain(measurement);
      expect(line).toMatch(/,host=host-1,.*ns=ns1.*,vm=vm-1 /);
      const time = Number(line.slice(line.lastIndexOf(" ") + 1));
      expect(Math.abs(time - Date.now())).toBeLessThan(60_000);
    }
    expect(stats).toMatchObject({ buffered: 0, dropped: 0, push: { sent: received.length, rejected: 0, retries: 0 } });
    expect(JSON.stringify(logs)).not.toContain("push-token");
  });

  it("counts the dropped part of a 400 partial write, keeps the rest as sent, never retries it, logs once", async () => {
    const s = await server();
    s.reply = () => ({
      status: 400,
      body: JSON.stringify({ error: 'partial write: unable to parse "bad": invalid field format dropped=1' }),
    });
    const buffer = await PointBuffer.open({ capacity: 100 });
    buffer.add([...lines("a", 3), "bad"]);
    const p = pusher(buffer, s.url);
    p.notify();
    await until(() => p.stats().rejected === 1, 5000, "the rejection");
    buffer.add([...lines("b", 2), "bad"]);
    p.notify();
    await until(() => p.stats().rejected === 2, 5000, "the second rejection");
    expect(p.stats()).toMatchObject({ sent: 5, rejected: 2, retries: 0 });
    expect(p.stats().lastError).toContain("partial write");
    expect(buffer.size).toBe(0);
    expect(s.requests).toHaveLength(2);
    expect(logs.filter((l) => l.message.startsWith("push refused"))).toHaveLength(1);
  });

  it("drops a whole batch the receiver refuses for good (401) and keeps going", async () => {
    const s = await server();
    s.reply = ({ index }) =>
      index === 0 ? { status: 401, body: '{"error":"authorization failed"}' } : { status: 204 };
    const buffer = await PointBuffer.open({ capacity: 100 });
    buffer.add(lines("a", 4));
    const p = pusher(buffer, s.url, { token: "nope" });
    p.notify();
    await until(() => p.stats().rejected === 4, 5000, "the rejection");
    buffer.add(lines("b", 2));
    p.notify();
    await until(() => p.stats().sent === 2, 5000, "the next batch");
    expect(s.acknowledged()).toEqual(lines("b", 2));
    expect(JSON.stringify(logs)).not.toContain("nope");
  });

  it("retries 503, 429 and 500 with backoff until acknowledged, delivering each line once and in order", async () => {
    const s = await server();
    const answers = [503, 429, 500];
    s.reply = ({ index }) => {
      const headers: Record<string, string> = index === 1 ? { "Retry-After": "0" } : {};
      return { status: answers[index] ?? 204, headers };
    };
    const buffer = await PointBuffer.open({ capacity: 100 });
    buffer.add(lines("a", 3));
    buffer.add(lines("b", 3));
    const p = pusher(buffer, s.url, { batchPoints: 4 });
    p.notify();
    await until(() => p.stats().sent === 6, 5000, "delivery");
    expect(s.acknowledged()).toEqual([...lines("a", 3), ...lines("b", 3)]);
    expect(p.stats()).toMatchObject({ sent: 6, rejected: 0, retries: 3 });
    expect(p.stats().lastError).toBeUndefined();
    expect(s.requests.map((r) => r.lines.length)).toEqual([3, 3, 3, 3, 3]); // batches of whole chunks
    expect(logs.map((l) => l.message)).toEqual(["push failed, retrying with backoff", "push resumed"]);
  });

  it("while the receiver is down (connection refused), keeps everything up to the buffer size, then drops the oldest, counted", async () => {
    const port = await freePort();
    const buffer = await PointBuffer.open({ capacity: 10 });
    const p = pusher(buffer, `http://127.0.0.1:${port}`);
    buffer.add(lines("a", 4));
    p.notify();
    await until(() => p.stats().retries >= 2, 5000, "retries");
    expect(p.stats().lastError).toMatch(/ECONNREFUSED/);
    buffer.add(lines("b", 4));
    expect([buffer.size, buffer.dropped]).toEqual([8, 0]);
    buffer.add(lines("c", 4));
    expect([buffer.size, buffer.dropped]).toEqual([10, 2]);

    const s = await server(port); // the receiver comes back
    await until(() => buffer.size === 0, 5000, "the buffer to drain");
    // What overflow dropped is the oldest: a0 and a1, unless the batch holding them was already on
    // its way when they were dropped and then arrived (then they count as sent, not dropped).
    const all = [...lines("a", 4), ...lines("b", 4), ...lines("c", 4)];
    expect(s.acknowledged()).toEqual(all.slice(buffer.dropped));
    expect(p.stats().sent + buffer.dropped).toBe(12);
    expect([0, 2]).toContain(buffer.dropped);
  });

  it("retries a receiver that never answers after the request timeout, and stop() cuts the request short", async () => {
    const s = await server();
    s.reply = () => ({ status: 0 });
    const buffer = await PointBuffer.open({ capacity: 100 });
    buffer.add(lines("a", 3));
    const quick = pusher(buffer, s.url, { timeoutMs: 100 });
    quick.notify();
    await until(() => quick.stats().retries >= 2, 5000, "retries after timeouts");
    expect(quick.stats().lastError).toMatch(/no answer within 100 ms/);
    await quick.stop(0);

    const slow = new Pusher(buffer, { url: s.url, timeoutMs: 600_000 }, log);
    slow.start();
    await until(() => s.requests.length >= 3, 5000, "the slow request");
    await slow.stop(100); // would hang for the 10-minute request timeout without the cut
    expect(slow.stats()).toMatchObject({ sent: 0, retries: 1 });
    expect(buffer.size).toBe(3); // still there for the next run
  });

  it("keeps the spool across an agent restart and delivers it after, then clears it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cb-agent-push-spool-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const spoolDir = join(dir, "spool");
    const port = await freePort();
    const down = await startAgent({
      intervalMs: 200,
      push: { url: `http://127.0.0.1:${port}`, retryInitialMs: 20, retryMaxMs: 50 },
      spoolDir,
      flushTimeoutMs: 100,
      identity: { vm: "first-run" },
      log,
    });
    await until(() => down.stats().samples >= 3, 10_000, "three samples");
    const stopped = await down.stop();
    expect(stopped.buffered).toBeGreaterThan(0);
    const spooled: string[] = [];
    for (const name of (await readdir(spoolDir)).sort())
      spooled.push(...(await readFile(join(spoolDir, name), "utf8")).split("\n").filter((l) => l !== ""));
    expect(spooled).toHaveLength(stopped.buffered);

    const s = await server(port);
    const up = await startAgent({
      intervalMs: 200,
      push: { url: s.url },
      spoolDir,
      identity: { vm: "second-run" },
      log,
    });
    await until(() => s.acknowledged().some((l) => l.includes("vm=second-run")), 10_000, "the second run's data");
    await up.stop();
    const acknowledged = s.acknowledged();
    expect(acknowledged.slice(0, spooled.length)).toEqual(spooled); // the first run's data first, all of it
    expect(spooled.every((l) => l.includes("vm=first-run"))).toBe(true);
    expect((await readdir(spoolDir)).filter((n) => n.endsWith(".lp"))).toEqual([]);
    expect(logs.some((l) => l.message === "spooled points from an earlier run")).toBe(true);
  });
});
