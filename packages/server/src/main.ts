#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { MemoryStore, createCloudBarista, openSqliteStore } from "@cloud-barista/core";
import type { CloudBarista, CloudDriver, Logger } from "@cloud-barista/core";
import { defaultDriverFactory } from "./drivers.js";
import { tenantsByToken } from "./http/tenancy.js";
import type { TenantEntry } from "./http/tenancy.js";
import { serve } from "./serve.js";

const usage = `usage: cloud-barista-server [--port 1024] [--host 127.0.0.1] [--data DIR] [--emulator]
    [--cors-origin URL]... [--body-limit BYTES]

Tenants come from a JSON file named by CLOUD_BARISTA_SERVER_TENANTS:
  [{"id": "acme", "tokens": ["<at least 16 characters>"], "basic": {"username": "u", "password": "p"}}]
or, as CB-Spider does, from SPIDER_USERNAME and SPIDER_PASSWORD (one tenant, "default", HTTP Basic).
Credentials are sealed with CLOUD_BARISTA_ENCRYPTION_KEY (32 bytes, hex or base64).
--data DIR keeps each tenant's state in DIR/<tenant>.db (SQLite); without it state lives in memory.
--emulator serves MOCK drivers over an in-process emulated world (mockName = world account).`;

/** Log lines as JSON on stderr: the server's own messages, never bodies or secrets. */
const stderrLogger: Logger = {
  debug: () => undefined,
  info: (message, attributes) => process.stderr.write(`${JSON.stringify({ level: "info", message, ...attributes })}\n`),
  warn: (message, attributes) => process.stderr.write(`${JSON.stringify({ level: "warn", message, ...attributes })}\n`),
  error: (message, attributes) =>
    process.stderr.write(`${JSON.stringify({ level: "error", message, ...attributes })}\n`),
};

interface TenantFileEntry {
  id: string;
  tokens?: string[];
  basic?: { username: string; password: string };
}

function tenantEntries(env: NodeJS.ProcessEnv): TenantFileEntry[] {
  const file = env.CLOUD_BARISTA_SERVER_TENANTS;
  if (file) return JSON.parse(readFileSync(file, "utf8")) as TenantFileEntry[];
  if (env.SPIDER_USERNAME && env.SPIDER_PASSWORD) {
    return [{ id: "default", basic: { username: env.SPIDER_USERNAME, password: env.SPIDER_PASSWORD } }];
  }
  throw new Error("no tenants: set CLOUD_BARISTA_SERVER_TENANTS or SPIDER_USERNAME and SPIDER_PASSWORD");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "1024" },
      host: { type: "string", default: "127.0.0.1" },
      data: { type: "string" },
      emulator: { type: "boolean", default: false },
      "cors-origin": { type: "string", multiple: true },
      "body-limit": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port: ${values.port} is not a port`);
  const bodyLimit = values["body-limit"] === undefined ? undefined : Number(values["body-limit"]);
  if (bodyLimit !== undefined && !(Number.isInteger(bodyLimit) && bodyLimit > 0)) {
    throw new Error("--body-limit: give a positive number of bytes");
  }

  const baristas: CloudBarista[] = [];
  const entries: TenantEntry[] = [];
  if (values.data) await mkdir(values.data, { recursive: true });
  for (const entry of tenantEntries(process.env)) {
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,62}$/.test(entry.id)) throw new Error(`tenant id "${entry.id}" is not a name`);
    const store = values.data
      ? await openSqliteStore({ path: join(values.data, `${entry.id}.db`) })
      : new MemoryStore();
    const barista = createCloudBarista({ store, logger: stderrLogger });
    baristas.push(barista);
    entries.push({
      id: entry.id,
      barista,
      ...(entry.tokens && { tokens: entry.tokens }),
      ...(entry.basic && { basic: entry.basic }),
    });
  }

  let mock: (() => CloudDriver) | undefined;
  if (values.emulator) {
    const { World } = await import("@cloud-barista/emulator");
    const { createMockDriver } = await import("@cloud-barista/driver-mock");
    const world = new World({});
    mock = () => createMockDriver({ world });
  }

  const server = await serve({
    tenants: tenantsByToken(entries),
    port,
    host: values.host,
    logger: stderrLogger,
    drivers: defaultDriverFactory(mock ? { mock } : {}),
    ...(values["cors-origin"] && { cors: { origins: values["cors-origin"] } }),
    ...(bodyLimit !== undefined && { bodyLimitBytes: bodyLimit }),
  });
  process.stdout.write(`cloud-barista server listening on ${server.url} (OpenAPI: ${server.url}/openapi.json)\n`);
  const stop = (): void => {
    void (async () => {
      await server.close();
      for (const barista of baristas) {
        await barista.close();
        await barista.store.close();
      }
      process.exit(0);
    })();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`cloud-barista-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
