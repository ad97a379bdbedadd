import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isProviderName } from "@cloud-barista/core";
import type { ProviderName } from "@cloud-barista/core";
import { parse, stringify } from "yaml";
import { UsageError } from "./exit-codes.js";
import type { CliPaths } from "./paths.js";

/** A driver the profile registers on every run: the SDK keeps drivers in memory only. */
export interface DriverEntry {
  name: string;
  provider: ProviderName;
  /** Driver settings that are not secrets (the mock driver's endpoint, a CA file to trust). */
  options?: Record<string, string>;
}

/** How `cb exec` and `cb scp` reach VMs over SSH (no secrets: key files are named, not held). */
export interface SshSettings {
  /** A private key file for VMs whose key pair's key `cb` did not save (and for the jump host). */
  keyFile?: string;
  /** The login user for every VM (default: the user the MCIS names, e.g. cb-user). */
  user?: string;
  /** A jump host for every VM: `user@host[:port]`; VMs are then reached at their private IPs. */
  jumpHost?: string;
  /**
   * Where an address really answers, "IP": "host:port" (NAT, port forwards, or the loopback sshd
   * standing in for an emulated VM, whose public IP is made up).
   */
  endpoints?: Record<string, string>;
}

/** One profile: where its store and key are, and its drivers. */
export interface Profile {
  /** The SQLite file (default `<dataDir>/<profile>.db`). */
  store?: string;
  /** The 32-byte key file sealing credentials (default `<configDir>/<profile>.key`). */
  keyFile?: string;
  drivers?: DriverEntry[];
  ssh?: SshSettings;
  /** Set by `cb emulator`: the profile is rewritten on each start, so it may be reset. */
  emulator?: boolean;
}

export interface ProfilesFile {
  profiles: Record<string, Profile>;
}

const namePattern = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** The profile to use: `--profile`, else `CB_PROFILE`, else "default". */
export function profileName(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const name = flag ?? (env.CB_PROFILE || "default");
  if (!namePattern.test(name)) {
    throw new UsageError(`profile name "${name}" must be lower-case letters, digits, "-" or "_" (at most 63)`);
  }
  return name;
}

export function readProfiles(paths: CliPaths): ProfilesFile {
  let text: string;
  try {
    text = readFileSync(paths.profilesFile, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { profiles: {} };
    throw error;
  }
  const parsed = parse(text) as unknown;
  if (parsed === null || parsed === undefined) return { profiles: {} };
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new UsageError(`${paths.profilesFile}: must be a mapping with "profiles"`);
  }
  const profiles = (parsed as { profiles?: unknown }).profiles ?? {};
  if (typeof profiles !== "object" || profiles === null || Array.isArray(profiles)) {
    throw new UsageError(`${paths.profilesFile}: "profiles" must be a mapping of profile name to settings`);
  }
  for (const [name, profile] of Object.entries(profiles as Record<string, Profile>)) {
    for (const driver of profile.drivers ?? []) {
      if (!isProviderName(driver.provider)) {
        throw new UsageError(`${paths.profilesFile}: profile ${name}: driver ${driver.name}: unknown provider`);
      }
    }
  }
  return { profiles: profiles as Record<string, Profile> };
}

/** Writes the whole file at once (a rename), readable by its owner only. */
export function writeProfiles(paths: CliPaths, file: ProfilesFile): void {
  mkdirSync(dirname(paths.profilesFile), { recursive: true, mode: 0o700 });
  const temporary = `${paths.profilesFile}.${process.pid}.tmp`;
  writeFileSync(temporary, stringify(file), { mode: 0o600 });
  renameSync(temporary, paths.profilesFile);
}

/** Reads, changes and writes one profile (created when missing). */
export function updateProfile(paths: CliPaths, name: string, change: (profile: Profile) => Profile): Profile {
  const file = readProfiles(paths);
  const next = change(file.profiles[name] ?? {});
  writeProfiles(paths, { profiles: { ...file.profiles, [name]: next } });
  return next;
}

/** Where a profile's store, key file, saved SSH private keys and metric store are. */
export function profileFiles(
  paths: CliPaths,
  name: string,
  profile: Profile,
): { store: string; keyFile: string; sshKeysDir: string; metricsDir: string } {
  return {
    store: profile.store ?? join(paths.dataDir, `${name}.db`),
    keyFile: profile.keyFile ?? join(paths.configDir, `${name}.key`),
    sshKeysDir: join(paths.dataDir, `${name}-ssh-keys`),
    metricsDir: join(paths.dataDir, `${name}-metrics`),
  };
}
