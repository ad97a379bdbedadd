import { noopLogger, notFound, systemClock } from "@cloud-barista/core";
import type { Clock, Logger, Store } from "@cloud-barista/core";
import type { MetricQuery, MetricQueryResult } from "../query/types.js";
import type { AlertRule } from "./rule.js";
import { breaks, clears, ruleQuery, validateRule } from "./rule.js";

/** A change of an alert: it started firing, or it resolved. */
export interface AlertEvent {
  type: "firing" | "resolved";
  rule: string;
  /** The group the alert is about (e.g. ns, mcis, subgroup, vm). */
  tags: Record<string, string>;
  value: number;
  threshold: number;
  comparison: AlertRule["comparison"];
  /** When the condition began (firing) or when it resolved, ms since the epoch. */
  since: number;
  at: number;
  message?: string;
}

/** Receives events; a rejection is logged (a webhook handler retries on its own first). */
export type AlertHandler = (event: AlertEvent) => void | Promise<void>;

/** The persisted state of one alert (a rule and a group). */
export interface AlertState {
  rule: string;
  tags: Record<string, string>;
  state: "pending" | "firing";
  since: number;
  value: number;
}

/** Where an {@link AlertEngine} keeps rules and states, what it queries and whom it tells. */
export interface AlertEngineOptions {
  /** core's Store: rules and alert states live there, so both survive a restart. */
  store: Store;
  /** Answers the rules' queries (an EmbeddedStore). */
  metrics: {
    /** Runs one rule's query. */
    query(query: MetricQuery): MetricQueryResult;
  };
  /** Told about every firing and resolved event (more with `addHandler`). */
  handlers?: readonly AlertHandler[];
  /** Times events and `forMs` durations (default: the system clock). */
  clock?: Clock;
  /** Where failed evaluations and handlers are reported (default: nowhere). */
  logger?: Logger;
  /** Key prefix in the store (default "monitor/alerts/"). */
  prefix?: string;
  /** How often rules run (default 10 s; 0: only when `evaluate()` is called). */
  evaluateIntervalMs?: number;
}

/** Evaluates alert rules on a timer, persists their states and tells the handlers about changes. */
export class AlertEngine {
  readonly #store: Store;
  readonly #metrics: AlertEngineOptions["metrics"];
  readonly #handlers: AlertHandler[];
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #prefix: string;
  readonly #deliveries = new Set<Promise<void>>();
  readonly #chains = new Map<AlertHandler, Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<AlertEvent[]> | undefined;

  constructor(options: AlertEngineOptions) {
    this.#store = options.store;
    this.#metrics = options.metrics;
    this.#handlers = [...(options.handlers ?? [])];
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? noopLogger;
    this.#prefix = options.prefix ?? "monitor/alerts/";
    const interval = options.evaluateIntervalMs ?? 10_000;
    if (interval > 0) {
      this.#timer = setInterval(() => {
        this.evaluate().catch((error: unknown) =>
          this.#logger.error("alert evaluation failed", { error: String(error) }),
        );
      }, interval);
      this.#timer.unref();
    }
  }

  /** Adds or replaces a rule (validated first). */
  async putRule(rule: AlertRule): Promise<void> {
    validateRule(rule);
    await this.#store.put(`${this.#prefix}rules/${rule.name}`, JSON.stringify(rule));
  }

  /** Removes a rule and its alert states (no resolved event is sent). */
  async removeRule(name: string): Promise<void> {
    const existed = await this.#store.delete(`${this.#prefix}rules/${name}`);
    if (!existed) throw notFound("alert rule", name);
    const states = await this.#store.list(`${this.#prefix}state/${name}/`);
    if (states.length > 0) await this.#store.commit(states.map((s) => ({ op: "delete", key: s.key })));
  }

  /** Every rule in the store. */
  async rules(): Promise<AlertRule[]> {
    return (await this.#store.list(`${this.#prefix}rules/`)).map((e) => JSON.parse(e.value) as AlertRule);
  }

  /** Alerts pending or firing now. */
  async states(): Promise<AlertState[]> {
    return (await this.#store.list(`${this.#prefix}state/`)).map((e) => JSON.parse(e.value) as AlertState);
  }

  /** Tells one more handler about the events from now on. */
  addHandler(handler: AlertHandler): void {
    this.#handlers.push(handler);
  }

  /** Runs every rule once; returns the events it raised (handlers get them too). */
  evaluate(): Promise<AlertEvent[]> {
    this.#running ??= this.#evaluate().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #evaluate(): Promise<AlertEvent[]> {
    const now = this.#clock.now();
    const events: AlertEvent[] = [];
    for (const rule of await this.rules()) {
      const windowMs = rule.windowMs ?? 60_000;
      let result: MetricQueryResult;
      try {
        result = this.#metrics.query({ ...ruleQuery(rule, windowMs), from: now - windowMs, to: now });
      } catch (error) {
        this.#logger.warn("alert rule query failed", { rule: rule.name, error: String(error) });
        continue;
      }
      const statePrefix = `${this.#prefix}state/${rule.name}/`;
      const current = new Map((await this.#store.list(statePrefix)).map((e) => [e.key, e]));
      for (const series of result.series) {
        const value = series.points.at(-1)?.[1];
        if (value === undefined || Number.isNaN(value)) continue;
        const key = statePrefix + encodeURIComponent(JSON.stringify(series.tags));
        const entry = current.get(key);
        const state = entry ? (JSON.parse(entry.value) as AlertState) : undefined;
        const event = (type: AlertEvent["type"], since: number): AlertEvent => ({
          type,
          rule: rule.name,
          tags: series.tags,
          value,
          threshold: rule.threshold,
          comparison: rule.comparison,
          since,
          at: now,
          ...(rule.message === undefined ? {} : { message: rule.message }),
        });
        const save = (s: AlertState) => this.#store.put(key, JSON.stringify(s));
        if (!state) {
          if (!breaks(rule, value)) continue;
          if ((rule.forMs ?? 0) <= 0) {
            await save({ rule: rule.name, tags: series.tags, state: "firing", since: now, value });
            events.push(event("firing", now));
          } else {
            await save({ rule: rule.name, tags: series.tags, state: "pending", since: now, value });
          }
        } else if (state.state === "pending") {
          if (!breaks(rule, value)) await this.#store.delete(key);
          else if (now - state.since >= (rule.forMs ?? 0)) {
            await save({ ...state, state: "firing", value });
            events.push(event("firing", state.since));
          }
        } else if (clears(rule, value)) {
          await this.#store.delete(key);
          events.push(event("resolved", now));
        }
        // No data for a group leaves its state as it is: a silent VM neither fires nor resolves.
      }
    }
    for (const e of events) this.#deliver(e);
    return events;
  }

  // Each handler gets events one at a time, in order: a resolved event never overtakes the
  // firing one that a webhook is still retrying.
  #deliver(event: AlertEvent): void {
    for (const handler of this.#handlers) {
      const previous = this.#chains.get(handler) ?? Promise.resolve();
      const delivery = previous.then(async () => {
        try {
          await handler(event);
        } catch (error) {
          this.#logger.error("alert handler failed", { rule: event.rule, type: event.type, error: String(error) });
        }
      });
      this.#chains.set(handler, delivery);
      this.#deliveries.add(delivery);
      void delivery.finally(() => this.#deliveries.delete(delivery));
    }
  }

  /** Waits for deliveries in flight (webhook retries included). */
  async flush(): Promise<void> {
    await this.#running;
    await Promise.all([...this.#deliveries]);
  }

  /** Stops the timer and waits for deliveries; the store stays open (it is the caller's). */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.flush();
  }
}
