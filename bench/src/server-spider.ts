import { randomBytes } from "node:crypto";
import { systemClock } from "@cloud-barista/core";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { emulatedConnection, vmBasics, vmRequest, withNetwork } from "@cloud-barista/emulator/testing";
import { createServerApp, serve, tenantsByToken } from "@cloud-barista/server";
import { report } from "./report.js";
import { measurePaired, pairedSettings } from "./overhead/paired.js";
import type { PairedCase } from "./overhead/paired.js";

/**
 * `server-spider`: CB-Spider's `GET /spider/vm/{name}?ConnectionName=` through the server against the
 * same `connection.vm.get` through the library, in one process. The cloud is driver-mock calling the
 * emulator's world in-process (no HTTP to a cloud), so what both sides share costs microseconds and
 * the difference is the server: routing, the tenant lookup, query validation, the Spider mapping,
 * JSON, and (over loopback) node:http and fetch. Then again with the world answering each call after
 * 20 ms, as a near cloud region does, to show the server's cost beside a real call's.
 */
export async function serverSpiderBench(): Promise<void> {
  // Real time, so the world's latency is real; VMs boot at once.
  const f = await emulatedConnection({
    provider: "MOCK",
    driver: (world) => createMockDriver({ world }),
    names: { connection: "bench" },
    clock: systemClock,
    world: { timing: { vmBootMs: 0 } },
  });
  const zone = f.front.zone ?? "";
  await withNetwork(f, [zone]);
  await f.conn.vm.create(vmRequest("vm-1", await vmBasics(f), `web-${zone.slice(-1)}`));

  const token = randomBytes(24).toString("hex");
  const options = { tenants: tenantsByToken([{ id: "bench", barista: f.barista, tokens: [token] }]) };
  const app = createServerApp(options);
  const server = await serve({ ...options, port: 0 });
  const path = `/spider/vm/vm-1?ConnectionName=${f.connectionName}`;
  const headers = { authorization: `Bearer ${token}` };
  const library = () => f.conn.vm.get("vm-1");
  const check = async (response: Response): Promise<unknown> => {
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const cases: PairedCase[] = [
    {
      metric: "get-vm.in-process",
      note: "app.fetch(Request) vs connection.vm.get, same process",
      calls: 1,
      runtime: async () => check(await app.fetch(new Request(`http://bench${path}`, { headers }))),
      raw: library,
    },
    {
      metric: "get-vm.loopback",
      note: "fetch over loopback HTTP (keep-alive) to serve() vs connection.vm.get",
      calls: 1,
      runtime: async () => check(await fetch(`${server.url}${path}`, { headers })),
      raw: library,
    },
  ];
  try {
    for (const latencyMs of [0, 20]) {
      f.world.latency.baseMs = latencyMs;
      for (const c of cases) {
        // measurePaired prints the overhead line (goal: at most 1.05x the library, as the drivers' benches).
        const line = await measurePaired("server-spider", c, pairedSettings(latencyMs), latencyMs);
        report({
          bench: "server-spider",
          metric: `${c.metric}.requests-per-s@${latencyMs}ms`,
          value: Math.round(1e6 / line.value),
          unit: "req/s",
          baseline: Math.round(1e6 / line.baseline),
          ratio: Math.round((line.baseline / line.value) * 100) / 100,
        });
      }
    }
  } finally {
    await server.close();
    await f.close();
  }
}
