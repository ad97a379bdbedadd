import type { Clock } from "../util/clock.js";

/** Options of a `Memo`. */
export interface MemoOptions {
  /** Needed with `ttlMs`: the driver's clock (the connection's, so tests control it). */
  clock?: Clock;
  /** Forget an entry this long after it was loaded; default never (immutable facts). */
  ttlMs?: number;
  /** At most this many entries; the oldest go first. Default 10,000. */
  maxEntries?: number;
}

interface Entry<V> {
  value: V;
  loadedAt: number;
}

/**
 * One connection's memory of facts the cloud does not change (an image's root device, a key
 * pair's public key), so a user call makes one native call instead of re-reading them. Loads run
 * once per key at a time (concurrent callers share one); failed loads are not kept. The driver
 * forgets an entry when it changes the fact itself (deleting the key pair).
 */
export class Memo<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #loading = new Map<string, Promise<V>>();
  readonly #clock: Clock | undefined;
  readonly #ttlMs: number | undefined;
  readonly #maxEntries: number;

  constructor(options: MemoOptions = {}) {
    if (options.ttlMs !== undefined && !options.clock) throw new Error("Memo: ttlMs needs a clock");
    this.#clock = options.clock;
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  /** The entry of a key, unless it has expired. */
  #fresh(key: string): Entry<V> | undefined {
    const entry = this.#entries.get(key);
    if (entry && this.#ttlMs !== undefined && (this.#clock?.now() ?? 0) - entry.loadedAt >= this.#ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** The remembered value, if any and not expired. */
  peek(key: string): V | undefined {
    return this.#fresh(key)?.value;
  }

  /** Whether a value (possibly `undefined`: "the cloud has none") is remembered. */
  has(key: string): boolean {
    return this.#fresh(key) !== undefined;
  }

  /** The remembered value, or `load`'s (remembered if it succeeds). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.#fresh(key);
    if (entry) return Promise.resolve(entry.value);
    const running = this.#loading.get(key);
    if (running) return running;
    const loading: Promise<V> = load()
      .then((value) => {
        // A key forgotten while its load ran keeps the old answer out.
        if (this.#loading.get(key) === loading) this.set(key, value);
        return value;
      })
      .finally(() => {
        if (this.#loading.get(key) === loading) this.#loading.delete(key);
      });
    this.#loading.set(key, loading);
    return loading;
  }

  /** Remembers a value the driver learnt on the way (a create's answer). */
  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, loadedAt: this.#clock?.now() ?? 0 });
    // Map order is insertion order: the first key is the oldest.
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  /** Forgets a key, also the answer of a load still running. */
  forget(key: string): void {
    this.#entries.delete(key);
    this.#loading.delete(key);
  }

  /** Forgets every entry. */
  clear(): void {
    this.#entries.clear();
    this.#loading.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
