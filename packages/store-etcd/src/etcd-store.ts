import { Buffer } from "node:buffer";
import {
  abortedError,
  checkCommit,
  checkKey,
  checkLease,
  checkLeaseTtl,
  checkListOptions,
  checkTtl,
  checkValue,
  invalidArgument,
  isBaristaError,
  isWellFormed,
  leaseEnded,
  systemClock,
} from "@cloud-barista/core";
import type {
  ListOptions,
  PutOptions,
  Store,
  StoreCallOptions,
  StoreCondition,
  StoreEntry,
  StoreLeases,
  StoreOperation,
} from "@cloud-barista/core";
import { Gateway, closedError } from "./gateway.js";
import type { EtcdAuth } from "./gateway.js";
import { Keyspace } from "./keyspace.js";
import type {
  Compare,
  DeleteRangeResponse,
  KeyValue,
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  PutResponse,
  RangeResponse,
  RequestOp,
  ResponseHeader,
  TxnResponse,
} from "./wire.js";

/** Options of `openEtcdStore`. */
export interface EtcdStoreOptions {
  /**
   * Client URLs of etcd members, e.g. `["http://10.0.0.5:2379"]` (a bare `host:port` means http).
   * Calls go to the member that last answered; the next one is tried when a connection fails.
   */
  endpoints: readonly string[];
  /** Namespace for every key: Store key `k` is etcd key `prefix + k` (default "cloud-barista/"). */
  prefix?: string;
  /** Credentials when etcd has auth enabled; the token is renewed when etcd rejects it. */
  auth?: EtcdAuth;
  /** How long `openEtcdStore` waits for each endpoint (and for logging in), in ms (default 5000). */
  dialTimeoutMs?: number;
  /** How long one call waits for etcd before failing with Timeout, in ms (default 10000). */
  requestTimeoutMs?: number;
}

/** etcd's largest lease TTL (`lease.MaxLeaseTTL`), in seconds. */
const maxLeaseSeconds = 9_000_000_000;

/**
 * Opens a Store on an etcd v3 cluster (etcd 3.4 or newer) through its gRPC gateway, the HTTP/JSON
 * API on the client port, and checks that an endpoint answers (and that the credentials work).
 * Fails with a retryable ProviderError when no endpoint can be reached, Timeout when none answers
 * within `dialTimeoutMs`, and Unauthenticated for bad credentials.
 */
