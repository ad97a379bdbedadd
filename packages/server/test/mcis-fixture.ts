import { randomBytes } from "node:crypto";
import { MemoryStore, createCloudBarista, scaledClock } from "@cloud-barista/core";
import type { CloudBarista } from "@cloud-barista/core";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { World } from "@cloud-barista/emulator";
import { serve } from "../src/serve.js";
import { tenantsByToken } from "../src/http/tenancy.js";
import type { McisRoutesOptions } from "../src/mcis/routes.js";

/** Connections every tenant gets: three regions of the emulator's mock cloud, with real coordinates. */
export const mockConnections = [
  { name: "seoul", region: "mock-seoul", zone: "mock-seoul-a" },
  { name: "frankfurt", region: "mock-frankfurt", zone: "mock-frankfurt-a" },
  { name: "virginia", region: "mock-virginia", zone: "mock-virginia-a" },
];

export interface McisServer {
  url: string;
  /** Bearer token per tenant id. */
  tokens: Record<string, string>;
  baristas: Record<string, CloudBarista>;
  /** fetch with a tenant's token; JSON bodies are sent as JSON. */
  call(tenant: string, path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * A server on a free loopback port whose tenants each have their own SDK instance over one emulated
 * world (each its own mock account), on an emulator clock running `timeScale` times faster.
 */
export async function startMcisServer(
  options: { tenants?: string[]; timeScale?: number; mcis?: McisRoutesOptions } = {},
): Promise<McisServer> {
  const clock = scaledClock(options.timeScale ?? 200);
  const world = new World({ clock, latency: { baseMs: 0, jitterMs: 0 } });
  const tokens: Record<string, string> = {};
  const baristas: Record<string, CloudBarista> = {};
  for (const id of options.tenants ?? ["acme", "globex"]) {
    const barista = createCloudBarista({ store: new MemoryStore(), clock, encryptionKey: randomBytes(32) });
    barista.drivers.register(createMockDriver({ world }));
    await barista.credentials.add({ name: "mock-cred", provider: "MOCK", values: { mockName: id } });
    for (const c of mockConnections) {
      await barista.regions.add({ name: c.name, provider: "MOCK", region: c.region, zone: c.zone });
      await barista.connections.add({ name: c.name, driver: "mock", credential: "mock-cred", region: c.name });
    }
    baristas[id] = barista;
    tokens[id] = `token-${id}-${randomBytes(12).toString("hex")}`;
  }
  const server = await serve({
    port: 0,
    tenants: tenantsByToken(
      Object.keys(baristas).map((id) => ({
        id,
        barista: baristas[id] as CloudBarista,
        tokens: [tokens[id] as string],
      })),
    ),
    mcis: { service: { statusPollMs: 1_000 }, ...options.mcis },
    // Every 200 JSON answer is checked against its route's schema (a mismatch is a 500).
    validateResponses: true,
  });
  return {
    url: server.url,
    tokens,
    baristas,
    call: (tenant, path, init = {}) =>
      fetch(`${server.url}${path}`, {
        method: init.method ?? "GET",
        headers: {
          authorization: `Bearer ${tokens[tenant] ?? "unknown-token-000000"}`,
          ...(init.body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      }),
    close: async () => {
      await server.close();
      for (const barista of Object.values(baristas)) await barista.close();
    },
  };
}

/** Reads a Server-Sent Events response to its end: each event's name and parsed data. */
export async function readEvents(
  response: Response,
  until: (event: { event: string; data: unknown }) => boolean = () => false,
): Promise<{ event: string; data: unknown }[]> {
  if (!response.body) throw new Error("no body");
  const events: { event: string; data: unknown }[] = [];
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return events;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      if (data.length === 0) continue;
      const parsed = { event, data: JSON.parse(data.join("\n")) as unknown };
      events.push(parsed);
      if (until(parsed)) {
        await reader.cancel();
        return events;
      }
    }
  }
}
