import { randomUUID } from "node:crypto";
import { Memo, paginate } from "@cloud-barista/core/driver";
import type { CallContext, Clock, DriverSettings, WaitDeadline } from "@cloud-barista/core/driver";
import type { protos } from "@google-cloud/compute";
import type { GcpApi } from "./apis.js";
import { attempts } from "./clients.js";
import type { ComputeClients, GcpClients } from "./clients.js";
import { badAnswer, googleFailure, operationFailure, provider, toBaristaError } from "./errors.js";
import { lastSegment } from "./names.js";

export type Operation = protos.google.cloud.compute.v1.IOperation;

/** How long Compute Engine may hold an Operation's `wait` call before answering (2 minutes). */
const waitAnswerMs = 120_000;

/** Settings of one connection that every handler shares. */
export interface GcpSettings {
  /** The connection's region ("us-central1") and zone ("us-central1-a"). */
  region: string;
  zone: string;
}

/** gax call options of every call: no retries of its own (the runtime retries), one page per call. */
export interface GaxOptions {
  retry: null;
  timeout: number;
  autoPaginate: false;
}

/**
 * What the handlers of one connection share: its clients (made on first use: default credentials
 * may need a lookup), its settings, and the one way of calling Google (through `ctx.call`, one
 * HTTP request per call, errors mapped), of waiting for an Operation and of following pageToken.
 */
/** Starts a mutation through the Compute clients; the first element's `latestResponse` is its Operation. */
type StartOperation = (
  compute: ComputeClients,
  options: GaxOptions,
  requestId: string,
) => Promise<[{ latestResponse?: unknown }, ...unknown[]]>;

export class GcpSession {
  readonly settings: GcpSettings;
  readonly driverSettings: DriverSettings;
  /** The Cloud Billing Catalog's base URL. */
  readonly billingEndpoint: string;
  /** Key pairs' login users and public keys by name (project metadata another tool may change: 5 minutes). */
  readonly publicKeys: Memo<{ user: string; publicKey: string }>;
  readonly #make: () => Promise<GcpClients>;
  #clients: Promise<GcpClients> | undefined;
  #project: string | undefined;

  constructor(
    make: () => Promise<GcpClients>,
    driverSettings: DriverSettings,
    settings: GcpSettings,
    billing: string,
    clock: Clock,
  ) {
    this.publicKeys = new Memo({ clock, ttlMs: 300_000, maxEntries: 1000 });
    this.#make = make;
    this.driverSettings = driverSettings;
    this.settings = settings;
    this.billingEndpoint = billing.replace(/\/$/, "");
  }