export async function openEtcdStore(options: EtcdStoreOptions): Promise<EtcdStore> {
  const store = new EtcdStore(options);
  try {
    await connect(store, positive(options.dialTimeoutMs ?? 5000, "dialTimeoutMs"));
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

let connect: (store: EtcdStore, timeoutMs: number) => Promise<void>;

/**
 * A Store kept in etcd, so several processes (on several machines) share one state. Revisions are
 * etcd's `mod_revision`: the cluster-wide revision, so they grow with writes outside the namespace
 * too, and every write of one commit shares one. Each commit is one etcd transaction. TTLs are etcd
 * leases of whole seconds, rounded up and at least the server's minimum (see docs/store-etcd.md).
 * `leases` are etcd's own (grant, keep-alive, revoke), timed by the leader in real time; keys are
 * attached to them as etcd attaches keys to leases.
 */
export class EtcdStore implements Store {
  static {
    connect = (store, timeoutMs) => store.#gateway.connect(timeoutMs);
  }

  readonly leases: StoreLeases = {
    clock: systemClock,
    shared: true,
    grant: (ttlMs, options) =>
      this.#call(options, async () => {
        checkLeaseTtl(ttlMs);
        const request = { TTL: String(leaseSeconds(ttlMs)) };
        const answer = await this.#gateway.call<LeaseGrantResponse>("/v3/lease/grant", request, options);
        // etcd raises a TTL below its minimum; the lease lives as long as etcd says.
        return { id: answer.ID ?? "0", ttlMs: Math.max(ttlMs, Number(answer.TTL ?? 0) * 1000) };
      }),
    keepAlive: (lease, options) =>
      this.#call(options, async () => {
        const path = "/v3/lease/keepalive";
        const answer = await this.#gateway.call<LeaseKeepAliveResponse>(path, { ID: lease }, options);
        // An ended lease answers without a TTL (protobuf JSON leaves out the 0).
        return Number(answer.result?.TTL ?? 0) > 0;
      }),
    revoke: (lease, options) =>
      this.#call(options, async () => {
        try {
          await this.#gateway.call("/v3/lease/revoke", { ID: lease }, options);
        } catch (error) {
          if (!isLeaseNotFound(error)) throw error;
        }
      }),
  };

  readonly #gateway: Gateway;
  readonly #keys: Keyspace;
  #closed = false;

  /** Prefer `openEtcdStore`: this constructor does not contact etcd, so a bad endpoint shows up later. */
  constructor(options: EtcdStoreOptions) {
    const endpoints = checkEndpoints(options.endpoints);
    const prefix = options.prefix ?? "cloud-barista/";
    if (typeof prefix !== "string" || !isWellFormed(prefix)) {
      throw invalidArgument("prefix", "unicode", "must be a well-formed string");
    }
    this.#keys = new Keyspace(prefix);
    this.#gateway = new Gateway({
      endpoints,
      auth: options.auth,
      requestTimeoutMs: positive(options.requestTimeoutMs ?? 10_000, "requestTimeoutMs"),
    });
  }

  /** The live entry under `key`, if any. */
  get(key: string, options?: StoreCallOptions): Promise<StoreEntry | undefined> {
    return this.#call(options, async () => {
      checkKey(key);
      const answer = await this.#gateway.call<RangeResponse>("/v3/kv/range", { key: this.#keys.encode(key) }, options);
      const kv = answer.kvs?.[0];
      return kv && this.#entry(kv);
    });
  }

  put(key: string, value: string, options?: PutOptions): Promise<number> {
    return this.#call(options, async () => {
      checkKey(key);
      checkValue(value);
      checkTtl(options?.ttlMs);
      checkLease(options?.lease, options?.ttlMs);
      const lease = options?.ttlMs === undefined ? options?.lease : await this.#grant(options.ttlMs, options);
      const request = {
        key: this.#keys.encode(key),
        value: encodeValue(value),
        // Should the put fail, a lease granted for its TTL just expires unused.
        ...(lease === undefined ? {} : { lease }),
      };
      const answer = await this.#attached(options?.lease, () =>
        this.#gateway.call<PutResponse>("/v3/kv/put", request, options),
      );
      return revisionOf(answer.header);
    });
  }

  delete(key: string, options?: StoreCallOptions): Promise<boolean> {
    return this.#call(options, async () => {
      checkKey(key);
      const request = { key: this.#keys.encode(key) };
      const answer = await this.#gateway.call<DeleteRangeResponse>("/v3/kv/deleterange", request, options);
      return Number(answer.deleted ?? 0) > 0;
    });
  }

  /** Live entries under `prefix`, in key order. */
  list(prefix: string, options: ListOptions = {}): Promise<StoreEntry[]> {
    return this.#call(options, async () => {
      checkListOptions(prefix, options);
      const range = this.#keys.range(prefix, options);
      if (range === undefined || options.limit === 0) return [];
      const request = {
        ...range,
        // etcd treats limit 0 as "no limit". With a sort order it reads the whole range before
        // taking the limit, so a reverse page costs the size of the range, not of the page.
        ...(options.limit !== undefined && { limit: String(options.limit) }),
        ...(options.reverse && { sort_order: "DESCEND", sort_target: "KEY" }),
      };
      const answer = await this.#gateway.call<RangeResponse>("/v3/kv/range", request, options);
      return (answer.kvs ?? []).map((kv) => this.#entry(kv));
    });
  }

  commit(
    operations: StoreOperation[],
    options?: StoreCallOptions & { conditions?: StoreCondition[] },
  ): Promise<boolean> {
    return this.#call(options, async () => {
      const conditions = options?.conditions ?? [];
      checkCommit(operations, conditions);
      if (operations.length === 0 && conditions.length === 0) return true;
      const leases = await this.#grantLeases(operations, options);
      const request = {
        compare: conditions.map((condition) => this.#compare(condition)),
        success: lastPerKey(operations).map((operation) => this.#request(operation, leases)),
      };
      const attached = operations.find((o) => o.op === "put" && o.lease !== undefined);
      const answer = await this.#attached(attached?.op === "put" ? attached.lease : undefined, () =>
        this.#gateway.call<TxnResponse>("/v3/kv/txn", request, options),
      );
      if (answer.succeeded) return true;
      await this.#revoke(leases.values());
      return false;
    });
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#gateway.close();
    }
    return Promise.resolve();
  }

  /** Runs one call: aborted or closed calls fail before any check or request. */
  async #call<T>(options: StoreCallOptions | undefined, operation: () => Promise<T>): Promise<T> {
    const signal = options?.abortSignal;
    if (signal?.aborted) throw abortedError(signal);
    if (this.#closed) throw closedError();
    return operation();
  }

  /** Runs a write that attaches keys to `lease`; etcd's "lease not found" becomes the Store's answer. */
  async #attached<T>(lease: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (lease !== undefined && isLeaseNotFound(error)) throw leaseEnded(lease);
      throw error;
    }
  }

  #entry(kv: KeyValue): StoreEntry {
    return {
      key: this.#keys.decode(kv.key),
      value: Buffer.from(kv.value ?? "", "base64").toString("utf8"),
      revision: Number(kv.mod_revision ?? 0),
    };
  }

  #compare(condition: StoreCondition): Compare {
    const key = this.#keys.encode(condition.key);
    // An absent key has version 0; a present one at least 1.
    if (condition.revision === null) return { key, target: "VERSION", result: "EQUAL", version: "0" };
    // No entry has revision 0, but etcd compares an absent key as mod_revision 0: ask for the
    // impossible instead.
    if (condition.revision === 0) return { key, target: "VERSION", result: "LESS", version: "0" };
    return { key, target: "MOD", result: "EQUAL", mod_revision: String(condition.revision) };
  }

  #request(operation: StoreOperation, leases: ReadonlyMap<number, string>): RequestOp {
    const key = this.#keys.encode(operation.key);
    if (operation.op === "delete") return { request_delete_range: { key } };
    const lease = operation.ttlMs === undefined ? operation.lease : leases.get(leaseSeconds(operation.ttlMs));
    return { request_put: { key, value: encodeValue(operation.value), ...(lease === undefined ? {} : { lease }) } };
  }

  /** One lease per distinct TTL (in whole seconds) among the commit's surviving puts. */
  async #grantLeases(operations: readonly StoreOperation[], options?: StoreCallOptions): Promise<Map<number, string>> {
    const leases = new Map<number, string>();
    for (const operation of lastPerKey(operations)) {
      if (operation.op !== "put" || operation.ttlMs === undefined) continue;
      const seconds = leaseSeconds(operation.ttlMs);
      if (!leases.has(seconds)) leases.set(seconds, await this.#grant(operation.ttlMs, options));
    }
    return leases;
  }

  async #grant(ttlMs: number, options?: StoreCallOptions): Promise<string> {
    const request = { TTL: String(leaseSeconds(ttlMs)) };
    const answer = await this.#gateway.call<LeaseGrantResponse>("/v3/lease/grant", request, options);
    return answer.ID ?? "0";
  }

  /** Drops leases a failed commit did not use. Best effort: an unrevoked lease just expires. */
  async #revoke(leases: Iterable<string>): Promise<void> {
    for (const ID of leases) {
      await this.#gateway.call("/v3/lease/revoke", { ID }).catch(() => undefined);
    }
  }
}

