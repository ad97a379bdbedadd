import { BaristaError, closedError, invalidArgument } from "../errors.js";
import { MetadataCache } from "../cache/metadata-cache.js";
import type { CacheTtl } from "../cache/metadata-cache.js";
import { CallHistory } from "../history/call-history.js";
import type { CallHistoryOptions } from "../history/call-history.js";
import { OwnerLease } from "../lock/owner-lease.js";
import { SpongeLock } from "../lock/sponge-lock.js";
import type { MetadataKind } from "../model/common.js";
import type { Store } from "../store/store.js";
import { systemClock } from "../util/clock.js";
import type { Clock } from "../util/clock.js";
import { noopLogger } from "../util/logger.js";
import type { Logger } from "../util/logger.js";
import { defaultRetryPolicy } from "../util/retry.js";
import type { RetryPolicy } from "../util/retry.js";
import { Connection } from "./connection.js";
import { ConnectionRuntime } from "./connection-runtime.js";
import { defaultOperationTimeouts } from "./timeouts.js";
import type { RuntimeShared } from "./connection-runtime.js";
import type { OperationTimeouts } from "./timeouts.js";
import { IidStore } from "./iid-store.js";
import { ThrottlePacer } from "./calls/pacer.js";
import type { PacingOptions } from "./calls/pacer.js";
import { canonicalJson, isOtherKey, otherKeyError, sealedConfigError } from "./config-seal.js";
import {
  ConnectionRegistry,
  CredentialRegistry,
  DriverRegistry,
  RegionRegistry,
  connectionSealData,
  inUseError,
} from "./registry.js";
import type { ConnectionConfig, RegionConfig, StoredConnectionConfig } from "./registry.js";
import { SecretBox } from "./secret-box.js";
import { requireBoolean, requireFields, requireName, requireOneOf, requireOptions, requireString } from "./validate.js";
import { checkEndpoint } from "../driver/endpoints.js";

/** Options of an SDK instance. */
export interface CloudBaristaOptions {
  /** Where configs, IIDs, call history and cached catalogs live (SQLite, memory, etcd). */
  store: Store;
  logger?: Logger;
  clock?: Clock;
  /**
   * 32-byte AES-256 key (raw, hex or base64) that seals credentials at rest. Defaults to the
   * CLOUD_BARISTA_ENCRYPTION_KEY environment variable; needed once credentials are used.
   */
  encryptionKey?: string | Uint8Array;
  retryPolicy?: Partial<RetryPolicy>;
  cacheTtls?: Partial<Record<MetadataKind, CacheTtl>>;
  timeouts?: Partial<OperationTimeouts>;
  /** Call-history settings: retention, batching, error reporting. */
  history?: Omit<CallHistoryOptions, "store" | "clock">;
  /**
   * How long this instance's Sponge Lock keys and create claims outlive it in the store when its
   * process dies or loses the store (default 15 000 ms; renewed every third of it while held).
   */
  leaseTtlMs?: number;
  /** Client-side pacing of calls a cloud throttles (see docs/pacing.md); `{ enabled: false }` turns it off. */
  pacing?: PacingOptions;
}

/**
 * Connection configs, with checks that their driver, credential and region fit together. Each is
 * sealed with the store's encryption key (see `seal`), so none changed outside the SDK is opened.
 */
export class Connections {
  readonly #registry: ConnectionRegistry;
  readonly #owner: CloudBarista;
  readonly #box: () => SecretBox;

  constructor(registry: ConnectionRegistry, owner: CloudBarista, box: () => SecretBox) {
    this.#registry = registry;
    this.#owner = owner;
    this.#box = box;
  }