  clients(): Promise<GcpClients> {
    this.#clients ??= this.#make().then(
      (c) => {
        this.#project = c.projectId;
        return c;
      },
      (error: unknown) => {
        this.#clients = undefined;
        throw error;
      },
    );
    return this.#clients;
  }

  /** Closes the clients, if they were made. */
  async close(): Promise<void> {
    const clients = await this.#clients?.catch(() => undefined);
    await clients?.close();
  }

  /** The project, known once the clients are made (every handler call makes them first). */
  get project(): string {
    if (this.#project === undefined) throw badAnswer("the project is not known yet");
    return this.#project;
  }

  get options(): GaxOptions {
    return { retry: null, timeout: this.driverSettings.requestTimeoutMs, autoPaginate: false };
  }

  /**
   * One Google call by its API name: `fn` gets the Compute clients and the gax options; it runs
   * once per attempt inside the attempt's context (its abort signal reaches the request).
   */
  call<T>(ctx: CallContext, api: GcpApi, fn: (compute: ComputeClients, options: GaxOptions) => Promise<T>): Promise<T> {
    return this.raw(ctx, api, (clients) => fn(clients.compute, this.options));
  }

  /**
   * One attempt per try of the runtime, run in its own attempt context (its abort signal and
   * Retry-After reach the transport hooks), its failure mapped: what `call` and `rest` share.
   */
  async raw<T>(
    ctx: CallContext,
    api: GcpApi,
    fn: (clients: GcpClients, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const clients = await this.#clientsFor(ctx, api);
    return ctx.call(api, (signal) => {
      const attempt = { signal, sent: false, retryAfter: undefined };
      return attempts.run(attempt, async () => {
        try {
          return await fn(clients, signal);
        } catch (error) {
          throw toBaristaError(error, api, attempt, ctx.clock.now(), signal);
        }
      });
    });
  }

  /**
   * One Google REST call the SDK has no method for, authorized and sent like the SDK's (the same
   * auth client, transport and attempt context): `method` `url` (absolute) with a JSON body.
   */
  rest<T>(
    ctx: CallContext,
    api: GcpApi,
    method: "GET" | "POST" | "DELETE",
    url: (clients: GcpClients) => string,
    body?: unknown,
  ): Promise<T> {
    return this.raw(ctx, api, async (clients, signal) => {
      const auth = api.startsWith("cloudbilling.") ? clients.billingAuth : clients.computeAuth;
      try {
        const answer = await auth.request<T>({
          url: url(clients),
          method,
          signal,
          timeout: this.driverSettings.requestTimeoutMs,
          retry: false,
          ...(body === undefined ? {} : { data: body, headers: { "content-type": "application/json" } }),
        });
        return answer.data;
      } catch (error) {
        const response = (error as { response?: { status?: number; data?: unknown; headers?: Headers } }).response;
        if (response?.status === undefined) throw error;
        throw googleFailure(
          api,
          {
            status: response.status,
            retryAfter: response.headers?.get?.("retry-after") ?? undefined,
            body: response.data,
          },
          ctx.clock.now(),
        );
      }
    });
  }

  /** Makes the clients (the project known from here on), a failure mapped as a call's. */
  async ready(ctx: CallContext): Promise<void> {
    await this.#clientsFor(ctx, "compute.projects.get");
  }

  /** The clients, or (default credentials not found) the failure as the call's own error. */
  async #clientsFor(ctx: CallContext, api: GcpApi): Promise<GcpClients> {
    try {
      return await this.clients();
    } catch (error) {
      throw toBaristaError(error, api, { sent: false, retryAfter: undefined }, ctx.clock.now());
    }
  }

  /**
   * A mutation: its Operation from the first answer, then waited to DONE through the runtime's
   * waiter with the operation's own `wait` (zonal, regional or global, as the Operation says).
   * An Operation DONE with errors is that error (QUOTA_EXCEEDED is QuotaExceeded,
   * ZONE_RESOURCE_POOL_EXHAUSTED CapacityUnavailable). `requestId` is made here, once per user
   * call, so every attempt of the insert carries the same one.
   */
  async mutate(
    ctx: CallContext,
    api: GcpApi,
    fn: StartOperation,
    description: string,
    deadline: WaitDeadline = "vmControl",
    requestId: string = randomUUID(),
  ): Promise<Operation> {
    return this.finish(ctx, api, await this.#start(ctx, api, fn, requestId), description, deadline);
  }

  /** A mutation whose Operation is not waited for (a VM's power change: the runtime polls the VM). */
  async begin(ctx: CallContext, api: GcpApi, fn: StartOperation): Promise<Operation> {
    const op = await this.#start(ctx, api, fn, randomUUID());
    if (String(op.status) === "DONE" && op.error?.errors?.length) throw operationFailure(api, op);
    return op;
  }

  /** The call that starts a mutation: its Operation as first answered. */
  #start(ctx: CallContext, api: GcpApi, fn: StartOperation, requestId: string): Promise<Operation> {
    return this.call(ctx, api, async (compute, options) => {
      const [started] = await fn(compute, options, requestId);
      return started.latestResponse as Operation;
    });
  }

  /** Waits for an Operation to be DONE (see `mutate`). */
  async finish(
    ctx: CallContext,
    api: GcpApi,
    operation: Operation,
    description: string,
    deadline: WaitDeadline,
  ): Promise<Operation> {
    const done = (op: Operation) => String(op.status) === "DONE";
    const judge = (op: Operation) => {
      if (done(op) && op.error?.errors?.length) throw operationFailure(api, op);
      return op;
    };
    if (done(operation)) return judge(operation);
    const name = operation.name ?? "";
    if (name === "") throw badAnswer(`${api}: an Operation without a name`);
    const project = this.project;
    // Google's `wait` answers within about two minutes (DONE or not yet): its calls may take that long.
    const waiting = (o: GaxOptions): GaxOptions => ({ ...o, timeout: o.timeout + waitAnswerMs });
    const zone = operation.zone ? lastSegment(operation.zone) : undefined;
    const region = operation.region ? lastSegment(operation.region) : undefined;
    return ctx.waitUntil({
      description,
      deadline,
      read: async () => {
        if (zone) {
          const [op] = await this.call(ctx, "compute.zoneOperations.wait", (c, o) =>
            c.zoneOperations.wait({ project, zone, operation: name }, waiting(o)),
          );
          return judge(op);
        }
        if (region) {
          const [op] = await this.call(ctx, "compute.regionOperations.wait", (c, o) =>
            c.regionOperations.wait({ project, region, operation: name }, waiting(o)),
          );
          return judge(op);
        }
        const [op] = await this.call(ctx, "compute.globalOperations.wait", (c, o) =>
          c.globalOperations.wait({ project, operation: name }, waiting(o)),
        );
        return judge(op);
      },
      accept: (op) => (done(op) ? "success" : "retry"),
    });
  }

  /**
   * Follows a list's nextPageToken to the end, one call per page of `pageSize` (`maxResults`).
   * `list` is one page's call; its third answer is the raw list with `nextPageToken`.
   */
  pages<T, R>(
    ctx: CallContext,
    api: GcpApi,
    list: (
      compute: ComputeClients,
      options: GaxOptions,
      page: { maxResults: number; pageToken?: string },
    ) => Promise<[T[], unknown, unknown]>,
    map: (item: T) => R | undefined,
  ): AsyncGenerator<R, void, undefined> {
    const maxResults = this.driverSettings.pageSize;
    const all = paginate(
      async (token) => {
        const [items, , raw] = await this.call(ctx, api, (c, o) =>
          list(c, o, { maxResults, ...(token === undefined ? {} : { pageToken: token }) }),
        );
        const next = (raw as { nextPageToken?: string | null } | null)?.nextPageToken;
        return { items, nextToken: next ? next : undefined };
      },
      { provider },
    );
    return (async function* () {
      for await (const item of all) {
        const mapped = map(item);
        if (mapped !== undefined) yield mapped;
      }
    })();
  }

  /** A resource's partial URL in the connection's project ("projects/p/global/networks/n"). */
  globalPath(collection: string, name: string): string {
    return `projects/${this.project}/global/${collection}/${name}`;
  }

  regionPath(collection: string, name: string, region = this.settings.region): string {
    return `projects/${this.project}/regions/${region}/${collection}/${name}`;
  }

  zonePath(collection: string, name: string, zone = this.settings.zone): string {
    return `projects/${this.project}/zones/${zone}/${collection}/${name}`;
  }
}