/**
 * The etcd lease TTL for `ttlMs`: whole seconds, rounded up, so an entry never expires early on
 * that account. etcd itself raises TTLs below its minimum (1.5 election timeouts, rounded up: 2 s
 * with default settings).
 */
export function leaseSeconds(ttlMs: number): number {
  const seconds = Math.ceil(ttlMs / 1000);
  if (seconds > maxLeaseSeconds) throw invalidArgument("ttlMs", "max", `must be at most ${maxLeaseSeconds} s`);
  return seconds;
}

/**
 * The operations whose effect survives, one per key: applying a commit in order leaves each key as
 * its last operation says, and etcd rejects a transaction that names a key twice.
 */
function lastPerKey(operations: readonly StoreOperation[]): StoreOperation[] {
  const last = new Map<string, StoreOperation>();
  for (const operation of operations) {
    last.delete(operation.key);
    last.set(operation.key, operation);
  }
  return [...last.values()];
}

function isLeaseNotFound(error: unknown): boolean {
  return isBaristaError(error, "NotFound") && error.message.includes("lease not found");
}

function encodeValue(value: string): string {
  return Buffer.from(value, "utf8").toString("base64");
}

function revisionOf(header: ResponseHeader | undefined): number {
  return Number(header?.revision ?? 0);
}

function checkEndpoints(endpoints: readonly string[]): string[] {
  const given: unknown = endpoints; // JavaScript callers may pass anything
  if (!Array.isArray(given) || given.length === 0) {
    throw invalidArgument("endpoints", "required", "must list at least one etcd endpoint");
  }
  return endpoints.map((endpoint, i) => {
    const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `http://${endpoint}`;
    if (!URL.canParse(url)) throw invalidArgument(`endpoints[${i}]`, "url", "must be a URL or host:port");
    return url;
  });
}

function positive(ms: number, field: string): number {
  if (!(Number.isFinite(ms) && ms > 0)) throw invalidArgument(field, "positive", "must be a positive number");
  return ms;
}
