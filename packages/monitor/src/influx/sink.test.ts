import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { isBaristaError } from "@cloud-barista/core";
import { afterEach, describe, expect, it } from "vitest";
import type { MetricPoint } from "../model/point.js";
import { influxSink } from "./sink.js";

interface Received {
  url: URL;
  headers: IncomingMessage["headers"];
  body: string;
}

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A loopback HTTP server speaking InfluxDB's /write answers as `answer` decides (protocol-level failures). */
async function server(
  answer: (r: Received, response: ServerResponse) => void,
): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  const s = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      const raw = Buffer.concat(chunks);
      const body = request.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
      const r = { url: new URL(request.url ?? "/", "http://x"), headers: request.headers, body: body.toString() };
      got.push(r);
      answer(r, response);
    });
  });
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, got };
}

const point = (n: number): MetricPoint => ({
  measurement: "mem",
  tags: { vm: "vm 1", ns: "ns1" },
  fields: { total: BigInt(n), used_percent: 12.5 },
  timeNs: BigInt(n) * 1_000_000_000n + 123n,
});

describe("influxSink", () => {
  it("forwards a plain /write body as it came when its precision is the sink's, else as parsed points", async () => {
    const influx = await server((_r, response) => response.writeHead(204).end());
    const ns = influxSink({ url: influx.url, db: "cb", gzip: false });
    const ms = influxSink({ url: influx.url, db: "cb", precision: "ms", gzip: false });
    cleanups.push(
      () => ns.close(),
      () => ms.close(),
    );
    const body = Buffer.from(
      "cpu,vm=a usage_user=1.5,n=3i 1700000000123456789\ncpu,vm=b usage_user=2 1700000000123456789",
    );
    expect(await ns.writeLineProtocol({ body, nanosPerUnit: 1n, points: 2, samples: 3 })).toEqual({
      samples: 3,
      skippedFields: 0,
    });
    await ns.flush();
    expect(influx.got.at(-1)?.body).toBe(`${body.toString()}\n`); // not reformatted
    expect(influx.got.at(-1)?.url.searchParams.get("precision")).toBe("ns");
    await ms.writeLineProtocol({ body, nanosPerUnit: 1n, points: 2, samples: 3 });
    await ms.flush();
    expect(influx.got.at(-1)?.body).toBe(
      "cpu,vm=a usage_user=1.5,n=3i 1700000000123\ncpu,vm=b usage_user=2 1700000000123\n",
    );
    expect(ns.stats().sentPoints + ms.stats().sentPoints).toBe(4);
  });

  it("retries 5xx with backoff, then sends gzip line protocol with the database, policy, precision and Basic auth", async () => {
    let calls = 0;
    const influx = await server((_r, response) => {
      calls++;
      response.writeHead(calls <= 2 ? 503 : 204).end(calls <= 2 ? '{"error":"busy"}' : undefined);
    });
    const sink = influxSink({
      url: influx.url,
      db: "cb",
      retentionPolicy: "week",
      precision: "ms",
      username: "writer",
      password: "s3cret-pass",
      mode: "acknowledge",
      flushIntervalMs: 5,
      baseDelayMs: 5,
    });
    cleanups.push(() => sink.close());
    await expect(sink.write([point(7)])).resolves.toEqual({ samples: 2, skippedFields: 0 });
    expect(sink.stats()).toMatchObject({ retries: 2, sentPoints: 1, sentBatches: 1, failedPoints: 0 });
    const last = influx.got.at(-1) as Received;
    expect(Object.fromEntries(last.url.searchParams)).toEqual({ db: "cb", rp: "week", precision: "ms" });
    expect(last.url.pathname).toBe("/write");
    expect(last.headers["content-encoding"]).toBe("gzip");
    expect(last.headers.authorization).toBe(`Basic ${Buffer.from("writer:s3cret-pass").toString("base64")}`);
    expect(last.body).toBe("mem,ns=ns1,vm=vm\\ 1 total=7i,used_percent=12.5 7000\n");
  });

  it("fails at once with a typed error on 4xx, without the password in it", async () => {
    const influx = await server((_r, response) =>
      response.writeHead(400).end('{"error":"partial write: field type conflict dropped=1"}'),
    );
    const sink = influxSink({
      url: influx.url,
      db: "cb",
      username: "u",
      password: "s3cret-pass",
      mode: "acknowledge",
      flushIntervalMs: 5,
    });
    cleanups.push(() => sink.close());
    const error: unknown = await sink.write([point(1)]).catch((e: unknown) => e);
    expect(isBaristaError(error, "InvalidArgument")).toBe(true);
    expect((error as Error).message).toContain("field type conflict");
    expect((error as Error).message).not.toContain("s3cret");
    expect(influx.got).toHaveLength(1);
    expect(sink.stats()).toMatchObject({ failedPoints: 1, retries: 0 });
  });

  it("gives up on network errors after maxAttempts with a retryable ProviderError", async () => {
    const influx = await server((_r, response) => response.writeHead(204).end());
    const port = new URL(influx.url).port;
    await cleanups.pop()?.(); // close the server: the port refuses connections now
    const sink = influxSink({
      url: `http://127.0.0.1:${port}`,
      db: "cb",
      mode: "acknowledge",
      maxAttempts: 3,
      baseDelayMs: 1,
      flushIntervalMs: 5,
    });
    cleanups.push(() => sink.close());
    const error: unknown = await sink.write([point(1)]).catch((e: unknown) => e);
    expect(isBaristaError(error, "ProviderError")).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(true);
    expect(sink.stats().retries).toBe(2);
  });

  it("forward mode: a full queue drops the oldest points and counts them; acknowledge mode throttles instead", async () => {
    const held: ServerResponse[] = [];
    const influx = await server((_r, response) => held.push(response));
    const sink = influxSink({ url: influx.url, db: "cb", maxQueuedPoints: 2, batchPoints: 1, flushIntervalMs: 5 });
    cleanups.push(() => sink.close({ timeoutMs: 100 }));
    await sink.write([point(1)]);
    await expect.poll(() => held.length).toBe(1); // point 1 is in flight
    await sink.write([point(2)]);
    await sink.write([point(3)]);
    await sink.write([point(4)]); // the queue holds 2: point 2 goes
    expect(sink.stats()).toMatchObject({ droppedPoints: 1, queuedPoints: 2 });
    for (let sent = 1; sent <= 3; sent++) {
      await expect.poll(() => held.length).toBe(sent);
      held[sent - 1]?.writeHead(204).end();
    }
    await sink.flush();
    expect(influx.got.map((r) => /total=(\d+)i/.exec(r.body)?.[1])).toEqual(["1", "3", "4"]);
    expect(sink.stats()).toMatchObject({ sentPoints: 3, droppedPoints: 1, queuedPoints: 0 });

    const strict = influxSink({
      url: influx.url,
      db: "cb",
      mode: "acknowledge",
      maxQueuedPoints: 1,
      flushIntervalMs: 1000,
    });
    cleanups.push(() => strict.close({ timeoutMs: 100 }));
    const first = strict.write([point(5)]).catch(() => undefined);
    const error: unknown = await strict.write([point(6)]).catch((e: unknown) => e);
    expect(isBaristaError(error, "Throttled")).toBe(true);
    void first;
  });

  it("checks its options, naming the field", () => {
    expect(() => influxSink({ url: "http://u:p@host:8086", db: "x" })).toThrow(/url/);
    expect(() => influxSink({ url: "http://host:8086", db: "" })).toThrow(/db/);
    expect(() => influxSink({ url: "http://host:8086", db: "x", batchPoints: 0 })).toThrow(/batchPoints/);
    expect(() => influxSink({ url: "http://host:8086", db: "x", username: "u" })).toThrow(/password/);
  });
});
