import { Agent } from "node:http";
import { BaristaError, abortedError } from "../errors.js";
import type { ProviderName } from "../model/provider.js";
import type { ApiTable } from "./api-table.js";
import type { CallContext } from "./call-context.js";
import { handlerNames } from "./capabilities.js";
import type { DriverCapabilities } from "./capabilities.js";
import type { CloudConnection, CloudDriver, ConnectionInfo, CredentialKeys } from "./driver.js";
import { resolveEndpoints } from "./endpoints.js";
import type { EndpointRules } from "./endpoints.js";
import type { HandlerMap, HandlerName } from "./handlers.js";
import type { DeclaredRateLimit } from "./rate-limits.js";
import type { TransportOptions } from "./transport.js";

/** Options every driver takes, checked once by the kit when the driver is made. */
export interface SharedDriverOptions {
  /** Items asked for per list call (the cloud may return fewer). Default 100, within the cloud's limits. */
  pageSize?: number;
  /** Per-attempt HTTP timeout of every call. Default 30 s. */
  requestTimeoutMs?: number;
  /** HTTP agents (proxy, custom CA) and a request hook (tracing) for every call the vendor client sends. */
  transport?: TransportOptions;
}

/** The shared options as a connection's session gets them: checked, defaults filled in. */
export interface DriverSettings {
  pageSize: number;
  requestTimeoutMs: number;
  transport: TransportOptions;
}

/** What `open` gets to build one connection's session. */
export interface OpenContext<Service extends string> {
  readonly info: ConnectionInfo;
  /** The connection's endpoint overrides, checked, per service. */
  readonly endpoints: Readonly<Partial<Record<Service, string>>>;
  readonly settings: DriverSettings;
}

/**
 * How a connection gets each handler: a factory over the session (which may return undefined when
 * the connection's region lacks the service), or false where the driver has none. Every handler
 * name must be stated, so a new handler fails to compile in a driver that does not say.
 */
export type HandlerFactories<Session> = {
  readonly [K in HandlerName]: ((session: Session) => HandlerMap[K] | undefined) | false;
};

/** The five things a driver consists of (see docs/writing-a-driver.md). */
export interface DriverDefinition<Session, Service extends string = never> {
  provider: ProviderName;
  version: string;
  credentialKeys: CredentialKeys;
  /** 1. Every native API the driver calls, with its retry safety. */
  apis: ApiTable;
  /** The cloud's documented token buckets (docs/pacing.md); none: the pacer learns them. */
  rateLimits?: readonly DeclaredRateLimit[];
  /** What the driver supports besides its handlers: quirks, naming rules, taggable types, missing operations. */
  capabilities: Omit<DriverCapabilities, "handlers">;
  /** The shared options as the user gave them. */
  options?: SharedDriverOptions | undefined;
  /** The page sizes the cloud's list calls accept. Default 1..1000. */
  pageSizeRange?: { min: number; max: number };
  /** Which endpoint overrides connections take; none by default. */
  endpoints?: EndpointRules<Service>;
  /** 2. One connection's session: vendor clients and settings. Makes no network call. */
  open(context: OpenContext<Service>): Session | Promise<Session>;
  /** 3. Releases a session's clients when its connection closes (optional). */
  close?(session: Session): void | Promise<void>;
  /** The vendor clients `Connection.vendorClient()` hands out. */
  vendorClient?(session: Session): unknown;
  /** Handlers this connection's region lacks although the driver has them (a service not in its catalog). */
  unavailable?(session: Session, ctx: CallContext): Promise<readonly HandlerName[]>;
  /** 3. The handlers: translations between the portable model and the cloud's API. */
  handlers: HandlerFactories<Session>;
}

function invalid(provider: string, field: string, rule: string, message: string): BaristaError {
  return new BaristaError("InvalidArgument", `${field}: ${message}`, { provider, field, rule });
}

function settingsOf(
  provider: string,
  options: SharedDriverOptions,
  range: { min: number; max: number },
): DriverSettings {
  const pageSize = options.pageSize ?? Math.min(100, range.max);
  if (!Number.isInteger(pageSize) || pageSize < range.min || pageSize > range.max) {
    throw invalid(provider, "pageSize", "range", `must be an integer from ${range.min} to ${range.max}`);
  }
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  if (!Number.isInteger(requestTimeoutMs) || requestTimeoutMs < 1 || requestTimeoutMs > 600_000) {
    throw invalid(provider, "requestTimeoutMs", "range", "must be an integer from 1 to 600000 (ms)");
  }
  const transport = options.transport ?? {};
  if (typeof transport !== "object" || transport === null) {
    throw invalid(provider, "transport", "object", "must be an object of agents and hooks");
  }
  for (const key of ["httpAgent", "httpsAgent"] as const) {
    if (transport[key] !== undefined && !(transport[key] instanceof Agent)) {
      throw invalid(provider, `transport.${key}`, "agent", "must be a node:http or node:https Agent");
    }
  }
  if (transport.onRequest !== undefined && typeof transport.onRequest !== "function") {
    throw invalid(provider, "transport.onRequest", "function", "must be a function");
  }
  return { pageSize, requestTimeoutMs, transport };
}

/**
 * Makes a CloudDriver from its definition. The kit does once what every driver needs: shared
 * options checked, endpoint overrides resolved, abort before connecting, synchronous throws turned
 * into rejections, handlers built per connection, close run once.
 */
export function defineDriver<Session, Service extends string = never>(
  definition: DriverDefinition<Session, Service>,
): CloudDriver {
  const { provider } = definition;
  const settings = settingsOf(provider, definition.options ?? {}, definition.pageSizeRange ?? { min: 1, max: 1000 });
  const capabilities: DriverCapabilities = {
    ...definition.capabilities,
    handlers: Object.fromEntries(handlerNames.map((name) => [name, definition.handlers[name] !== false])) as Record<
      HandlerName,
      boolean
    >,
  };
  return {
    provider,
    version: definition.version,
    capabilities,
    credentialKeys: definition.credentialKeys,
    apis: definition.apis,
    ...(definition.rateLimits ? { rateLimits: definition.rateLimits } : {}),
    endpoints: definition.endpoints ?? { services: [] },
    async connect(info, options = {}): Promise<CloudConnection> {
      if (options.abortSignal?.aborted) throw abortedError(options.abortSignal);
      const endpoints = resolveEndpoints(provider, info.endpoint, definition.endpoints ?? { services: [] });
      const session = await definition.open({ info, endpoints, settings });
      const handlers: Partial<Record<HandlerName, unknown>> = {};
      for (const name of handlerNames) {
        const factory = definition.handlers[name];
        const handler = factory === false ? undefined : factory(session);
        if (handler !== undefined) handlers[name] = handler;
      }
      let closing: Promise<void> | undefined;
      return {
        ...(handlers as Partial<HandlerMap>),
        ...(definition.vendorClient ? { vendorClient: () => definition.vendorClient?.(session) } : {}),
        ...(definition.unavailable
          ? { unavailable: (ctx: CallContext) => definition.unavailable?.(session, ctx) ?? Promise.resolve([]) }
          : {}),
        close: () => (closing ??= Promise.resolve(definition.close?.(session))),
      };
    },
  };
}
