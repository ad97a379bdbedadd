import { homedir } from "node:os";
import { join } from "node:path";

/** The directories `cb` keeps its files in, after the XDG base-directory rules. */
export interface CliPaths {
  /** `$XDG_CONFIG_HOME/cloud-barista` (default `~/.config/cloud-barista`): profiles and key files. */
  configDir: string;
  /** `$XDG_DATA_HOME/cloud-barista` (default `~/.local/share/cloud-barista`): the SQLite stores. */
  dataDir: string;
  /** The profile file: `CB_CONFIG`, else `profiles.yaml` in `configDir`. */
  profilesFile: string;
}

export function cliPaths(env: NodeJS.ProcessEnv = process.env): CliPaths {
  const home = env.HOME ?? homedir();
  // XDG says a relative value is invalid and is to be ignored.
  const base = (name: string, fallback: string): string => {
    const value = env[name];
    return value !== undefined && value.startsWith("/") ? value : join(home, fallback);
  };
  const configDir = join(base("XDG_CONFIG_HOME", ".config"), "cloud-barista");
  const dataDir = join(base("XDG_DATA_HOME", join(".local", "share")), "cloud-barista");
  return { configDir, dataDir, profilesFile: env.CB_CONFIG || join(configDir, "profiles.yaml") };
}
