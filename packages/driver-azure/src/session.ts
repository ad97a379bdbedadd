import { isBaristaError, paginate } from "@cloud-barista/core/driver";
import type { CallContext, DriverSettings, WaitDeadline } from "@cloud-barista/core/driver";
import type { AzureApi } from "./apis.js";
import type { AzureClients } from "./clients.js";
import { armFailure, badAnswer, operationFailure, provider, toBaristaError } from "./errors.js";

/** ARM's refusals of a token that a new token mends. */
const renewable = new Set(["ExpiredAuthenticationToken", "InvalidAuthenticationToken"]);

/** Settings of one connection that every handler shares. */
export interface AzureSettings {
  subscriptionId: string;
  /** The connection's region ("koreacentral") and zone ("1"), if any. */
  region: string;
  zone: string | undefined;
  /** The resource group every resource of the connection lives in (made on first use). */
  resourceGroup: string;
}

/** What the SDK's operation options take from a call: the attempt's abort signal and a response hook. */
export interface CallOptions {
  abortSignal: AbortSignal;
  /** The SDK's response callback: the HTTP answer and its body as the SDK's model. */
  onResponse: (response: { headers: { get(name: string): string | undefined } }, answer?: unknown) => void;
}

/** The first answer of a long-running operation: where to poll it. */
export interface StartedOperation {
  api: AzureApi;
  asyncOperation: string | undefined;
  location: string | undefined;
  retryAfterMs: number | undefined;
  /** The first answer's body (the resource as ARM took it, for a PUT), when it had one. */
  answer: unknown;
}

/** A SDK poller, as far as the driver uses it: only the initial request, never its own polling. */
interface Submittable {
  submitted(): Promise<void>;
}

/**
 * What the handlers of one connection share: its SDK clients and settings, and the one way of
 * calling ARM (through `ctx.call`, one HTTP request per call, errors mapped, the request id kept
 * for call history), of running long operations (the initial request through the SDK, then the
 * operation's own status URL polled through the runtime's waiter) and of following nextLink.
 */
export class AzureSession {
  readonly settings: AzureSettings;
  /** The connection's endpoint overrides, per service. */
  readonly endpoints: Readonly<Partial<Record<"management" | "login" | "prices", string>>>;
  /** The shared driver options (transport, timeouts) for calls made without an SDK client. */
  readonly driverSettings: DriverSettings;
  readonly #makeClients: () => AzureClients;
  #clients: AzureClients;
  #group: Promise<void> | undefined;

  constructor(
    makeClients: () => AzureClients,
    endpoints: AzureSession["endpoints"],
    driverSettings: DriverSettings,
    settings: AzureSettings,
  ) {
    this.endpoints = endpoints;
    this.driverSettings = driverSettings;
    this.#makeClients = makeClients;
    this.#clients = makeClients();
    this.settings = settings;
  }

  /** The connection's SDK clients; read them at each call, a refused token replaces them. */
  get clients(): AzureClients {
    return this.#clients;
  }

  get group(): string {
    return this.settings.resourceGroup;
  }

  /** The ARM id of a resource of the connection's group ("Microsoft.Network/virtualNetworks", name). */
  idOf(type: string, name: string): string {
    return `/subscriptions/${this.settings.subscriptionId}/resourceGroups/${this.group}/providers/${type}/${name}`;
  }

  /**
   * One ARM call by its operation id. A token ARM refuses as expired or invalid (a clock ahead of
   * the token's, a token revoked) is renewed once: new clients with a new credential (the SDK's
   * token caches cannot be told to drop a token), and the call made again, as a call of its own.
   */
  async call<T>(ctx: CallContext, api: AzureApi, fn: (options: CallOptions) => Promise<T>): Promise<T> {
    const clients = this.#clients;
    try {
      return await this.#call(ctx, api, fn);
    } catch (error) {
      const refused =
        isBaristaError(error, "Unauthenticated") && error.statusCode === 401 && error.nativeCode !== undefined;
      if (!refused || !renewable.has(error.nativeCode ?? "")) throw error;
      if (this.#clients === clients) this.#clients = this.#makeClients();
      return this.#call(ctx, api, fn);
    }
  }

  #call<T>(ctx: CallContext, api: AzureApi, fn: (options: CallOptions) => Promise<T>): Promise<T> {
    return ctx
      .call(
        api,
        async (abortSignal) => {
          let requestId: string | undefined;
          const onResponse: CallOptions["onResponse"] = (response) => {
            requestId = response.headers.get("x-ms-request-id") ?? requestId;
          };
          try {
            const result = await fn({ abortSignal, onResponse });
            return { result, requestId };
          } catch (error) {
            throw toBaristaError(error, api, ctx.clock.now(), abortSignal);
          }
        },
        { requestIdOf: (r) => r.requestId },
      )
      .then((r) => r.result);
  }

