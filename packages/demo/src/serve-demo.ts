import { randomBytes } from "node:crypto";
import { MemoryStore, createCloudBarista, scaledClock } from "@cloud-barista/core";
import { listFronts } from "@cloud-barista/emulator";
import { startEmulator } from "@cloud-barista/emulator/server";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { serve, tenantsByToken } from "@cloud-barista/server";
import { addEmulatedClouds, demoAccounts, hasDemoDriver } from "./emulated-clouds.js";

// `npm run demo -- --serve`: the server over the emulator, for a look at the map page. One tenant
// with a random token; the mock cloud in five regions plus every emulated cloud the demo has a
// driver for; an MCIS started through the API so the page shows VMs booting.

const mockRegions = ["seoul", "virginia", "frankfurt", "tokyo", "saopaulo"];

export interface ServeDemoOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Emulated time runs this many times faster (default 10: a VM boots in about 4 s). */
  timeScale?: number;
  /** Also serve the emulated AWS, Azure, GCP, ... fronts and connect to them (default true). */
  fronts?: boolean;
}

export interface ServeDemo {
  url: string;
  pageUrl: string;
  /** The demo tenant's API token, to paste into the page. */
  token: string;
  /** The operation of the MCIS the demo started. */
  operationId: string;
  close(): Promise<void>;
}

export async function startServeDemo(options: ServeDemoOptions = {}): Promise<ServeDemo> {
  const clock = scaledClock(options.timeScale ?? 10);
  const emulator = await startEmulator({
    clock,
    ...demoAccounts,
    fronts: options.fronts === false ? [] : (await listFronts()).filter(hasDemoDriver).map((f) => f.name),
  });
  const barista = createCloudBarista({ store: new MemoryStore({ clock }), clock, encryptionKey: randomBytes(32) });
  const token = randomBytes(18).toString("base64url");
  try {
    barista.drivers.register(createMockDriver({ world: emulator.world }));
    await barista.credentials.add({ name: "demo-cred", provider: "MOCK", values: { mockName: "demo-tenant" } });
    for (const name of mockRegions) {
      await barista.regions.add({ name, provider: "MOCK", region: `mock-${name}`, zone: `mock-${name}-a` });
      await barista.connections.add({ name, driver: "mock", credential: "demo-cred", region: name });
    }
    await addEmulatedClouds(barista, Object.values(emulator.fronts));
    const server = await serve({
      port: options.port ?? 0,
      tenants: tenantsByToken([{ id: "demo", barista, tokens: [token] }]),
      mcis: { service: { statusPollMs: 2_000 } },
    });
    // An MCIS over three regions, through the API as any client would make it.
    const response = await fetch(`${server.url}/tumblebug/ns/default/mcisDynamic`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        name: "fleet",
        vm: ["seoul", "frankfurt", "virginia"].map((connection) => ({
          subGroupSize: "2",
          commonSpec: `${connection}+small`,
          commonImage: "ubuntu",
        })),
      }),
    });
    const started = (await response.json()) as { operationId?: string; message?: string };
    if (response.status !== 202 || !started.operationId) {
      await server.close();
      throw new Error(`starting the demo MCIS failed: ${response.status} ${started.message ?? ""}`);
    }
    return {
      url: server.url,
      pageUrl: `${server.url}/web/`,
      token,
      operationId: started.operationId,
      close: async () => {
        await server.close();
        await barista.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await barista.close();
    await emulator.close();
    throw error;
  }
}

/** Runs the served demo until Ctrl-C. */
export async function serveDemo(argv: readonly string[]): Promise<void> {
  const at = argv.indexOf("--port");
  const port = at >= 0 ? Number(argv[at + 1]) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error("--port: give a port number");
  const demo = await startServeDemo({ port });
  console.log(
    [
      "Cloud-Barista server over the emulator (emulated time runs 10x)",
      `  page:    ${demo.pageUrl}`,
      `  token:   ${demo.token}   (paste it into the page; this run's only)`,
      `  OpenAPI: ${demo.url}/openapi.json`,
      `An MCIS "fleet" of 6 VMs is booting in namespace "default" (operation ${demo.operationId}).`,
      "Ctrl-C stops the server and the emulator.",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await demo.close();
}
