import { randomUUID } from "node:crypto";
import { closedError } from "../errors.js";
import { systemClock } from "../util/clock.js";
import type { Clock } from "../util/clock.js";
import { prefixEnd } from "./keys.js";
import type {
  ListOptions,
  PutOptions,
  Store,
  StoreCallOptions,
  StoreCondition,
  StoreEntry,
  StoreLease,
  StoreLeases,
  StoreOperation,
} from "./store.js";
import {
  checkCommit,
  checkKey,
  checkLease,
  checkLeaseTtl,
  checkListOptions,
  checkTtl,
  checkValue,
  leaseEnded,
  syncCall,
} from "./validate.js";

/** A value bound to an SQL parameter. */
export type SqliteValue = string | number | bigint | Uint8Array | null;

/**
 * A prepared statement of a {@link SqliteDatabase}: the three calls the store makes, shaped like
 * better-sqlite3's (and libsql's) so either, or `node:sqlite`'s `StatementSync`, fits.
 */
export interface SqliteStatement {
  /** Runs the statement; `changes` is the number of rows written. */
  run(...params: SqliteValue[]): { changes: number | bigint };
  /** The first row as an object keyed by column name, or undefined. */
  get(...params: SqliteValue[]): unknown;
  /** Every row as objects keyed by column name. */
  all(...params: SqliteValue[]): unknown[];
}

/**
 * An open synchronous SQLite connection, as `libsql`'s `Database` (what `openSqliteStore` uses),
 * better-sqlite3's or `node:sqlite`'s `DatabaseSync` provide it. Lets an app that already has one
 * hand it to {@link SqliteStore}.
 */
export interface SqliteDatabase {
  /** Runs one or more statements without results. */
  exec(sql: string): unknown;
  /** Compiles one statement. */
  prepare(sql: string): SqliteStatement;
  /** Closes the connection. */
  close(): unknown;
}

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file path, or ":memory:" for a private in-memory database. */
  path: string;
  /** The clock TTLs expire on (default: system time). */
  clock?: Clock;
  /**
   * The clock leases expire on (default: system time). Processes sharing a file must agree on it,
   * so only tests of expiry in one process should change it.
   */
  leaseClock?: Clock;
  /** How long a write waits for another connection's write lock (default 5000 ms). */
  busyTimeoutMs?: number;
}

const schema = `
  CREATE TABLE IF NOT EXISTS kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    revision INTEGER NOT NULL,
    expires_at INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS kv_expires_at ON kv (expires_at) WHERE expires_at IS NOT NULL;
  CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
  INSERT OR IGNORE INTO meta (name, value) VALUES ('revision', 0);
  CREATE TABLE IF NOT EXISTS leases (id TEXT PRIMARY KEY, ttl_ms INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
`;

// Files made before leases existed gain the column; SDKs that predate it leave it NULL.
const leaseColumn = `
  ALTER TABLE kv ADD COLUMN lease TEXT;
  CREATE INDEX IF NOT EXISTS kv_lease ON kv (lease) WHERE lease IS NOT NULL;
`;

// SQLite drivers cut TEXT results at U+0000, so values are read as UTF-8 bytes and decoded here.
const readValue = "CAST(value AS BLOB) AS value";
/** A row is live before its TTL and while its lease, if any, lasts. Parameters: now, lease clock now. */
const live =
  "(expires_at IS NULL OR expires_at > ?) AND " +
  "(lease IS NULL OR EXISTS (SELECT 1 FROM leases WHERE leases.id = kv.lease AND leases.expires_at > ?))";
const utf8 = new TextDecoder();

interface Row {
  key: string;
  /** libsql returns an ArrayBuffer, node:sqlite a Uint8Array: both decode. */
  value: ArrayBuffer | Uint8Array;
  revision: number;
}

/** One column of a row returned by `get` (rows are objects keyed by column name). */
function column(row: unknown, name: string): unknown {
  return typeof row === "object" && row !== null ? (row as Record<string, unknown>)[name] : undefined;
}

