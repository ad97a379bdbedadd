import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { createCloudBarista, notFound, openSqliteStore } from "@cloud-barista/core";
import type { CloudBarista, Connection, ProviderName, Store } from "@cloud-barista/core";
import { createDriver } from "./drivers.js";
import { encryptionKey } from "./encryption-key.js";
import { profileFiles, readProfiles } from "./profile.js";
import type { Profile } from "./profile.js";
import type { CliPaths } from "./paths.js";

/**
 * An SDK instance on a profile's store. The profile's drivers are registered on demand, only those
 * a command needs: loading a vendor SDK takes a while, and a profile may name eight.
 */
export interface Session {
  barista: CloudBarista;
  /** The profile's store (host-key pins live here too). */
  store: Store;
  /** The profile's name. */
  name: string;
  profile: Profile;
  /** Registers the profile's driver of this name (once). */
  useDriver: (name: string) => Promise<void>;
  /** Registers the profile's driver for a provider, if it has one. */
  useProvider: (provider: ProviderName) => Promise<void>;
  /** The named connection, its driver registered first. */
  connection: (name: string) => Promise<Connection>;
  /** Registers the drivers of these connections (every connection's when none are named). */
  useConnections: (names?: readonly string[]) => Promise<void>;
  close: () => Promise<void>;
}

export interface SessionOptions {
  /** Told each driver as it is loaded (`CB_TRACE_DRIVERS`: which vendor SDKs a command needed). */
  onDriverLoaded?: (entry: { name: string; provider: ProviderName }) => void;
}

export async function openSession(
  paths: CliPaths,
  name: string,
  env: NodeJS.ProcessEnv,
  options: SessionOptions = {},
): Promise<Session> {
  const profile = readProfiles(paths).profiles[name] ?? {};
  const files = profileFiles(paths, name, profile);
  mkdirSync(dirname(files.store), { recursive: true, mode: 0o700 });
  const key = encryptionKey(files.keyFile, env);
  const store: Store = await openSqliteStore({ path: files.store });
  const barista = createCloudBarista({ store, encryptionKey: key });
  const registered = new Set<string>();
  const useDriver = async (driverName: string): Promise<void> => {
    if (registered.has(driverName)) return;
    const entry = profile.drivers?.find((d) => d.name === driverName);
    if (!entry) throw notFound("driver", driverName, `profile ${name}`);
    barista.drivers.register(await createDriver(entry.provider, entry.options), { name: entry.name });
    registered.add(driverName);
    options.onDriverLoaded?.({ name: entry.name, provider: entry.provider });
  };
  const useConnections = async (names?: readonly string[]): Promise<void> => {
    const configs = await barista.connections.list();
    for (const config of configs) {
      if (names === undefined || names.includes(config.name)) await useDriver(config.driver);
    }
  };
  return {
    barista,
    store,
    name,
    profile,
    useDriver,
    useConnections,
    useProvider: async (provider) => {
      const entry = profile.drivers?.find((d) => d.provider === provider);
      if (entry) await useDriver(entry.name);
    },
    connection: async (connectionName) => {
      await useDriver((await barista.connections.get(connectionName)).driver);
      return barista.connection(connectionName);
    },
    close: async () => {
      await barista.close();
      await store.close();
    },
  };
}
