import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "libsql";
import { afterAll, describe, expect, it } from "vitest";
import { describeStoreConformance } from "../testing/store-suite.js";
import { VirtualClock } from "../util/clock.js";
import { compareAndSet } from "./store.js";
import { SqliteStore, openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "cb-sqlite-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newFile = (): string => join(dir, `store-${++files}.db`);

const clock = new VirtualClock();
const leaseClock = new VirtualClock();
const clocks = { clock, leaseClock };
describeStoreConformance("SqliteStore :memory:", () => openSqliteStore({ path: ":memory:", ...clocks }), clocks);
describeStoreConformance("SqliteStore file", () => openSqliteStore({ path: newFile(), ...clocks }), clocks);

describe("SqliteStore file database", () => {
  it("keeps entries, revisions and TTLs across close and reopen", async () => {
    const path = newFile();
    const clock = new VirtualClock();
    const first = await openSqliteStore({ path, clock });
    await first.put("a/1", "one");
    const r2 = await first.put("a/2", "two 😀");
    await first.put("a/ttl", "short", { ttlMs: 1000 });
    await first.close();

    const second = await openSqliteStore({ path, clock });
    expect(await second.list("a/")).toEqual([
      { key: "a/1", value: "one", revision: r2 - 1 },
      { key: "a/2", value: "two 😀", revision: r2 },
      { key: "a/ttl", value: "short", revision: r2 + 1 },
    ]);
    // The revision counter continues where it stopped, even after the newest key is deleted.
    await second.delete("a/ttl");
    await second.close();
    const third = await openSqliteStore({ path, clock });
    expect(await third.put("a/3", "three")).toBe(r2 + 3);
    clock.advance(1000);
    expect(await third.get("a/ttl")).toBeUndefined();
    await third.close();
  });

  it("keeps an expiry time across reopen", async () => {
    const path = newFile();
    const clock = new VirtualClock();
    const first = await openSqliteStore({ path, clock });
    await first.put("t", "v", { ttlMs: 500 });
    await first.close();
    clock.advance(499);
    const second = await openSqliteStore({ path, clock });
    expect((await second.get("t"))?.value).toBe("v");
    clock.advance(1);
    expect(await second.get("t")).toBeUndefined();
    await second.close();
  });

  it("uses WAL mode", async () => {
    const path = newFile();
    const store = await openSqliteStore({ path });
    await store.put("k", "v");
    const raw = new Database(path);
    expect(raw.prepare("PRAGMA journal_mode").get()).toMatchObject({ journal_mode: "wal" });
    raw.close();
    await store.close();
  });

  it("shares one revision counter and the conditions between two connections to one file", async () => {
    const path = newFile();
    const a = await openSqliteStore({ path });
    const b = await openSqliteStore({ path });
    const ra = await a.put("shared", "from a");
    const seenByB = await b.get("shared");
    expect(seenByB).toEqual({ key: "shared", value: "from a", revision: ra });
    const rb = await b.put("other", "from b");
    expect(rb).toBeGreaterThan(ra);
    // b updates the key; a's compare-and-set at the revision it read must now fail.
    expect(await compareAndSet(b, "shared", ra, "b wins")).toBe(true);
    expect(await compareAndSet(a, "shared", ra, "a loses")).toBe(false);
    expect((await a.get("shared"))?.value).toBe("b wins");
    await a.close();
    await b.close();
  });

  it("purges expired rows on the next write", async () => {
    const path = newFile();
    const clock = new VirtualClock();
    const store = await openSqliteStore({ path, clock });
    await store.put("gone", "x", { ttlMs: 10 });
    clock.advance(10);
    const raw = new Database(path);
    const count = (): unknown => raw.prepare("SELECT count(*) AS n FROM kv").get();
    expect(count()).toMatchObject({ n: 1 }); // invisible, but not yet deleted
    await store.put("other", "y");
    expect(count()).toMatchObject({ n: 1 }); // only "other" left
    expect(raw.prepare("SELECT key FROM kv").get()).toMatchObject({ key: "other" });
    raw.close();
    await store.close();
  });

  it("shares leases between connections to one file, and says so; :memory: leases are private", async () => {
    const path = newFile();
    const leaseClock = new VirtualClock();
    const a = await openSqliteStore({ path, leaseClock });
    const b = await openSqliteStore({ path, leaseClock });
    const memory = await openSqliteStore({ path: ":memory:" });
    expect([a.leases.shared, memory.leases.shared]).toEqual([true, false]);
    const lease = await a.leases.grant(1000);
    await a.put("lock/x", "held by a", { lease: lease.id });
    leaseClock.advance(900);
    expect(await b.leases.keepAlive(lease.id)).toBe(true); // any connection may renew it
    leaseClock.advance(900);
    expect((await b.get("lock/x"))?.value).toBe("held by a");
    leaseClock.advance(100);
    expect(await b.get("lock/x")).toBeUndefined();
    expect(await a.leases.keepAlive(lease.id)).toBe(false);
    await Promise.all([a.close(), b.close(), memory.close()]);
  });

  it("adds the lease column to a file made before leases existed, keeping its entries", async () => {
    const path = newFile();
    const raw = new Database(path);
    raw.exec(`
      CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, revision INTEGER NOT NULL, expires_at INTEGER) WITHOUT ROWID;
      CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO meta (name, value) VALUES ('revision', 7);
      INSERT INTO kv (key, value, revision, expires_at) VALUES ('old', 'kept', 7, NULL);
    `);
    raw.close();
    const store = await openSqliteStore({ path });
    expect(await store.get("old")).toEqual({ key: "old", value: "kept", revision: 7 });
    const lease = await store.leases.grant(60_000);
    expect(await store.put("new", "leased", { lease: lease.id })).toBe(8);
    await store.leases.revoke(lease.id);
    expect((await store.list("")).map((e) => e.key)).toEqual(["old"]);
    await store.close();
  });

  it("runs on another synchronous SQLite connection handed to the constructor (node:sqlite here)", async () => {
    const path = newFile();
    const { DatabaseSync } = await import("node:sqlite");
    const store = new SqliteStore(new DatabaseSync(path));
    const revision = await store.put("k", "from node:sqlite");
    await store.close();
    const reopened = await openSqliteStore({ path });
    expect(await reopened.get("k")).toEqual({ key: "k", value: "from node:sqlite", revision });
    await reopened.close();
  });
});