/**
 * Opens (creating if needed) a Store in an SQLite database through `libsql` (SQLite itself in a
 * native addon shipped in npm platform packages: stable on every supported Node version, no
 * experimental warning, unlike `node:sqlite`). File databases use WAL mode, so readers never block
 * the writer, and a busy timeout, so several connections or processes can share one file.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  // Loaded on first use: apps that never open an SQLite store never load the native addon.
  const { default: Database } = await import("libsql");
  return new SqliteStore(new Database(options.path), options);
}

/**
 * The embedded default Store. The table is a WITHOUT ROWID b-tree keyed by `key`, so a prefix list
 * is one range scan. The store-wide revision counter lives in the `meta` table and is read inside
 * each write transaction, so several connections share it. Expired rows are invisible to reads and
 * deleted by the next write. Leases are rows of the `leases` table (id, TTL, expiry); an entry
 * names its lease in `lease`, and renewing moves the lease's expiry only. A file's leases are
 * `shared` (other processes may open it); those of a `:memory:` database are not.
 */
export class SqliteStore implements Store {
  readonly leases: StoreLeases;
  readonly #db: SqliteDatabase;
  readonly #clock: Clock;
  readonly #leaseClock: Clock;
  /** The file's sync level, restored after writes that need none (see `#write`). */
  #synchronous = 2;
  readonly #statements = new Map<string, SqliteStatement>();
  #closed = false;

