import { backoffDelayMs, describeValue, invalidArgument, isBaristaError } from "@cloud-barista/core";
import type { Clock, CloudBarista, Connection, LockKey, Logger, Store } from "@cloud-barista/core";
import { ConcurrencyLimits } from "./limits.js";
import { mcisLimits } from "../model/limits.js";
import { requireNonNegativeInteger } from "../util/validate.js";
import type { ConcurrencyOptions } from "./limits.js";
import { StatusWatcher } from "./status-watcher.js";
import { McisStore } from "../store/mcis-store.js";
import { checkQuotaEntries } from "../quota/entry.js";
import type { QuotaEntry } from "../quota/entry.js";
import { withPrecedence } from "../quota/precedence.js";
import { readReportedQuotas, reportedQuotaEntries } from "../quota/reported.js";

/**
 * What is left of quotas as the application knows it, in placement's `QuotaEntry` shape; asked
 * afresh before every check (dry run, create, scale-out, add-sub-group), so figures can follow use.
 */
export type QuotaSource = (options: { abortSignal?: AbortSignal }) => Promise<readonly QuotaEntry[]>;

/** A private key the cloud handed out once, for a default key pair the engine created. */
export interface CreatedPrivateKey {
  namespace: string;
  connection: string;
  keyPairName: string;
  privateKey: string;
}

/** Options of the MCIS service: the SDK instance, where records live, concurrency limits. */
export interface McisServiceOptions {
  /** The SDK instance whose connections, lock and clock the service uses. */
  barista: CloudBarista;
  /** Where MCIS records live (under `mcis/`); default: the SDK instance's own store. */
  store?: Store;
  concurrency?: ConcurrencyOptions;
  /** How often VM statuses are listed while VMs are awaited (default 2000 ms on the SDK's clock). */
  statusPollMs?: number;
  /** How long a VM may take to run after create (default: the SDK's `timeouts.vmRunningMs`). */
  runningTimeoutMs?: number;
  /** How long suspend, resume and reboot may take (default: the SDK's `timeouts.vmControlMs`). */
  controlTimeoutMs?: number;
  /** Extra create attempts after the cloud keeps throttling (default 10; core already retries a few times). */
  throttleRetries?: number;
  /**
   * Quotas the application knows, for the dry run and for refusing a create that cannot fit.
   * They take precedence over the drivers' reports, figure by figure, per connection.
   */
  quotas?: QuotaSource;
  /**
   * Before each check, read the quotas of the connections involved whose drivers report them
   * (default true). They are read afresh every time: quotas change with every create.
   */
  reportedQuotas?: boolean;
  /**
   * Receives the private key of each default key pair the engine creates. The SDK never stores
   * private keys: keep it (e.g. in a secret manager), or the VMs using the key cannot be reached.
   */
  onPrivateKey?: (key: CreatedPrivateKey) => void | Promise<void>;
  /** Default: the SDK's logger. */
  logger?: Logger;
}

/** What settling a connection left undecided: core records ("<type>/<core name>") still pending. */
export interface Settled {
  pending: ReadonlySet<string>;
}

/** What every MCIS operation uses: the SDK, the records, limits, watchers, settings. */
export class McisEnv {
  readonly barista: CloudBarista;
  readonly store: McisStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly limits: ConcurrencyLimits;
  readonly statusPollMs: number;
  readonly runningTimeoutMs: number;
  readonly controlTimeoutMs: number;
  readonly terminateTimeoutMs: number;
  readonly throttleRetries: number;
  readonly quotas: QuotaSource | undefined;
  readonly reportedQuotas: boolean;
  readonly onPrivateKey: McisServiceOptions["onPrivateKey"];
  readonly #watchers = new Map<string, StatusWatcher>();
  readonly #creating = new Map<string, number>();

  constructor(options: McisServiceOptions) {
    if (!options.barista) throw invalidArgument("barista", "required", "give the SDK instance");
    this.barista = options.barista;
    this.store = new McisStore(options.store ?? options.barista.store);
    const shared = options.barista.shared;
    this.clock = shared.clock;
    this.logger = options.logger ?? shared.logger;
    this.limits = new ConcurrencyLimits(options.concurrency);
    this.statusPollMs = positive("statusPollMs", options.statusPollMs ?? 2_000);
    this.runningTimeoutMs = positive("runningTimeoutMs", options.runningTimeoutMs ?? shared.timeouts.vmRunningMs);
    this.controlTimeoutMs = positive("controlTimeoutMs", options.controlTimeoutMs ?? shared.timeouts.vmControlMs);
    this.terminateTimeoutMs = shared.timeouts.vmTerminatedMs;
    this.throttleRetries = requireNonNegativeInteger(
      "throttleRetries",
      options.throttleRetries ?? 10,
      mcisLimits.throttleRetries,
    );
    this.quotas = options.quotas;
    this.reportedQuotas = options.reportedQuotas ?? true;
    this.onPrivateKey = options.onPrivateKey;
  }

