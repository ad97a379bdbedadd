import type {
  ListOptions,
  PutOptions,
  Store,
  StoreCallOptions,
  StoreCondition,
  StoreEntry,
  StoreOperation,
} from "@cloud-barista/core";

/** Which writes count: MCIS records and core IID records (not call history or catalog caches). */
const counted = (key: string): boolean => key.startsWith("mcis/") || key.startsWith("iid");

/**
 * A Store that counts the writes that matter for crash safety and kills its own process
 * (SIGKILL: no clean-up, no flush) just before or just after the Nth one.
 */
export class KillingStore implements Store {
  readonly #inner: Store;
  readonly #killAt: number | undefined;
  readonly #phase: "before" | "after";
  writes = 0;

  constructor(inner: Store, killAt: number | undefined, phase: "before" | "after") {
    this.#inner = inner;
    this.#killAt = killAt;
    this.#phase = phase;
  }

  get(key: string, options?: StoreCallOptions): Promise<StoreEntry | undefined> {
    return this.#inner.get(key, options);
  }

  list(prefix: string, options?: ListOptions): Promise<StoreEntry[]> {
    return this.#inner.list(prefix, options);
  }

  put(key: string, value: string, options?: PutOptions): Promise<number> {
    return this.#write([key], () => this.#inner.put(key, value, options));
  }

  delete(key: string, options?: StoreCallOptions): Promise<boolean> {
    return this.#write([key], () => this.#inner.delete(key, options));
  }

  commit(
    operations: StoreOperation[],
    options?: StoreCallOptions & { conditions?: StoreCondition[] },
  ): Promise<boolean> {
    return this.#write(
      operations.map((o) => o.key),
      () => this.#inner.commit(operations, options),
    );
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  async #write<T>(keys: readonly string[], write: () => Promise<T>): Promise<T> {
    if (!keys.some(counted)) return write();
    const n = ++this.writes;
    if (n === this.#killAt && this.#phase === "before") process.kill(process.pid, "SIGKILL");
    const result = await write();
    if (n === this.#killAt && this.#phase === "after") process.kill(process.pid, "SIGKILL");
    return result;
  }
}
