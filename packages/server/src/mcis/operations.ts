import { randomUUID } from "node:crypto";
import type { McisProgressEvent, ProgressListener } from "@cloud-barista/mcis";
import type { ErrorBody } from "../http/errors.js";
import { errorAnswer } from "../http/errors.js";

export type OperationKind = "create" | "control" | "scaleOut" | "delete";
export type OperationState = "running" | "succeeded" | "failed";

/** One event of an operation's stream: `progress` per VM, then `done` or `error`. */
export interface OperationEvent {
  id: number;
  event: "progress" | "done" | "error";
  data: unknown;
}

/** What is said about an operation on its namespace's stream when it starts and ends. */
export interface OperationNotice {
  operationId: string;
  kind: OperationKind;
  action: string;
  mcisId: string;
  state: OperationState;
}

/**
 * Events of one namespace for the page: every operation's progress and its start and end. A
 * tenant's hub is its own (one per tenant state), so no listener hears another tenant.
 */
export class NamespaceHub {
  readonly #listeners = new Map<string, Set<(event: string, data: unknown) => void>>();

  subscribe(namespace: string, listener: (event: string, data: unknown) => void): () => void {
    let set = this.#listeners.get(namespace);
    if (!set) this.#listeners.set(namespace, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(namespace);
    };
  }

  publish(namespace: string, event: string, data: unknown): void {
    for (const listener of this.#listeners.get(namespace) ?? []) listener(event, data);
  }
}

/** Events kept per operation for late subscribers; an MCIS of 9,999 VMs makes about 3 per VM. */
const maxEvents = 40_000;

/** A long MCIS operation run in the background: its events are kept so a late subscriber sees all of them. */
export class Operation {
  readonly id = randomUUID();
  readonly startedAt = new Date();
  finishedAt: Date | undefined;
  state: OperationState = "running";
  error: ErrorBody | undefined;
  /** The error itself, for a blocking request to throw (never sent as it is: `error` is its answer). */
  failure: unknown;
  result: unknown;
  readonly progress = { done: 0, failed: 0, total: 0 };
  readonly events: OperationEvent[] = [];
  readonly #listeners = new Set<(event: OperationEvent) => void>();
  #settled: Promise<void> = Promise.resolve();

  readonly kind: OperationKind;
  readonly action: string;
  readonly namespace: string;
  readonly mcisId: string;
  readonly hub: NamespaceHub;

  constructor(kind: OperationKind, action: string, namespace: string, mcisId: string, hub: NamespaceHub) {
    this.kind = kind;
    this.action = action;
    this.namespace = namespace;
    this.mcisId = mcisId;
    this.hub = hub;
  }

  /** Runs `work` with a progress listener; resolves when it settled (never rejects). */
  start(work: (onProgress: ProgressListener) => Promise<unknown>): Promise<void> {
    this.#notice();
    this.#settled = work((event) => this.#progress(event)).then(
      (result) => {
        this.result = result;
        this.#finish("succeeded", "done", result);
      },
      (error: unknown) => {
        this.failure = error;
        this.error = errorAnswer(error).body;
        this.#finish("failed", "error", this.error);
      },
    );
    return this.#settled;
  }

  get settled(): Promise<void> {
    return this.#settled;
  }

  /** Replays the kept events, then calls `listener` for new ones until unsubscribed. */
  subscribe(listener: (event: OperationEvent) => void): () => void {
    for (const event of this.events) listener(event);
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #progress(event: McisProgressEvent): void {
    Object.assign(this.progress, { done: event.done, failed: event.failed, total: event.total });
    const data = { ...event, operationId: this.id };
    this.#emit("progress", data);
    this.hub.publish(this.namespace, "progress", data);
  }

  #finish(state: OperationState, event: "done" | "error", data: unknown): void {
    this.state = state;
    this.finishedAt = new Date();
    this.#emit(event, data);
    this.#notice();
  }

  #emit(event: OperationEvent["event"], data: unknown): void {
    const entry = { id: this.events.length + 1, event, data };
    if (this.events.length < maxEvents || event !== "progress") this.events.push(entry);
    for (const listener of this.#listeners) listener(entry);
  }

  #notice(): void {
    const notice: OperationNotice = {
      operationId: this.id,
      kind: this.kind,
      action: this.action,
      mcisId: this.mcisId,
      state: this.state,
    };
    this.hub.publish(this.namespace, "operation", notice);
  }
}

/** Finished operations kept per tenant (running ones are always kept). */
const keptFinished = 200;

/** A tenant's operations, by id. */
export class Operations {
  readonly #byId = new Map<string, Operation>();

  add(operation: Operation): Operation {
    this.#byId.set(operation.id, operation);
    const finished = [...this.#byId.values()].filter((o) => o.state !== "running");
    for (const old of finished.slice(0, Math.max(0, finished.length - keptFinished))) this.#byId.delete(old.id);
    return operation;
  }

  get(id: string): Operation | undefined {
    return this.#byId.get(id);
  }

  list(): Operation[] {
    return [...this.#byId.values()];
  }

  /** Resolves when every running operation settled (for a clean shutdown and tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.#byId.values()].map((o) => o.settled));
  }
}