  /**
   * The quota entries a check of VMs in `conns` goes by: the application's, over what the drivers
   * report now. A connection whose quotas cannot be read is logged and left unknown: the cloud
   * still enforces them, and refusing the create for a failed read would be worse.
   */
  async quotaEntries(conns: readonly Connection[], abortSignal?: AbortSignal): Promise<QuotaEntry[]> {
    const options = abortSignal ? { abortSignal } : {};
    const own = this.quotas ? checkQuotaEntries(await this.quotas(options), "quotas") : [];
    if (!this.reportedQuotas) return [...own];
    const reports = await readReportedQuotas(this.barista, conns, {
      abortSignal,
      onFailure: (connection, error) =>
        this.logger.warn("quotas unknown: reading them failed", {
          connection,
          error: error instanceof Error ? error.message : String(error),
        }),
    });
    return withPrecedence(
      own,
      reportedQuotaEntries(reports),
      new Map(conns.map((c) => [c.name, { connection: c.name, provider: c.provider, region: c.region }])),
    );
  }

  /**
   * A registered connection of one of the SDK's providers; an unknown name or provider is an
   * InvalidArgument naming `field`.
   */
  async connection(name: string, field = "connection"): Promise<Connection> {
    let conn: Connection;
    try {
      conn = await this.barista.connection(name);
    } catch (error) {
      if (isBaristaError(error, "NotFound"))
        throw invalidArgument(field, "unknown-connection", `no connection "${name}" is registered`);
      throw error;
    }
    return conn;
  }

  /** The status watcher of a connection (one per connection, shared by operations). */
  watcher(conn: Connection): StatusWatcher {
    let watcher = this.#watchers.get(conn.name);
    if (!watcher) {
      watcher = new StatusWatcher({ conn, clock: this.clock, logger: this.logger, intervalMs: this.statusPollMs });
      this.#watchers.set(conn.name, watcher);
    }
    return watcher;
  }

  /** Runs `fn` while the service counts a create in flight on a connection (see `settle`). */
  async creating<T>(connection: string, fn: () => Promise<T>): Promise<T> {
    this.#creating.set(connection, (this.#creating.get(connection) ?? 0) + 1);
    try {
      return await fn();
    } finally {
      const left = (this.#creating.get(connection) ?? 1) - 1;
      if (left === 0) this.#creating.delete(connection);
      else this.#creating.set(connection, left);
    }
  }

  /**
   * Settles the connection's pending core records (creates that ended without an answer), so a VM
   * the cloud made after all becomes visible and can be deleted. Skipped (false) while this service
   * has creates in flight there: settling must not judge records whose cloud call is still running;
   * `reconcile` settles them later.
   */
  async settle(conn: Connection, abortSignal?: AbortSignal): Promise<Settled | undefined> {
    if (this.#creating.has(conn.name)) return undefined;
    const report = await conn.reconcile(abortSignal ? { abortSignal } : {});
    // Core keeps a record pending while its create may still be in flight: not settled yet.
    return { pending: new Set(report.pending) };
  }

  /**
   * Runs a step of an operation (a default-network create, a VM's termination) under the runtime's
   * retry policy, as core runs each native call: a retryable failure (5xx, timeout, throttling) is
   * tried again, up to `retryPolicy.maxAttempts` tries with its backoff. When `unsettled` says a
   * failure may have left a core record pending (a create without a definite answer), the next try
   * waits `timeouts.pendingSettleMs`, after which core can tell whether the cloud made it.
   */
  async retrying<T>(
    step: () => Promise<T>,
    abortSignal: AbortSignal | undefined,
    unsettled: (error: unknown) => boolean = () => false,
  ): Promise<T> {
    const { retryPolicy, timeouts } = this.barista.shared;
    for (let attempt = 1; ; attempt++) {
      try {
        return await step();
      } catch (error) {
        const retryable = isBaristaError(error) && error.retryable;
        if (!retryable || attempt >= retryPolicy.maxAttempts || abortSignal?.aborted) throw error;
        const backoff = backoffDelayMs(retryPolicy, attempt, Math.random, error.retryAfterMs);
        this.logger.debug("retrying an MCIS step", { attempt, code: error.code });
        await this.clock.sleep(unsettled(error) ? Math.max(backoff, timeouts.pendingSettleMs) : backoff, {
          abortSignal,
        });
      }
    }
  }

  /** Runs `fn` under the exclusive Sponge Lock key of an MCIS. */
  withLock<T>(key: LockKey, abortSignal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    return this.barista.lock.run([{ key, mode: "exclusive" }], fn, abortSignal ? { abortSignal } : {});
  }

  now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

/** A positive number of milliseconds a timer can wait (longer ones would fire at once). */
function positive(field: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
    throw invalidArgument(field, "positive", `must be > 0, got ${describeValue(value)}`);
  if (value > mcisLimits.timerMs)
    throw invalidArgument(field, "max", `must be at most ${mcisLimits.timerMs}, got ${value}`);
  return value;
}
