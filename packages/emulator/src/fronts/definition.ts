import type { ProviderName } from "@cloud-barista/core";
import type { World } from "../world/world.js";

// What every front folder exports so the emulator, its command and the test fixtures can start it
// without knowing it: `export const frontDefinition: FrontDefinition = { ... }` in
// `fronts/<name>/definition.ts` (see registry.ts).

/** What every front's `start` takes; a front may take more (the AWS front's `maxPageSize`). */
export interface FrontStartOptions {
  /** The world account the front's credential acts in. */
  account: string;
  /** Loopback port; default: any free port. */
  port?: number | undefined;
  /**
   * Credential values to register instead of fresh random ones, by the same keys as
   * `StartedFront.credential` (fixed keys a test refers to); keys the front does not use are ignored.
   */
  credential?: Readonly<Record<string, string>> | undefined;
}

/** A front serving the world on loopback, and what a connection to it needs. */
export interface StartedFront {
  provider: ProviderName;
  /** The definition's name ("aws"). */
  name: string;
  /** Base URL of the front's HTTP server, e.g. "http://127.0.0.1:41234". */
  endpoint: string;
  /** The world account `credential` acts in. */
  account: string;
  /**
   * The values the provider's driver takes as its credential (`credentials.add({ values })`),
   * registered in `world.identities`: fresh random secrets unless fixed by the start options.
   */
  credential: Readonly<Record<string, string>>;
  /** The connection config's `endpoint` override, when the driver reaches the front through one. */
  connectionEndpoint?: string | Readonly<Record<string, string>>;
  /**
   * PEM certificate a client must trust to reach an HTTPS front (its own self-signed one, made at
   * start): give it to the client's TLS options (`new https.Agent({ ca })`), never trust it globally.
   */
  caCertificate?: string;
  /** The region (and zone) a connection uses unless it names another. */
  region: string;
  zone?: string;
  /** One line for people: which driver reaches the front, and how. */
  usage: string;
  /** Stops the front's server; its credential stays registered in `world.identities`. */
  close(): Promise<void>;
}

/** A front the registry can start. `Options`: what this front takes besides `FrontStartOptions`. */
export interface FrontDefinition<Options extends object = object> {
  provider: ProviderName;
  /** Short lower-case name, the same as the front's folder: `--port aws=4566` and messages use it. */
  name: string;
  /** One line: the APIs the front serves. */
  description: string;
  defaults: { region: string; zone?: string };
  /** Registers a credential for `options.account` in `world.identities` and serves the world. */
  start(world: World, options: FrontStartOptions & Partial<Options>): Promise<StartedFront>;
}
