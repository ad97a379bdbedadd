import { BaristaError, isBaristaError, notFound, notSupported } from "../errors.js";
import { supportsOperation } from "../driver/capabilities.js";
import type { OptionalOperation } from "../driver/capabilities.js";
import type { CallContext } from "../driver/call-context.js";
import type { CloudConnection, CloudDriver } from "../driver/driver.js";
import type { HandlerMap, HandlerName } from "../driver/handlers.js";
import type { CallHistory } from "../history/call-history.js";
import { lockKeys } from "../lock/lock-key.js";
import type { LockKey } from "../lock/lock-key.js";
import type { OwnerLease } from "../lock/owner-lease.js";
import type { SpongeLock, LockRequest } from "../lock/sponge-lock.js";
import type { MetadataCache } from "../cache/metadata-cache.js";
import type { IID, ResourceType, Tags, TrackedType } from "../model/common.js";
import type { ProviderName } from "../model/provider.js";
import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/logger.js";
import type { RetryPolicy } from "../util/retry.js";
import { childSignal, neverAbortingSignal } from "../util/abort.js";
import type { ThrottlePacer } from "./calls/pacer.js";
import type { OperationTimeouts } from "./timeouts.js";
import type { IidRecord, IidStore } from "./iid-store.js";
import { createCallContext } from "./calls/native-calls.js";
import { RecentCreates } from "./calls/recent-creates.js";
import { checkCloudName, deriveCloudName } from "./naming.js";
import { createRedactor, redactError } from "./redact.js";
import type { Redactor } from "./redact.js";
import type { ConnectionConfig, RegionConfig } from "./registry.js";
import { requireTagRules, requireTags } from "./validate.js";

export interface RuntimeShared {
  iids: IidStore;
  lock: SpongeLock;
  /** This instance's lease in the store, when the store has leases: claims of creates hang on it. */
  lease: OwnerLease | undefined;
  history: CallHistory;
  cache: MetadataCache;
  clock: Clock;
  logger: Logger;
  retryPolicy: RetryPolicy;
  timeouts: OperationTimeouts;
  /** Learns the clouds' rate limits per account, region and API (see docs/pacing.md). */
  pacer: ThrottlePacer;
}

export interface OperationSpec {
  /** e.g. "vm.create", for logs. */
  operation: string;
  resourceType: string;
  resourceName?: string | undefined;
  locks: LockRequest[];
  abortSignal?: AbortSignal | undefined;
}

const neverAborted = neverAbortingSignal();

/** One registered connection at run time: its driver, open cloud connection, names and locks. */
export class ConnectionRuntime {
  readonly name: string;
  readonly driver: CloudDriver;
  readonly region: RegionConfig;
  readonly shared: RuntimeShared;
  readonly #config: ConnectionConfig;
  readonly #credential: () => Promise<Record<string, string>>;
  /** Ids this connection created lately, for reads right after a create. */
  readonly recent: RecentCreates;
  #open: Promise<{ connection: CloudConnection; redact: Redactor }> | undefined;
  #unavailable: Promise<ReadonlySet<HandlerName>> | undefined;

  constructor(options: {
    config: ConnectionConfig;
    driver: CloudDriver;
    region: RegionConfig;
    credential: () => Promise<Record<string, string>>;
    shared: RuntimeShared;
  }) {
    this.name = options.config.name;
    this.#config = options.config;
    this.driver = options.driver;
    this.region = options.region;
    this.#credential = options.credential;
    this.shared = options.shared;
    this.recent = new RecentCreates(options.shared.timeouts.readAfterCreateMs);
  }

  get provider(): ProviderName {
    return this.driver.provider;
  }

