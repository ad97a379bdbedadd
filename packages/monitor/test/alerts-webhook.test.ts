import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { MemoryStore, VirtualClock } from "@cloud-barista/core";
import { AlertEngine, openEmbeddedStore, webhookHandler } from "@cloud-barista/monitor";
import type { AlertEvent } from "@cloud-barista/monitor";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "./support/helpers.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("alert webhook", () => {
  it("delivers firing and resolved events over HTTP, retrying 503s", async () => {
    const received: { event: AlertEvent; auth: string | undefined }[] = [];
    let failuresLeft = 2;
    const server = createServer((request, response) => {
      let body = "";
      request.on("data", (d: Buffer) => (body += d.toString()));
      request.on("end", () => {
        if (failuresLeft-- > 0) return void response.writeHead(503).end();
        received.push({ event: JSON.parse(body) as AlertEvent, auth: request.headers.authorization });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const tmp = tempDir("cb-monitor-webhook-");
    cleanups.push(tmp.remove);
    const metrics = await openEmbeddedStore({ dir: tmp.dir, clock, maintenanceIntervalMs: 0 });
    cleanups.push(() => metrics.close());
    const engine = new AlertEngine({
      store: new MemoryStore({ clock }),
      metrics,
      clock,
      evaluateIntervalMs: 0,
      handlers: [webhookHandler({ url, headers: { authorization: "Bearer hook-secret" }, retries: 3, backoffMs: 10 })],
    });
    cleanups.push(() => engine.close());
    await engine.putRule({
      name: "mem-low",
      target: { namespace: "ns1", name: "db", vm: "g1-1" },
      measurement: "mem",
      field: "available_percent",
      comparison: "<",
      threshold: 10,
      hysteresis: 5,
      windowMs: 1000,
    });
    const feed = async (value: number) => {
      await metrics.write([
        {
          measurement: "mem",
          tags: { ns: "ns1", mcis: "db", subgroup: "g1", vm: "g1-1" },
          fields: { available_percent: value },
          timeNs: BigInt(clock.now() - 500) * 1_000_000n,
        },
      ]);
      await engine.evaluate();
      clock.advance(1000);
    };
    await feed(50);
    await feed(5); // fires at once (no for-duration)
    await feed(12); // above the threshold, inside the hysteresis
    await feed(16); // resolved
    await engine.flush();
    expect(received.map((r) => [r.event.type, r.event.value, r.auth])).toEqual([
      ["firing", 5, "Bearer hook-secret"],
      ["resolved", 16, "Bearer hook-secret"],
    ]);
  });
});
