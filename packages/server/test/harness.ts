import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, createCloudBarista } from "@cloud-barista/core";
import type { CloudBarista, LogAttributes, Logger } from "@cloud-barista/core";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { World, frontFor } from "@cloud-barista/emulator";
import type { StartedFront } from "@cloud-barista/emulator";
import { serve, tenantsByToken } from "@cloud-barista/server";
import type { RunningServer } from "@cloud-barista/server";

/** Every line the server logged, as text, to search for secrets. */
export class CapturingLogger implements Logger {
  readonly lines: string[] = [];
  #log = (level: string) => (message: string, attributes?: LogAttributes) =>
    void this.lines.push(`${level} ${message} ${JSON.stringify(attributes ?? {})}`);
  debug = this.#log("debug");
  info = this.#log("info");
  warn = this.#log("warn");
  error = this.#log("error");
}

export interface Harness {
  server: RunningServer;
  front: StartedFront;
  world: World;
  clock: VirtualClock;
  logger: CapturingLogger;
  tenants: { a: CloudBarista; b: CloudBarista };
  tokens: { a: string; b: string };
  /** A JSON request to the server over HTTP as tenant `as`; answers status and parsed body. */
  call: (
    as: "a" | "b" | "none",
    method: string,
    path: string,
    body?: unknown,
  ) => Promise<{ status: number; body: Record<string, unknown> & { message?: string; field?: string; code?: string } }>;
  close(): Promise<void>;
}

/**
 * The server on a loopback port with two tenants, each with its own SDK instance (memory store,
 * own encryption key), whose MOCK drivers reach the emulator's mock front over HTTP; one virtual
 * clock for the world and both instances (VM boots cost no real time).
 */
export async function startHarness(): Promise<Harness> {
  const clock = new VirtualClock();
  const world = new World({ clock, timing: { jitterRatio: 0 } });
  const front = await (await frontFor("MOCK")).start(world, { account: "acme" });
  const baristaOf = () =>
    createCloudBarista({ store: new MemoryStore({ clock }), clock, encryptionKey: randomBytes(32) });
  const tenants = { a: baristaOf(), b: baristaOf() };
  const tokens = { a: `token-a-${randomBytes(12).toString("hex")}`, b: `token-b-${randomBytes(12).toString("hex")}` };
  const logger = new CapturingLogger();
  const server = await serve({
    port: 0,
    logger,
    validateResponses: true,
    tenants: tenantsByToken([
      { id: "a", barista: tenants.a, tokens: [tokens.a], basic: { username: "spider", password: "spider-pass-a" } },
      { id: "b", barista: tenants.b, tokens: [tokens.b] },
    ]),
    drivers: async (provider) => {
      if (provider !== "MOCK") throw new Error(`no ${provider} driver in these tests`);
      return createMockDriver({ endpoint: front.endpoint });
    },
  });
  const call: Harness["call"] = async (as, method, path, body) => {
    const headers: Record<string, string> = {};
    if (as !== "none") headers.authorization = `Bearer ${tokens[as]}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers,
      ...(body !== undefined && { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  return {
    server,
    front,
    world,
    clock,
    logger,
    tenants,
    tokens,
    call,
    close: async () => {
      await server.close();
      for (const barista of Object.values(tenants)) {
        await barista.close();
        await barista.store.close();
      }
      await front.close();
    },
  };
}

/** Registers driver, credential, region and connection config over REST, as Spider's helper scripts do. */
export async function registerMockConnection(h: Harness, as: "a" | "b", name: string): Promise<void> {
  const steps: [string, unknown][] = [
    ["/spider/driver", { DriverName: "mock-driver", ProviderName: "MOCK", DriverLibFileName: "mock-driver-v1.0.so" }],
    [
      "/spider/credential",
      {
        CredentialName: `${name}-cred`,
        ProviderName: "MOCK",
        KeyValueInfoList: [{ Key: "MockName", Value: h.front.account }],
      },
    ],
    [
      "/spider/region",
      {
        RegionName: `${name}-region`,
        ProviderName: "MOCK",
        KeyValueInfoList: [
          { Key: "Region", Value: h.front.region },
          { Key: "Zone", Value: h.front.zone ?? "" },
        ],
      },
    ],
    [
      "/spider/connectionconfig",
      {
        ConfigName: name,
        ProviderName: "MOCK",
        DriverName: "mock-driver",
        CredentialName: `${name}-cred`,
        RegionName: `${name}-region`,
      },
    ],
  ];
  for (const [path, body] of steps) {
    const answer = await h.call(as, "POST", path, body);
    // The driver may already be there from an earlier connection.
    if (answer.status === 409 && path === "/spider/driver") continue;
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}