  /** The cloud connection, opened once and reused (a failed open is retried by the next call). */
  #connection(abortSignal?: AbortSignal): Promise<{ connection: CloudConnection; redact: Redactor }> {
    this.#open ??= (async () => {
      const credential = await this.#credential();
      const info = {
        connectionName: this.name,
        credential,
        region: this.region.region,
        zone: this.region.zone,
        endpoint: this.#config.endpoint,
        clock: this.shared.clock,
        logger: this.shared.logger,
      };
      const redact = createRedactor(Object.values(credential));
      const connection = await this.driver.connect(info, { abortSignal }).catch((error: unknown) => {
        throw redactError(
          isBaristaError(error)
            ? error
            : new BaristaError("ProviderError", error instanceof Error ? error.message : String(error), {
                provider: this.provider,
                cause: error,
              }),
          redact,
        );
      });
      return { connection, redact };
    })();
    this.#open.catch(() => (this.#open = undefined));
    return this.#open;
  }

  async close(): Promise<void> {
    const open = this.#open;
    this.#open = undefined;
    this.#unavailable = undefined;
    if (open) await (await open).connection.close().catch(() => undefined);
  }

  /** The driver's vendor clients of this connection (see `Connection.vendorClient`). */
  async vendorClient(): Promise<unknown> {
    const { connection } = await this.#connection();
    if (!connection.vendorClient) throw notSupported(this.provider, "vendor clients");
    return connection.vendorClient();
  }

  async handler<K extends HandlerName>(name: K): Promise<HandlerMap[K]> {
    if (!this.driver.capabilities.handlers[name]) throw notSupported(this.provider, `the ${name} handler`);
    const { connection } = await this.#connection();
    const handler = connection[name];
    if (!handler) throw notSupported(this.provider, `the ${name} handler`);
    if ((await this.unavailableHandlers()).has(name)) {
      throw notSupported(
        this.provider,
        `the ${name} handler in region ${this.region.region} (its service is missing there)`,
      );
    }
    return handler as HandlerMap[K];
  }

  /** Handlers the driver has but this connection's region lacks; asked of the driver once per connection. */
  async unavailableHandlers(abortSignal?: AbortSignal): Promise<ReadonlySet<HandlerName>> {
    const { connection } = await this.#connection(abortSignal);
    if (!connection.unavailable) return new Set();
    this.#unavailable ??= this.context("connection", undefined, abortSignal).then(
      async (ctx) => new Set(await connection.unavailable?.(ctx)),
    );
    this.#unavailable.catch(() => (this.#unavailable = undefined));
    return this.#unavailable;
  }

  /**
   * Tags must be well-formed, by the SDK's rules and the cloud's own (InvalidArgument). Returns the
   * checked copy to hand on (without a prototype: "__proto__" stays a key), or undefined. Whether
   * the type is taggable here is `requireTaggable`'s, checked once the whole request is.
   */
  checkTags(field: string, tags: unknown): Tags | undefined {
    const checked = requireTags(field, tags);
    for (const [key, value] of Object.entries(checked ?? {})) {
      requireTagRules(`${field}.${key}`, key, value, this.driver.capabilities.tagRules);
    }
    return checked;
  }

  /** Tags on a type this cloud cannot tag are refused (NotSupported), never dropped in silence. */
  requireTaggable(field: string, type: ResourceType, tags: Tags | undefined): void {
    if (tags && Object.keys(tags).length > 0 && !this.driver.capabilities.tagResourceTypes.includes(type)) {
      throw new BaristaError("NotSupported", `${field}: ${this.provider} does not support tags on ${type}`, {
        provider: this.provider,
        field,
        rule: "taggable",
      });
    }
  }

  requireOperation(operation: OptionalOperation): void {
    if (!supportsOperation(this.driver.capabilities, operation)) throw notSupported(this.provider, operation);
  }

  /**
   * The Sponge Lock key of a resource, in the lock's last layer: an orchestration layer (MCIS) may
   * hold its own keys while the runtime takes resource keys inside it.
   */
  lockKey(type: TrackedType, name: string, owner?: string): LockKey {
    return lockKeys.resource(this.name, type, name, owner);
  }

  /**
   * The account part of pacing keys: provider, credential identity (the credential's random id,
   * never a secret) and cloud region. Connections sharing them share the cloud's rate limits.
   */
  get #paceAccount(): string {
    const config = this.#config as ConnectionConfig & { credentialId?: string };
    return `${this.provider}|${config.credentialId ?? config.credential}|${this.region.region}`;
  }

  /** A CallContext for one operation; every native call it makes is retried and recorded. */
  async context(
    resourceType: string,
    resourceName: string | undefined,
    abortSignal?: AbortSignal,
  ): Promise<CallContext> {
    const { redact } = await this.#connection(abortSignal);
    const { clock, logger, retryPolicy, history, timeouts } = this.shared;
    const scope = {
      provider: this.provider,
      connection: this.name,
      region: this.region.region,
      zone: this.region.zone,
      resourceType,
      resourceName,
    };
    return createCallContext(scope, abortSignal ?? neverAborted, {
      clock,
      logger,
      redact,
      retryPolicy,
      record: (r) => history.record(r),
      apis: this.driver.apis,
      recent: this.recent,
      timeouts,
      pacing: { pacer: this.shared.pacer, account: this.#paceAccount },
    });
  }

  /**
   * Runs `fn`, redacting the credential's values from a BaristaError it throws: a driver's own
   * error (not a native call's, redacted already) may quote a value it was given, such as an id
   * to register that is a credential value.
   */
  async redacted<T>(fn: () => Promise<T>, abortSignal?: AbortSignal): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (!isBaristaError(error)) throw error;
      throw redactError(error, (await this.#connection(abortSignal)).redact);
    }
  }

  /** `items`, a driver's listing, with the credential's values redacted from an error it throws (see `redacted`). */
  async *redactedEach<T>(items: AsyncIterable<T>, abortSignal?: AbortSignal): AsyncGenerator<T, void, undefined> {
    try {
      yield* items;
    } catch (error) {
      if (!isBaristaError(error)) throw error;
      throw redactError(error, (await this.#connection(abortSignal)).redact);
    }
  }

  /** Runs one operation under its locks, with a CallContext and a log line. */
  async run<T>(spec: OperationSpec, fn: (ctx: CallContext) => Promise<T>): Promise<T> {
    const { lock, logger } = this.shared;
    const started = performance.now();
    const attrs = { connection: this.name, operation: spec.operation, resource: spec.resourceName };
    try {
      // The lock's signal also fires when its keys are lost in a shared store: the operation stops.
      const result = await lock.run(
        spec.locks,
        async (signal) => {
          // The operation's own signal: what listens during its calls lists itself there, not on
          // a signal shared by thousands of operations in flight.
          const own = childSignal(signal);
          try {
            const ctx = await this.context(spec.resourceType, spec.resourceName, own.signal);
            return await this.redacted(() => fn(ctx), own.signal);
          } finally {
            own.release();
          }
        },
        { abortSignal: spec.abortSignal, operation: spec.operation },
      );
      logger.debug("operation done", { ...attrs, elapsedMs: Math.round(performance.now() - started) });
      return result;
    } catch (error) {
      logger.debug("operation failed", { ...attrs, code: isBaristaError(error) ? error.code : "Unknown" });
      throw error;
    }
  }

  /** The cloud-side name for a new resource, derived or checked per the connection's setting. */
  cloudName(field: string, type: TrackedType, name: string): string {
    const rules = this.driver.capabilities.naming;
    return this.#config.deriveCloudNames === false
      ? checkCloudName(field, name, type, rules)
      : deriveCloudName(name, type, rules);
  }

  /** The ready IID record of a name, or NotFound. */
  async resolve(type: TrackedType, name: string, owner?: string): Promise<IidRecord> {
    const record = await this.shared.iids.get(this.name, type, name, owner);
    if (!record || record.state !== "ready") {
      throw notFound(type, name, owner === undefined ? `connection "${this.name}"` : `VPC "${owner}"`);
    }
    return record;
  }

  /** A fresh IID record for a name about to be created. */
  newRecord(
    type: TrackedType,
    name: string,
    cloudName: string,
    extra: { owner?: string; zone?: string } = {},
  ): IidRecord {
    return {
      connection: this.name,
      resourceType: type,
      name,
      cloudName,
      systemId: "",
      state: "pending",
      createdAt: new Date(this.shared.clock.now()),
      ...extra,
    };
  }
}

/** A driver IID for a stored record: the cloud-side name and the cloud id. */
export function driverIid(record: IidRecord): IID {
  return { nameId: record.cloudName, systemId: record.systemId };
}
