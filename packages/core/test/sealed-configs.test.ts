import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "libsql";
import { afterAll, describe, expect, it } from "vitest";
import { createCloudBarista } from "../src/runtime/cloud-barista.js";
import type { CloudBarista } from "../src/runtime/cloud-barista.js";
import { SecretBox } from "../src/runtime/secret-box.js";
import { openSqliteStore } from "../src/store/sqlite-store.js";
import type { SqliteStore } from "../src/store/sqlite-store.js";
import { createLeakyDriver } from "./fake-driver.js";

// Connection configs sit in the store in clear, and say where credentials go. Someone who can
// write the store file (but has not the encryption key) must not be able to send them elsewhere.

const dir = mkdtempSync(join(tmpdir(), "cb-sealed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const key = randomBytes(32);
const password = "OPENSTACK-PASSWORD-5b2e";
const vpc = { name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] };
const sealedConfig = { code: "PermissionDenied", rule: "sealed-config" };

interface Opened {
  store: SqliteStore;
  barista: CloudBarista;
  driver: ReturnType<typeof createLeakyDriver>;
  close(): Promise<void>;
}

async function open(path: string, encryptionKey: Uint8Array = key): Promise<Opened> {
  const store = await openSqliteStore({ path });
  const barista = createCloudBarista({ store, encryptionKey });
  const driver = createLeakyDriver();
  barista.drivers.register(driver, { name: "leaky" });
  return {
    store,
    barista,
    driver,
    close: async () => {
      await barista.close();
      await store.close();
    },
  };
}

/** A store file with credentials "c1" and "c2", regions "r1" and "r2" and connection "x" (c1, r1). */
async function storeFile(): Promise<string> {
  const path = join(dir, `store-${++files}.db`);
  const setup = await open(path);
  await setup.barista.credentials.add({ name: "c1", provider: "MOCK", values: { apiKey: password } });
  await setup.barista.credentials.add({ name: "c2", provider: "MOCK", values: { apiKey: "another-account" } });
  await setup.barista.regions.add({ name: "r1", provider: "MOCK", region: "region-1" });
  await setup.barista.regions.add({ name: "r2", provider: "MOCK", region: "region-2" });
  await setup.barista.connections.add({
    name: "x",
    driver: "leaky",
    credential: "c1",
    region: "r1",
    endpoint: "https://keystone.example.com:5000/v3",
  });
  await setup.close();
  return path;
}

/** Edits one stored record in the file with SQL, as someone with write access to it could. */
function edit(path: string, key: string, change: (value: Record<string, unknown>) => void): void {
  const db = new Database(path);
  const row = db.prepare("SELECT value FROM kv WHERE key = ?").get(key) as { value: string };
  const value = JSON.parse(row.value) as Record<string, unknown>;
  change(value);
  db.prepare("UPDATE kv SET value = ? WHERE key = ?").run(JSON.stringify(value), key);
  db.close();
}

describe("sealed connection configs", () => {
  it("open as stored, with the credential they were made with", async () => {
    const sdk = await open(await storeFile());
    await expect((await sdk.barista.connection("x")).vpc.create(vpc)).rejects.toMatchObject({
      code: "Unauthenticated", // the leaky cloud refuses every call: but the call was made
    });
    expect(sdk.driver.connections.map((c) => [c.endpoint, c.credential.apiKey])).toEqual([
      ["https://keystone.example.com:5000/v3", password],
    ]);
    expect(await sdk.barista.connections.get("x")).toEqual({
      name: "x",
      driver: "leaky",
      credential: "c1",
      region: "r1",
      endpoint: "https://keystone.example.com:5000/v3",
    });
    await sdk.close();
  });

  it("refuse an endpoint edited in the store file, before the credential reaches any driver", async () => {
    const path = await storeFile();
    edit(path, "config/connection/x", (c) => (c["endpoint"] = "http://203.0.113.7/v3"));
    const sdk = await open(path);
    const conn = await sdk.barista.connection("x");
    await expect(conn.vpc.create(vpc)).rejects.toMatchObject({ ...sealedConfig, resourceName: "x" });
    await expect(conn.regionCapabilities()).rejects.toMatchObject(sealedConfig);
    expect(sdk.driver.connections).toEqual([]); // connect was never called: no password sent
    expect(await sdk.barista.history.query({})).toEqual([]);
    await sdk.close();
  });

  it("refuse a connection repointed to another credential or region", async () => {
    for (const [field, value] of [
      ["credential", "c2"],
      ["region", "r2"],
      ["deriveCloudNames", false],
    ] as const) {
      const path = await storeFile();
      edit(path, "config/connection/x", (c) => (c[field] = value));
      const sdk = await open(path);
      await expect((await sdk.barista.connection("x")).vpc.create(vpc)).rejects.toMatchObject(sealedConfig);
      expect(sdk.driver.connections).toEqual([]);
      await sdk.close();
    }
  });

  it("refuse a region whose record was changed under the connection", async () => {
    const path = await storeFile();
    edit(path, "config/region/r1", (r) => (r["region"] = "region-elsewhere"));
    const sdk = await open(path);
    await expect((await sdk.barista.connection("x")).vpc.create(vpc)).rejects.toMatchObject(sealedConfig);
    expect(sdk.driver.connections).toEqual([]);
    await sdk.close();
  });

  it("refuse a credential replaced by another one of the same name (a different id)", async () => {
    const path = await storeFile();
    // A credential "c1" made elsewhere with the same key: sealed correctly, but not the one x was made with.
    const other = await open(join(dir, `store-${++files}.db`));
    await other.barista.credentials.add({ name: "c1", provider: "MOCK", values: { apiKey: "someone-else" } });
    const replacement = (await other.store.get("config/credential/c1"))?.value ?? "";
    await other.close();
    edit(path, "config/credential/c1", (c) => Object.assign(c, JSON.parse(replacement)));
    const sdk = await open(path);
    await expect((await sdk.barista.connection("x")).vpc.create(vpc)).rejects.toMatchObject({
      ...sealedConfig,
      resourceType: "credential",
    });
    expect(sdk.driver.connections).toEqual([]);
    await sdk.close();
  });

  it("accept a change made outside the SDK once it is sealed on purpose", async () => {
    const path = await storeFile();
    edit(path, "config/connection/x", (c) => (c["endpoint"] = "https://keystone-2.example.com:5000/v3"));
    const sdk = await open(path);
    await expect((await sdk.barista.connection("x")).vpc.create(vpc)).rejects.toMatchObject(sealedConfig);
    await sdk.barista.connections.seal("x");
    await expect((await sdk.barista.connection("x")).vpc.create(vpc)).rejects.toMatchObject({
      code: "Unauthenticated",
    });
    expect(sdk.driver.connections.map((c) => c.endpoint)).toEqual(["https://keystone-2.example.com:5000/v3"]);
    await sdk.close();
  });

  it("cannot be sealed, nor opened, with another key", async () => {
    const sdk = await open(await storeFile(), randomBytes(32));
    const otherKey = { code: "PermissionDenied", field: "encryptionKey", rule: "one-encryption-key" };
    await expect((await sdk.barista.connection("x")).vpc.create(vpc)).rejects.toMatchObject(otherKey);
    await expect(sdk.barista.connections.seal("x")).rejects.toMatchObject(otherKey);
    expect(sdk.driver.connections).toEqual([]);
    await sdk.close();
  });
});

describe("one encryption key per store", () => {
  it("refuses credentials.add under a second key, writing nothing", async () => {
    const path = await storeFile();
    const sdk = await open(path, randomBytes(32));
    await expect(
      sdk.barista.credentials.add({ name: "c3", provider: "MOCK", values: { apiKey: "k" } }),
    ).rejects.toMatchObject({ name: "BaristaError", code: "PermissionDenied", rule: "one-encryption-key" });
    expect((await sdk.barista.credentials.list()).map((c) => c.name)).toEqual(["c1", "c2"]);
    await sdk.close();
    const same = await open(path);
    await same.barista.credentials.add({ name: "c3", provider: "MOCK", values: { apiKey: "k" } });
    await same.close();
  });
});

describe("records of older SDKs (no seal, no credential id)", () => {
  /** A store as an SDK before sealed configs left it: the same key, values sealed as then. */
  async function legacyStore(): Promise<string> {
    const path = join(dir, `store-${++files}.db`);
    const store = await openSqliteStore({ path });
    const box = new SecretBox(key);
    const credential = {
      name: "c1",
      provider: "MOCK",
      sealed: { apiKey: box.seal(password, "credential/c1/apiKey") },
      createdAt: { $date: new Date().toISOString() },
    };
    await store.put("config/credential/c1", JSON.stringify(credential));
    await store.put("config/region/r1", JSON.stringify({ name: "r1", provider: "MOCK", region: "region-1" }));
    const config = { name: "x", driver: "leaky", credential: "c1", region: "r1", endpoint: "https://k.example/v3" };
    await store.put("config/connection/x", JSON.stringify(config));
    await store.close();
    return path;
  }

  it("are refused until sealed on purpose; sealing gives the credential its id", async () => {
    const sdk = await open(await legacyStore());
    await expect((await sdk.barista.connection("x")).vpc.create(vpc)).rejects.toMatchObject({
      ...sealedConfig,
      message: expect.stringContaining("has no seal"),
    });
    expect(sdk.driver.connections).toEqual([]);
    await sdk.barista.connections.seal("x");
    await expect((await sdk.barista.connection("x")).vpc.create(vpc)).rejects.toMatchObject({
      code: "Unauthenticated",
    });
    expect(sdk.driver.connections.map((c) => c.credential.apiKey)).toEqual([password]);
    const credential = JSON.parse((await sdk.store.get("config/credential/c1"))?.value ?? "{}") as { id?: string };
    expect(credential.id).toMatch(/^[0-9a-f-]{36}$/);
    await sdk.close();
  });

  it("take the key their credentials open with as the store's key, and no other", async () => {
    const path = await legacyStore();
    const wrong = await open(path, randomBytes(32));
    const add = { name: "c2", provider: "MOCK", values: { apiKey: "k" } };
    await expect(wrong.barista.credentials.add(add)).rejects.toMatchObject({ rule: "one-encryption-key" });
    await wrong.close();
    const right = await open(path);
    await right.barista.credentials.add(add);
    await right.close();
  });
});