  /**
   * Registers a config, sealed with the store's encryption key (which it therefore needs);
   * AlreadyExists if the name is taken.
   */
  async add(config: ConnectionConfig): Promise<ConnectionConfig> {
    return publicConfig(await this.#registry.add(await this.#seal(this.#check(config))));
  }

  /**
   * Registers a config unless the same one exists (then nothing changes, so a program can run
   * twice); another of that name is AlreadyExists with rule "differs".
   */
  ensure(config: ConnectionConfig): Promise<ConnectionConfig> {
    return this.#put(config, "ensure");
  }

  /**
   * Registers a config or replaces the one of that name (the next use opens the new one). Refused
   * (Conflict, rule "in-use") while the connection tracks resources: they belong to the old one.
   */
  upsert(config: ConnectionConfig): Promise<ConnectionConfig> {
    return this.#put(config, "upsert");
  }

  async #put(config: ConnectionConfig, mode: "ensure" | "upsert"): Promise<ConnectionConfig> {
    const checked = this.#check(config);
    const sealed = await this.#seal(checked);
    const result = await this.#registry.ensureOrUpsert(
      sealed,
      mode,
      (stored) => canonicalJson(publicConfig(stored)) === canonicalJson(checked),
      async () => {
        const tracked = await this.#owner.shared.iids.listConnection(checked.name);
        if (tracked.length > 0) {
          throw inUseError("connection", checked.name, `${tracked.length} tracked resource(s)`);
        }
      },
    );
    if (result === sealed) await this.#owner.forget(checked.name); // written: drop a runtime of the old one
    return publicConfig(result);
  }

  /** A config's fields checked, its driver registered and its endpoint one the driver accepts. */
  #check(config: ConnectionConfig): ConnectionConfig {
    requireFields<ConnectionConfig>(
      "request",
      config,
      ["name", "driver", "credential", "region", "endpoint", "deriveCloudNames"],
      "",
    );
    const checked: ConnectionConfig = {
      name: requireName("name", config.name),
      driver: requireName("driver", config.driver),
      credential: requireName("credential", config.credential),
      region: requireName("region", config.region),
    };
    if (config.deriveCloudNames !== undefined) {
      checked.deriveCloudNames = requireBoolean("deriveCloudNames", config.deriveCloudNames);
    }
    const driver = this.#owner.drivers.get(checked.driver);
    if (config.endpoint !== undefined) {
      checkEndpoint(driver.provider, config.endpoint, driver.endpoints);
      checked.endpoint = typeof config.endpoint === "string" ? config.endpoint : { ...config.endpoint };
    }
    return checked;
  }

  /**
   * Seals a config the SDK refuses to open (PermissionDenied, rule "sealed-config"): one stored by
   * an older SDK, or one changed outside the SDK on purpose. Check first that it says what you
   * want (driver, endpoint, credential, region): sealing accepts it as it stands.
   */
  async seal(name: string): Promise<ConnectionConfig> {
    const { config, revision } = await this.#registry.stored(name);
    const sealed = await this.#seal(config);
    if (!(await this.#registry.replace(sealed, revision))) {
      throw new BaristaError("Conflict", `connection "${name}" changed while it was being sealed; try again`);
    }
    await this.#owner.forget(name); // a runtime opened before goes; the next use opens the sealed config
    return publicConfig(sealed);
  }

  /** Checks a config's references and seals it: its credential by name and id, its region, all of it. */
  async #seal(config: ConnectionConfig): Promise<StoredConnectionConfig> {
    const { credentialId: _, seal: __, ...plain } = config as StoredConnectionConfig;
    const driver = this.#owner.drivers.get(requireString("driver", plain.driver));
    const credential = await this.#owner.credentials.get(requireString("credential", plain.credential));
    const region = await this.#owner.regions.get(requireString("region", plain.region));
    if (credential.provider !== driver.provider) {
      throw invalidArgument(
        "credential",
        "provider-match",
        `is for ${credential.provider}, the driver is for ${driver.provider}`,
      );
    }
    if (region.provider !== driver.provider) {
      throw invalidArgument(
        "region",
        "provider-match",
        `is for ${region.provider}, the driver is for ${driver.provider}`,
      );
    }
    if (plain.endpoint !== undefined && typeof plain.endpoint !== "string" && typeof plain.endpoint !== "object") {
      throw invalidArgument("endpoint", "endpoint", "must be a URL or an object of service name to URL");
    }
    const box = this.#box();
    const stored: StoredConnectionConfig = {
      ...plain,
      credentialId: await this.#owner.credentials.sealedId(plain.credential),
    };
    return { ...stored, seal: box.tag(connectionSealData(stored, region)) };
  }

  /** A connection config, without its seal. */
  async get(name: string): Promise<ConnectionConfig> {
    return publicConfig(await this.#registry.get(name));
  }

  /** Every connection config, without their seals. */
  async list(): Promise<ConnectionConfig[]> {
    return (await this.#registry.list()).map(publicConfig);
  }

  /**
   * Removes a config. Refused while the connection still tracks resources (destroy them first,
   * or pass `force` to forget them and leave them in the cloud).
   */
  async remove(name: string, options: { force?: boolean } = {}): Promise<void> {
    requireName("name", name);
    requireOptions(options, ["force"]);
    await this.#registry.get(name);
    const tracked = await this.#owner.shared.iids.listConnection(name);
    if (tracked.length > 0 && !options.force) {
      throw new BaristaError("Conflict", `connection "${name}" still tracks ${tracked.length} resource(s)`);
    }
    await this.#owner.shared.iids.remove(...tracked);
    await this.#owner.shared.cache.invalidate(name);
    await this.#owner.forget(name);
    await this.#registry.remove(name);
  }

  /** Connection names that use a credential or region. */
  async using(field: "credential" | "region", name: string): Promise<string[]> {
    requireOneOf("field", field, ["credential", "region"]);
    requireName("name", name);
    return (await this.#registry.list()).filter((c) => c[field] === name).map((c) => c.name);
  }
}

/** A config as the application sees it: without the seal and the credential id. */
function publicConfig(config: StoredConnectionConfig): ConnectionConfig {
  const { credentialId: _, seal: __, ...plain } = config;
  return plain;
}

/** What every use of a closed instance, or of a connection obtained from it, fails with. */
const instanceClosed = (): BaristaError => closedError("this CloudBarista instance", "create a new one to go on");

/** The store as the instance uses it: every call is refused once the instance is closed. */
function closableStore(store: Store, assertOpen: () => void): Store {
  const open = async <T>(call: () => Promise<T>): Promise<T> => {
    assertOpen();
    return call();
  };
  const leases = store.leases;
  return {
    ...(leases && {
      leases: {
        clock: leases.clock,
        shared: leases.shared,
        grant: (ttlMs, options) => open(() => leases.grant(ttlMs, options)),
        keepAlive: (lease, options) => open(() => leases.keepAlive(lease, options)),
        revoke: (lease, options) => open(() => leases.revoke(lease, options)),
      },
    }),
    get: (key, options) => open(() => store.get(key, options)),
    put: (key, value, options) => open(() => store.put(key, value, options)),
    delete: (key, options) => open(() => store.delete(key, options)),
    list: (prefix, options) => open(() => store.list(prefix, options)),
    commit: (operations, options) => open(() => store.commit(operations, options)),
    // Closing stays possible: the store is the caller's to close, also after the instance.
    close: () => store.close(),
  };
}

/**
 * The runtime's shared state, behind getters that refuse once the instance is closed. Every
 * operation of every service reads it (IIDs, lock, cache, clock) before it touches the store or
 * the cloud, so connections obtained earlier cannot quietly reopen a cloud connection.
 */
function closableShared(shared: RuntimeShared, assertOpen: () => void): RuntimeShared {
  const view = {} as RuntimeShared;
  for (const key of Object.keys(shared) as (keyof RuntimeShared)[]) {
    const get = (): unknown => {
      assertOpen();
      return shared[key];
    };
    Object.defineProperty(view, key, { enumerable: true, get });
  }
  return view;
}

/**
 * An SDK instance: registries, the runtime around drivers, and the state they share. Create one
 * per application (or per tenant); instances share nothing. After `close()`, every use of the
 * instance and of its connections fails with a Conflict error whose `rule` is "closed".
 */
export class CloudBarista {
  readonly credentials: CredentialRegistry;
  readonly regions: RegionRegistry;
  readonly connections: Connections;
  /** The store the instance keeps its state in (layers such as MCIS keep theirs beside it). */
  readonly store: Store;
  readonly shared: RuntimeShared;
  readonly #drivers = new DriverRegistry();
  readonly #history: CallHistory;
  readonly #lock: SpongeLock;
  readonly #lease: OwnerLease | undefined;
  readonly #open = new Map<string, Promise<Connection>>();
  readonly #runtimes = new Map<string, ConnectionRuntime>();
  #box: SecretBox | undefined;
  readonly #secretBox: () => SecretBox;
  readonly #connectionRegistry: ConnectionRegistry;
  #closed = false;

  constructor(options: CloudBaristaOptions) {
    const clock = options.clock ?? systemClock;
    const assertOpen = (): void => this.#assertOpen();
    this.store = closableStore(options.store, assertOpen);
    const logger = options.logger ?? noopLogger;
    const key = options.encryptionKey ?? process.env.CLOUD_BARISTA_ENCRYPTION_KEY;
    const box = (): SecretBox => {
      if (key === undefined || key === "") {
        throw invalidArgument(
          "encryptionKey",
          "required",
          "give an encryption key (or set CLOUD_BARISTA_ENCRYPTION_KEY) to store credentials",
        );
      }
      return (this.#box ??= SecretBox.from(key));
    };
    this.#secretBox = box;
    const connectionRegistry = (this.#connectionRegistry = new ConnectionRegistry(this.store));
    this.connections = new Connections(connectionRegistry, this, box);
    this.credentials = new CredentialRegistry(
      this.store,
      box,
      this.#drivers,
      (c) => this.connections.using("credential", c),
      // Connections opened with a credential's old values reopen with the new ones.
      async (c) => {
        for (const name of await this.connections.using("credential", c)) await this.forget(name);
      },
    );
    this.regions = new RegionRegistry(this.store, (r) => this.connections.using("region", r));
    // The history flushes while the instance closes, so it writes to the store directly.
    this.#history = new CallHistory({ store: options.store, clock, logger, ...options.history });
    // The lease works on the store directly, so that closing the instance can still revoke it.
    const { leases } = options.store;
    this.#lease = leases && new OwnerLease({ store: options.store, ttlMs: options.leaseTtlMs, logger });
    // Only a store other processes can reach needs its keys: an in-process lock is far cheaper.
    this.#lock = new SpongeLock(leases?.shared ? { storeLease: this.#lease } : {});
    const shared: RuntimeShared = {
      iids: new IidStore(this.store),
      lock: this.#lock,
      lease: this.#lease,
      history: this.#history,
      cache: new MetadataCache({
        store: this.store,
        clock,
        logger,
        ...(options.cacheTtls ? { ttls: options.cacheTtls } : {}),
      }),
      clock,
      logger,
      retryPolicy: { ...defaultRetryPolicy, ...options.retryPolicy },
      timeouts: { ...defaultOperationTimeouts, ...options.timeouts },
      pacer: new ThrottlePacer(clock, options.pacing),
    };
    this.shared = closableShared(shared, assertOpen);
  }

  get drivers(): DriverRegistry {
    this.#assertOpen();
    return this.#drivers;
  }

  get history(): CallHistory {
    this.#assertOpen();
    return this.#history;
  }

  get lock(): SpongeLock {
    this.#assertOpen();
    return this.#lock;
  }

  /** The named connection, ready to use (its cloud connection opens on first use). */
  async connection(name: string): Promise<Connection> {
    this.#assertOpen();
    requireName("name", name);
    let open = this.#open.get(name);
    if (!open) {
      open = this.#build(name);
      this.#open.set(name, open);
      open.catch(() => this.#open.delete(name));
    }
    return open;
  }

  /**
   * Closes cloud connections and flushes call history. The store stays open (it is the caller's),
   * but the instance and its connections refuse every later use; closing again does nothing.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#runtimes.keys()].map((name) => this.forget(name)));
    await this.#history.close();
    await this.#lease?.close();
  }

  /** Drops the open runtime of a connection (on removal). */
  async forget(name: string): Promise<void> {
    this.#open.delete(name);
    const rt = this.#runtimes.get(name);
    this.#runtimes.delete(name);
    await rt?.close();
  }

  async #build(name: string): Promise<Connection> {
    const config = await this.#connectionRegistry.get(name);
    const region = await this.regions.get(config.region);
    const driver = this.drivers.get(config.driver);
    const rt = new ConnectionRuntime({
      config,
      driver,
      region,
      // Runs before the driver connects: nothing reaches a cloud from a config that fails its seal.
      credential: () => this.#unseal(config, region),
      shared: this.shared,
    });
    this.#runtimes.set(name, rt);
    return new Connection(rt);
  }

  /** The credential values of a config whose seal holds, for the credential it was sealed with. */
  async #unseal(config: StoredConnectionConfig, region: RegionConfig): Promise<Record<string, string>> {
    const box = this.#secretBox();
    if (config.seal === undefined || config.credentialId === undefined) {
      throw sealedConfigError("connection", config.name, "has no seal (stored by an older SDK)");
    }
    if (!box.verifyTag(connectionSealData(config, region), config.seal)) {
      throw (await isOtherKey(this.store, box))
        ? otherKeyError()
        : sealedConfigError("connection", config.name, "was changed outside the SDK (or its region was)");
    }
    return (await this.credentials.reveal(config.credential, { id: config.credentialId })).values;
  }

  #assertOpen(): void {
    if (this.#closed) throw instanceClosed();
  }
}

/** Creates an SDK instance (the same as `new CloudBarista(options)`). */
export function createCloudBarista(options: CloudBaristaOptions): CloudBarista {
  return new CloudBarista(options);
}