  /**
   * Sends the initial request of a long-running operation (PUT, DELETE, POST) and returns where
   * to poll it. The SDK's poller is used for its request only: the runtime's waiter polls.
   */
  start(ctx: CallContext, api: AzureApi, begin: (options: CallOptions) => Submittable): Promise<StartedOperation> {
    return this.call(ctx, api, async (options) => {
      let headers: { get(name: string): string | undefined } | undefined;
      let answer: unknown;
      const poller = begin({
        ...options,
        onResponse: (response, body) => {
          headers = response.headers;
          answer = body;
          options.onResponse(response, body);
        },
      });
      await poller.submitted();
      const retryAfter = Number(headers?.get("retry-after"));
      // A plain object: returning the poller from an async function would await it (poll to the end).
      return {
        api,
        asyncOperation: headers?.get("azure-asyncoperation") ?? undefined,
        location: headers?.get("location") ?? undefined,
        retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
        answer,
      };
    });
  }

  /**
   * Polls an operation to its end through the runtime's waiter: its Azure-AsyncOperation status
   * document (InProgress, Succeeded, Failed or Canceled with the error) or, without one, its
   * Location (202 while running). A failed operation is the error it reports (AllocationFailed is
   * CapacityUnavailable). An operation that finished in its first answer has nothing to poll.
   */
  async finish(
    ctx: CallContext,
    operation: StartedOperation,
    description: string,
    deadline: WaitDeadline = "vmControl",
  ): Promise<void> {
    const url = operation.asyncOperation ?? operation.location;
    if (url === undefined) return;
    const byStatus = operation.asyncOperation !== undefined;
    let retryAfterMs = operation.retryAfterMs;
    await ctx.waitUntil({
      description,
      deadline,
      read: () =>
        this.#readOperation(ctx, url, (status, answer, after) => {
          retryAfterMs = after;
          if (!byStatus) return status === 202 ? "InProgress" : "Succeeded";
          const body = answer as { status?: unknown; error?: unknown } | undefined;
          if (typeof body?.status !== "string") throw badAnswer(`${operation.api}: operation status without a status`);
          if (body.status === "Failed" || body.status === "Canceled") throw operationFailure(operation.api, body.error);
          return body.status;
        }),
      accept: (status) => (status === "Succeeded" ? "success" : "retry"),
      retryAfterMs: () => retryAfterMs,
    });
  }

  /**
   * One GET of an operation's URL (an error status throws); `read` makes sense of its status, body
   * and Retry-After in milliseconds, inside the same recorded call.
   */
  #readOperation<T>(
    ctx: CallContext,
    url: string,
    read: (status: number, body: unknown, retryAfterMs: number | undefined) => T,
  ): Promise<T> {
    return this.call(ctx, "AsyncOperations_Get", async ({ abortSignal }) => {
      const answer = await this.clients.raw.pathUnchecked(url).get({ abortSignal });
      const status = Number(answer.status);
      const header = (name: string) => answer.headers[name] ?? undefined;
      if (status >= 400)
        throw armFailure("AsyncOperations_Get", { status, header, body: answer.body }, ctx.clock.now());
      const after = Number(header("retry-after"));
      return read(status, answer.body as unknown, Number.isFinite(after) ? after * 1000 : undefined);
    });
  }

  /**
   * Polls an operation with a result (a POST such as a load-balancing rule's health) through the
   * runtime's waiter: its Location answers 202 while it runs and 200 with the result when done.
   */
  async result(
    ctx: CallContext,
    operation: StartedOperation,
    description: string,
    deadline: WaitDeadline = "vmControl",
  ): Promise<unknown> {
    const url = operation.location;
    if (url === undefined) throw badAnswer(`${operation.api}: an operation with a result but no Location`);
    let retryAfterMs = operation.retryAfterMs;
    const done = await ctx.waitUntil({
      description,
      deadline,
      read: () =>
        this.#readOperation(ctx, url, (status, body, after) => {
          retryAfterMs = after;
          return { running: status === 202, body };
        }),
      accept: (answer) => (answer.running ? "retry" : "success"),
      retryAfterMs: () => retryAfterMs,
    });
    return done.body;
  }

  /**
   * Follows a list's nextLink to the end, one call per page: each page is asked for afresh from its
   * continuation token, so every attempt has its own abort signal and is one HTTP request.
   */
  pages<T, R>(
    ctx: CallContext,
    api: AzureApi,
    list: (options: CallOptions) => {
      byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<T[] & { continuationToken?: string }>;
    },
    map: (item: T) => R,
  ): AsyncGenerator<R, void, undefined> {
    return paginate(
      async (token) => {
        const page = await this.call(ctx, api, async (options) => {
          const iterator = list(options).byPage(token === undefined ? undefined : { continuationToken: token });
          const next = await iterator.next();
          return next.done
            ? { items: [] as T[], token: undefined }
            : { items: [...next.value], token: next.value.continuationToken };
        });
        return { items: page.items.map(map), nextToken: page.token };
      },
      { provider },
    );
  }

  /** Makes the connection's resource group on first use (in the connection's region) and remembers it. */
  ensureGroup(ctx: CallContext): Promise<void> {
    this.#group ??= this.call(ctx, "ResourceGroups_CreateOrUpdate", (options) =>
      this.clients.resources.resourceGroups.createOrUpdate(
        this.group,
        { location: this.settings.region, tags: { "cloud-barista": "connection" } },
        options,
      ),
    ).then(
      () => undefined,
      (error: unknown) => {
        this.#group = undefined;
        throw error;
      },
    );
    return this.#group;
  }
}
