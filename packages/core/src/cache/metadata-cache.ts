import type { MetadataKind } from "../model/common.js";
import type { Store } from "../store/store.js";
import type { Clock } from "../util/clock.js";
import { decodeJson, encodeJson } from "../util/json.js";
import type { Logger } from "../util/logger.js";

export interface CacheTtl {
  /** Served without asking the cloud while younger than this. */
  freshMs: number;
  /** After freshMs and until freshMs + staleMs, served at once while one refresh runs behind. */
  staleMs: number;
}

export const defaultCacheTtls: Record<MetadataKind, CacheTtl> = {
  regionZones: { freshMs: 24 * 3_600_000, staleMs: 7 * 24 * 3_600_000 },
  images: { freshMs: 6 * 3_600_000, staleMs: 7 * 24 * 3_600_000 },
  specs: { freshMs: 6 * 3_600_000, staleMs: 7 * 24 * 3_600_000 },
  prices: { freshMs: 6 * 3_600_000, staleMs: 2 * 24 * 3_600_000 },
  clusterVersions: { freshMs: 6 * 3_600_000, staleMs: 2 * 24 * 3_600_000 },
};

interface CacheEntry<T> {
  fetchedAt: number;
  value: T;
}

export interface CacheReadOptions {
  /** Skip the cache and load now (the result is cached). */
  refresh?: boolean;
}

/**
 * Regions, images, specs and prices per connection: slow to list and slow to change. One load at
 * a time per key (single flight), stale entries served while a refresh runs, entries persisted in
 * the store so a restart does not list every catalog again.
 */
export class MetadataCache {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #ttls: Record<MetadataKind, CacheTtl>;
  readonly #memory = new Map<string, CacheEntry<unknown>>();
  readonly #inFlight = new Map<string, Promise<unknown>>();

  constructor(options: { store: Store; clock: Clock; logger: Logger; ttls?: Partial<Record<MetadataKind, CacheTtl>> }) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#ttls = { ...defaultCacheTtls, ...options.ttls };
  }

  async get<T>(
    connection: string,
    kind: MetadataKind,
    load: () => Promise<T>,
    options: CacheReadOptions = {},
  ): Promise<T> {
    const key = `cache/${connection}/${kind}`;
    if (options.refresh) return this.#load(key, load);
    const entry = await this.#read<T>(key);
    if (!entry) return this.#load(key, load);
    const age = this.#clock.now() - entry.fetchedAt;
    const ttl = this.#ttls[kind];
    if (age < ttl.freshMs) return entry.value;
    if (age < ttl.freshMs + ttl.staleMs) {
      this.#load(key, load).catch((error: unknown) => {
        this.#logger.warn("metadata refresh failed; serving the cached copy", {
          connection,
          kind,
          error: error instanceof Error ? error.message : String(error),
        });
      });
      return entry.value;
    }
    return this.#load(key, load);
  }

  /** Forgets a connection's entries (e.g. when the connection is removed). */
  async invalidate(connection: string): Promise<void> {
    const prefix = `cache/${connection}/`;
    for (const key of [...this.#memory.keys()]) if (key.startsWith(prefix)) this.#memory.delete(key);
    const entries = await this.#store.list(prefix);
    await this.#store.commit(entries.map((e) => ({ op: "delete" as const, key: e.key })));
  }

  async #read<T>(key: string): Promise<CacheEntry<T> | undefined> {
    const cached = this.#memory.get(key) as CacheEntry<T> | undefined;
    if (cached) return cached;
    const stored = await this.#store.get(key);
    if (!stored) return undefined;
    const entry = decodeJson<CacheEntry<T>>(stored.value);
    this.#memory.set(key, entry);
    return entry;
  }

  #load<T>(key: string, load: () => Promise<T>): Promise<T> {
    const running = this.#inFlight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const promise = (async () => {
      try {
        const value = await load();
        const entry: CacheEntry<T> = { fetchedAt: this.#clock.now(), value };
        this.#memory.set(key, entry);
        await this.#store.put(key, encodeJson(entry));
        return value;
      } finally {
        this.#inFlight.delete(key);
      }
    })();
    this.#inFlight.set(key, promise);
    return promise;
  }
}
