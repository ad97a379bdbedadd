import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createCloudBarista } from "../src/runtime/cloud-barista.js";
import { MemoryStore } from "../src/store/memory-store.js";
import { openSqliteStore } from "../src/store/sqlite-store.js";
import { collect } from "../src/util/paginate.js";
import type { LogAttributes, Logger } from "../src/util/logger.js";
import { createLeakyDriver } from "./fake-driver.js";

const sentinel = "SENTINEL-7f3a9c2e51d04b8e";

function capturingLogger(lines: string[]): Logger {
  const log = (level: string) => (message: string, attributes?: LogAttributes) => {
    lines.push(`${level} ${message} ${JSON.stringify(attributes ?? {})}`);
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

describe("credentials never leak", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps a credential out of the store file, reads, logs, call history and errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-secrets-"));
    dirs.push(dir);
    const store = await openSqliteStore({ path: join(dir, "meta.db") });
    const lines: string[] = [];
    const cb = createCloudBarista({ store, logger: capturingLogger(lines), encryptionKey: randomBytes(32) });
    const driver = createLeakyDriver();
    cb.drivers.register(driver, { name: "leaky" });
    await cb.credentials.add({ name: "leaky-cred", provider: "MOCK", values: { apiKey: sentinel } });
    await cb.regions.add({ name: "leaky-region", provider: "MOCK", region: "r1" });
    await cb.connections.add({ name: "leaky", driver: "leaky", credential: "leaky-cred", region: "leaky-region" });

    // Reads describe the credential without its values.
    expect(await cb.credentials.get("leaky-cred")).toMatchObject({ name: "leaky-cred", keys: ["apiKey"] });
    expect(JSON.stringify(await cb.credentials.list())).not.toContain(sentinel);

    const conn = await cb.connection("leaky");
    const error = await conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toMatchObject({ code: "Unauthenticated" });
    expect(error?.message).toContain("[REDACTED]");
    expect(error?.message).not.toContain(sentinel);
    // The driver did receive the real value: redaction happens on the way out only.
    expect(driver.connections[0]?.credential.apiKey).toBe(sentinel);

    const history = await cb.history.query({});
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      api: "CreateNetwork",
      provider: "MOCK",
      requestId: "req-1",
      error: { code: "Unauthenticated" },
    });
    expect(JSON.stringify(history)).not.toContain(sentinel);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain(sentinel);

    await cb.close();
    await store.close();
    for (const file of readdirSync(dir)) {
      expect(readFileSync(join(dir, file)).includes(sentinel), `${file} holds the secret`).toBe(false);
    }
  });

  it("keeps a credential out of every surface of an error: message, stack, cause chain, inspect and JSON", async () => {
    const cb = createCloudBarista({ store: new MemoryStore(), encryptionKey: randomBytes(32) });
    cb.drivers.register(createLeakyDriver(), { name: "leaky" });
    await cb.credentials.add({ name: "c", provider: "MOCK", values: { apiKey: sentinel } });
    await cb.regions.add({ name: "r", provider: "MOCK", region: "r1" });
    await cb.connections.add({ name: "x", driver: "leaky", credential: "c", region: "r" });
    const conn = await cb.connection("x");
    await conn.vpc.register({ name: "net", systemId: "vpc-1" }).catch(() => undefined);
    const failures = [
      await conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] }).catch((e: unknown) => e),
      await conn.vpc.register({ name: "other", systemId: "vpc-2" }).catch((e: unknown) => e),
    ];
    for (const error of failures) {
      expect(error).toBeInstanceOf(Error);
      const chain: unknown[] = [];
      for (let e: unknown = error; e !== undefined; e = (e as Error).cause) chain.push(e);
      // Both the driver's nested error and the vendor error beneath it are still there, scrubbed.
      expect(chain.length, "the cause chain is kept").toBeGreaterThanOrEqual(2);
      expect(inspect(error, { depth: 20, showHidden: true })).not.toContain(sentinel);
      expect(JSON.stringify(chain.map((e) => ({ ...(e as object), message: (e as Error).message })))).not.toContain(
        sentinel,
      );
      for (const e of chain) expect(`${(e as Error).message}\n${(e as Error).stack ?? ""}`).not.toContain(sentinel);
    }
    await cb.close();
  });

  it("keeps a credential out of a driver's own error, thrown outside any native call", async () => {
    const cb = createCloudBarista({ store: new MemoryStore(), encryptionKey: randomBytes(32) });
    cb.drivers.register(createLeakyDriver({ ownErrors: true }), { name: "leaky" });
    await cb.credentials.add({ name: "c", provider: "MOCK", values: { apiKey: sentinel } });
    await cb.regions.add({ name: "r", provider: "MOCK", region: "r1" });
    await cb.connections.add({ name: "x", driver: "leaky", credential: "c", region: "r" });
    const conn = await cb.connection("x");
    // A register reads the id it is given before its operation runs.
    const registered = await conn.vpc.register({ name: "net", systemId: sentinel }).catch((e: unknown) => e);
    expect(registered).toMatchObject({ code: "NotFound", message: 'vpc "[REDACTED]" not found' });
    expect(inspect(registered, { depth: 20, showHidden: true })).not.toContain(sentinel);
    // An operation's own error, thrown inside it but outside a native call.
    await conn.vpc.register({ name: "net", systemId: "vpc-1" });
    const deleted = await conn.vpc.delete("net").catch((e: unknown) => e);
    expect(deleted).toMatchObject({ code: "Unauthenticated", message: "api key [REDACTED] is not allowed to delete" });
    // A listing's own error, thrown by the driver's generator.
    const listed = await collect(conn.vpc.list()).catch((e: unknown) => e);
    expect(listed).toMatchObject({ code: "Unauthenticated", message: "api key [REDACTED] may not list" });
    await cb.close();
  });

  it("keeps a credential out of the error of a connect that fails", async () => {
    const cb = createCloudBarista({ store: new MemoryStore(), encryptionKey: randomBytes(32) });
    const driver = createLeakyDriver();
    cb.drivers.register(
      { ...driver, connect: (info) => Promise.reject(new Error(`bad key ${info.credential.apiKey}`)) },
      {
        name: "leaky",
      },
    );
    await cb.credentials.add({ name: "c", provider: "MOCK", values: { apiKey: sentinel } });
    await cb.regions.add({ name: "r", provider: "MOCK", region: "r1" });
    await cb.connections.add({ name: "x", driver: "leaky", credential: "c", region: "r" });
    const error = await (
      await cb.connection("x")
    ).vpc
      .create({ name: "n", ipv4Cidr: "10.0.0.0/16", subnets: [] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ProviderError" });
    expect(inspect(error, { depth: 20, showHidden: true })).not.toContain(sentinel);
    await cb.close();
  });

  it("refuses to open stored credentials with another key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-secrets-"));
    dirs.push(dir);
    const path = join(dir, "meta.db");
    const store = await openSqliteStore({ path });
    const cb = createCloudBarista({ store, encryptionKey: randomBytes(32) });
    cb.drivers.register(createLeakyDriver(), { name: "leaky" });
    await cb.credentials.add({ name: "c", provider: "MOCK", values: { apiKey: sentinel } });
    await cb.regions.add({ name: "r", provider: "MOCK", region: "r1" });
    await cb.connections.add({ name: "x", driver: "leaky", credential: "c", region: "r" });
    await cb.close();
    await store.close();

    const reopened = await openSqliteStore({ path });
    const other = createCloudBarista({ store: reopened, encryptionKey: randomBytes(32) });
    other.drivers.register(createLeakyDriver(), { name: "leaky" });
    const conn = await other.connection("x");
    await expect(conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] })).rejects.toMatchObject({
      code: "PermissionDenied",
      field: "encryptionKey",
    });
    await other.close();
    await reopened.close();
  });

  it("refuses a tampered stored credential with a typed error, before any call", async () => {
    const store = new MemoryStore();
    const cb = createCloudBarista({ store, encryptionKey: randomBytes(32) });
    const driver = createLeakyDriver();
    cb.drivers.register(driver, { name: "leaky" });
    await cb.credentials.add({ name: "c", provider: "MOCK", values: { apiKey: sentinel } });
    await cb.regions.add({ name: "r", provider: "MOCK", region: "r1" });
    await cb.connections.add({ name: "x", driver: "leaky", credential: "c", region: "r" });
    const key = "config/credential/c";
    const stored = JSON.parse((await store.get(key))?.value ?? "{}") as { sealed: Record<string, unknown> };
    // A damaged value shows when it is opened; a damaged record as soon as it is read (get, list).
    const tamperings: [string, string, "value" | "record"][] = [
      ["a number", JSON.stringify({ ...stored, sealed: { apiKey: 5 } }), "value"],
      ["null", JSON.stringify({ ...stored, sealed: { apiKey: null } }), "value"],
      ["a bad sealed form", JSON.stringify({ ...stored, sealed: { apiKey: "v1.x" } }), "value"],
      ["no sealed values", JSON.stringify({ ...stored, sealed: null }), "record"],
      ["a record that is null", "null", "record"],
      ["text that is not JSON", "{not json", "record"],
    ];
    for (const [what, value, damaged] of tamperings) {
      await store.put(key, value);
      await cb.forget("x");
      const conn = await cb.connection("x");
      const error = await conn.vpc
        .create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] })
        .catch((e: unknown) => e);
      expect(error, what).toMatchObject({
        name: "BaristaError",
        code: "PermissionDenied",
        rule: "sealed-format",
        resourceName: "c",
      });
      if (damaged === "record") {
        await expect(cb.credentials.get("c"), what).rejects.toMatchObject({ code: "PermissionDenied" });
        await expect(cb.credentials.list(), what).rejects.toMatchObject({ code: "PermissionDenied" });
      } else {
        expect((await cb.credentials.get("c")).keys).toEqual(["apiKey"]);
      }
    }
    expect(driver.connections).toEqual([]);
    expect(await cb.history.query({})).toEqual([]);
    await cb.close();
  });
});
