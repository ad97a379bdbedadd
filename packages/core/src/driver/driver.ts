import type { ProviderName } from "../model/provider.js";
import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/logger.js";
import type { ApiTable } from "./api-table.js";
import type { DriverCapabilities } from "./capabilities.js";
import type { CallContext } from "./call-context.js";
import type { EndpointRules } from "./endpoints.js";
import type { HandlerMap, HandlerName } from "./handlers.js";
import type { DeclaredRateLimit } from "./rate-limits.js";

/** What a driver's `connect` gets: the connection's name, opened credential, region, endpoint, clock and logger. */
export interface ConnectionInfo {
  readonly connectionName: string;
  /** Decrypted credential values, keyed as the driver's `credentialKeys` name them. */
  readonly credential: Readonly<Record<string, string>>;
  readonly region: string;
  readonly zone?: string | undefined;
  /**
   * Endpoint override: one base URL for every service, or one per service name the driver
   * documents. Points a driver at the emulator, or at a private or sovereign cloud.
   */
  readonly endpoint?: string | Readonly<Record<string, string>> | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * An open connection to one cloud region. A handler is present exactly when the driver's
 * capabilities list it and the connection's region offers it.
 */
export type CloudConnection = { readonly [K in keyof HandlerMap]?: HandlerMap[K] } & {
  /**
   * The vendor clients of this connection, for calls the portable API lacks (each driver exports
   * a typed accessor). Calls through them bypass the runtime: no retries, history or locks.
   */
  vendorClient?(): unknown;
  /**
   * Handlers the driver has but this connection's region lacks (a service missing from its
   * catalog, as OpenStack regions without Octavia); asked once per connection.
   */
  unavailable?(ctx: CallContext): Promise<readonly HandlerName[]>;
  /** Releases the connection's clients; the runtime calls it once. */
  close(): Promise<void>;
};

/** The credential keys a driver takes: `credentials.add` checks values against them. */
export interface CredentialKeys {
  readonly required: readonly string[];
  readonly optional?: readonly string[];
}

/** A cloud driver: one per provider, stateless apart from the clients its connections cache. */
export interface CloudDriver {
  readonly provider: ProviderName;
  readonly version: string;
  readonly capabilities: DriverCapabilities;
  readonly credentialKeys: CredentialKeys;
  /** Every native API the driver calls, with its retry safety: the runtime retries by it. */
  readonly apis: ApiTable;
  /** The cloud's documented rate limits: the pacer sends within them from the first call. */
  readonly rateLimits?: readonly DeclaredRateLimit[];
  /**
   * Which endpoint overrides connections take (`defineDriver` sets it), so a connection config is
   * checked when it is added. Absent: any http(s) URL, or an object of service names to URLs.
   */
  readonly endpoints?: EndpointRules<string>;
  /**
   * Opens a connection to the cloud with the config's credential and region; the runtime calls it once per
   * connection and caches the result.
   */
  connect(info: ConnectionInfo, options?: { abortSignal?: AbortSignal | undefined }): Promise<CloudConnection>;
}
