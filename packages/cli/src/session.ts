import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { createCloudBarista, openSqliteStore } from "@cloud-barista/core";
import type { CloudBarista, Store } from "@cloud-barista/core";
import { createDriver } from "./drivers.js";
import { encryptionKey } from "./encryption-key.js";
import { profileFiles, readProfiles } from "./profile.js";
import type { Profile } from "./profile.js";
import type { CliPaths } from "./paths.js";

/** An SDK instance on a profile's store, with the profile's drivers registered. */
export interface Session {
  barista: CloudBarista;
  profile: Profile;
  close(): Promise<void>;
}

export async function openSession(paths: CliPaths, name: string, env: NodeJS.ProcessEnv): Promise<Session> {
  const profile = readProfiles(paths).profiles[name] ?? {};
  const files = profileFiles(paths, name, profile);
  mkdirSync(dirname(files.store), { recursive: true, mode: 0o700 });
  const key = encryptionKey(files.keyFile, env);
  const store: Store = await openSqliteStore({ path: files.store });
  const barista = createCloudBarista({ store, encryptionKey: key });
  try {
    for (const entry of profile.drivers ?? []) {
      barista.drivers.register(createDriver(entry.provider, entry.options), { name: entry.name });
    }
  } catch (error) {
    await barista.close();
    await store.close();
    throw error;
  }
  return {
    barista,
    profile,
    close: async () => {
      await barista.close();
      await store.close();
    },
  };
}