  /**
   * Prefer `openSqliteStore`. Takes ownership of `db` (an open connection: libsql, better-sqlite3
   * or `node:sqlite`), sets it up and creates the tables if needed; `close` closes it.
   */
  constructor(db: SqliteDatabase, options: Omit<SqliteStoreOptions, "path"> = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#leaseClock = options.leaseClock ?? systemClock;
    this.#db = db;
    let file: string;
    try {
      const busyTimeoutMs = Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000));
      this.#db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
      // In-memory databases answer "memory" and stay in their own mode; that is fine.
      this.#db.exec("PRAGMA journal_mode = WAL");
      this.#transaction(() => {
        this.#db.exec(schema);
        const columns = this.#db.prepare("SELECT name FROM pragma_table_info('kv')").all();
        if (!columns.some((c) => column(c, "name") === "lease")) this.#db.exec(leaseColumn);
      });
      this.#synchronous = Number(column(this.#db.prepare("PRAGMA synchronous").get(), "synchronous") ?? 2);
      const main = column(this.#db.prepare("SELECT file FROM pragma_database_list WHERE name = 'main'").get(), "file");
      file = typeof main === "string" ? main : "";
    } catch (error) {
      this.#db.close();
      throw error;
    }
    this.leases = {
      clock: this.#leaseClock,
      // ":memory:" and temporary databases have no file another process could open.
      shared: file !== "",
      grant: (ttlMs, options) => this.#call(options, () => this.#grant(ttlMs)),
      keepAlive: (lease, options) =>
        this.#call(options, () =>
          this.#write(() => {
            const renew = "UPDATE leases SET expires_at = ? + ttl_ms WHERE id = ?";
            return Number(this.#sql(renew).run(this.#leaseClock.now(), lease).changes) > 0;
          }, "ephemeral"),
        ),
      revoke: (lease, options) =>
        this.#call(options, () =>
          this.#write(() => {
            this.#sql("DELETE FROM kv WHERE lease = ?").run(lease);
            this.#sql("DELETE FROM leases WHERE id = ?").run(lease);
          }, "ephemeral"),
        ),
    };
  }

  /** The live entry under `key`, if any. */
  get(key: string, options?: StoreCallOptions): Promise<StoreEntry | undefined> {
    return this.#call(options, () => {
      checkKey(key);
      const sql = `SELECT key, ${readValue}, revision FROM kv WHERE key = ? AND ${live}`;
      const row = this.#sql(sql).get(key, ...this.#now()) as Row | undefined;
      return row && toEntry(row);
    });
  }

  put(key: string, value: string, options?: PutOptions): Promise<number> {
    return this.#call(options, () => {
      checkKey(key);
      checkValue(value);
      checkTtl(options?.ttlMs);
      checkLease(options?.lease, options?.ttlMs);
      const put: StoreOperation = { op: "put", key, value, ttlMs: options?.ttlMs, lease: options?.lease };
      return this.#write(
        () => {
          this.#requireLeases([put]);
          return this.#apply([put]);
        },
        this.#durability([put]),
      );
    });
  }

  delete(key: string, options?: StoreCallOptions): Promise<boolean> {
    return this.#call(options, () => {
      checkKey(key);
      return this.#write(
        () => {
          if (this.#revisionOf(key) === null) return false;
          this.#apply([{ op: "delete", key }]);
          return true;
        },
        this.#durability([{ op: "delete", key }]),
      );
    });
  }

  /** Live entries under `prefix`, in key order. */
  list(prefix: string, options: ListOptions = {}): Promise<StoreEntry[]> {
    return this.#call(options, () => {
      checkListOptions(prefix, options);
      const where = [live];
      const params: SqliteValue[] = this.#now();
      const bound = (clause: string, value: string): void => {
        where.push(clause);
        params.push(value);
      };
      if (prefix !== "") {
        bound("key >= ?", prefix);
        const end = prefixEnd(prefix);
        if (end !== undefined) bound("key < ?", end);
      }
      if (options.startAfter !== undefined) bound("key > ?", options.startAfter);
      if (options.endBefore !== undefined) bound("key < ?", options.endBefore);
      params.push(options.limit ?? -1); // LIMIT -1: no limit
      const order = options.reverse ? "DESC" : "ASC";
      const filter = where.join(" AND ");
      const sql = `SELECT key, ${readValue}, revision FROM kv WHERE ${filter} ORDER BY key ${order} LIMIT ?`;
      return (this.#sql(sql).all(...params) as unknown as Row[]).map(toEntry);
    });
  }

  commit(
    operations: StoreOperation[],
    options?: StoreCallOptions & { conditions?: StoreCondition[] },
  ): Promise<boolean> {
    return this.#call(options, () => {
      const conditions = options?.conditions ?? [];
      checkCommit(operations, conditions);
      return this.#write(() => {
        for (const condition of conditions) {
          if (this.#revisionOf(condition.key) !== condition.revision) return false;
        }
        this.#requireLeases(operations);
        if (operations.length > 0) this.#apply(operations);
        return true;
      }, this.#durability(operations));
    });
  }

  close(): Promise<void> {
    return syncCall(undefined, () => {
      if (this.#closed) return;
      this.#closed = true;
      this.#statements.clear();
      this.#db.close();
    });
  }

  /** Runs one call: aborted or closed calls fail before touching any data. */
  #call<T>(options: StoreCallOptions | undefined, operation: () => T): Promise<T> {
    return syncCall(options, () => {
      if (this.#closed) throw closedError("SqliteStore");
      return operation();
    });
  }

  /**
   * Runs `fn` in one write transaction. BEGIN IMMEDIATE takes the write lock up front, so the
   * condition checks and the writes of a commit see no other connection's writes in between.
   */
  #transaction<T>(fn: () => T): T {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const result = fn();
      this.#db.exec("COMMIT");
      return result;
    } catch (error) {
      try {
        this.#db.exec("ROLLBACK");
      } catch {
        // SQLite already rolled back (it does so itself after some errors); keep the first error.
      }
      throw error;
    }
  }

  /**
   * A write transaction that first purges expired rows and leases, so they never satisfy a
   * condition. An "ephemeral" one (it touches leases and entries attached to them only) is not
   * synced to disk at commit: such state vanishes with its lease anyway, and no process that holds
   * it survives a power loss. The next durable commit syncs it along; until then a crash of the
   * machine may lose it, never half of it (the WAL's checksums). This spares Sponge Lock keys in a
   * shared file three disk syncs per operation.
   */
  #write<T>(fn: () => T, durability: "durable" | "ephemeral" = "durable"): T {
    const relaxed = durability === "ephemeral" && this.#synchronous > 0;
    if (relaxed) this.#db.exec("PRAGMA synchronous = OFF");
    try {
      return this.#transaction(() => {
        const leaseNow = this.#leaseClock.now();
        this.#sql("DELETE FROM kv WHERE expires_at <= ?").run(this.#clock.now());
        this.#sql("DELETE FROM kv WHERE lease IN (SELECT id FROM leases WHERE expires_at <= ?)").run(leaseNow);
        this.#sql("DELETE FROM leases WHERE expires_at <= ?").run(leaseNow);
        return fn();
      });
    } finally {
      if (relaxed) this.#db.exec(`PRAGMA synchronous = ${this.#synchronous}`);
    }
  }

  /** "ephemeral" when every operation puts an entry on a lease or deletes one that is on a lease. */
  #durability(operations: readonly StoreOperation[]): "durable" | "ephemeral" {
    const leased = (operation: StoreOperation): boolean => {
      if (operation.op === "put") return operation.lease !== undefined;
      const row = this.#sql("SELECT lease FROM kv WHERE key = ?").get(operation.key) as
        { lease: string | null } | undefined;
      return row?.lease != null;
    };
    return operations.length > 0 && operations.every(leased) ? "ephemeral" : "durable";
  }

  /** The parameters of `live`: now on the TTL clock and on the lease clock. */
  #now(): [number, number] {
    return [this.#clock.now(), this.#leaseClock.now()];
  }

  #grant(ttlMs: number): StoreLease {
    checkLeaseTtl(ttlMs);
    const id = randomUUID();
    this.#write(() => {
      const insert = "INSERT INTO leases (id, ttl_ms, expires_at) VALUES (?, ?, ?)";
      this.#sql(insert).run(id, ttlMs, this.#leaseClock.now() + ttlMs);
    }, "ephemeral");
    return { id, ttlMs };
  }

  /** Refuses a write attaching an entry to a lease that has ended; call inside `#write` (purged). */
  #requireLeases(operations: readonly StoreOperation[]): void {
    for (const operation of operations) {
      if (operation.op !== "put" || operation.lease === undefined) continue;
      if (!this.#sql("SELECT 1 FROM leases WHERE id = ?").get(operation.lease)) throw leaseEnded(operation.lease);
    }
  }

  /** The key's revision, or null when absent. Inside a transaction, expired rows are already gone. */
  #revisionOf(key: string): number | null {
    const row = this.#sql("SELECT revision FROM kv WHERE key = ?").get(key) as { revision: number } | undefined;
    return row?.revision ?? null;
  }

  /** Applies validated operations under one new revision; call inside `#write`. */
  #apply(operations: readonly StoreOperation[]): number {
    const bump = "UPDATE meta SET value = value + 1 WHERE name = 'revision' RETURNING value AS revision";
    const { revision } = this.#sql(bump).get() as { revision: number };
    const now = this.#clock.now();
    for (const operation of operations) {
      if (operation.op === "delete") {
        this.#sql("DELETE FROM kv WHERE key = ?").run(operation.key);
      } else {
        const expiresAt = operation.ttlMs === undefined ? null : now + operation.ttlMs;
        const insert = "INSERT OR REPLACE INTO kv (key, value, revision, expires_at, lease) VALUES (?, ?, ?, ?, ?)";
        this.#sql(insert).run(operation.key, operation.value, revision, expiresAt, operation.lease ?? null);
      }
    }
    return revision;
  }

  /** Prepared statements, cached by their text (lists build a few variants). */
  #sql(sql: string): SqliteStatement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

function toEntry(row: Row): StoreEntry {
  return { key: row.key, value: utf8.decode(row.value), revision: row.revision };
}
