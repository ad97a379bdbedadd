import { resolve } from "node:path";
import { UsageError } from "./exit-codes.js";
import type { CliPaths } from "./paths.js";
import { updateProfile } from "./profile.js";
import type { SshSettings } from "./profile.js";
import { endpointMap, parseJumpHost } from "./ssh-addresses.js";

export interface SshConfigChange {
  keyFile?: string;
  user?: string;
  jumpHost?: string;
  endpoint: readonly string[];
  removeEndpoint: readonly string[];
  unset: readonly string[];
}

const unsettable = ["keyFile", "user", "jumpHost"] as const;

/** Applies `cb ssh config` flags to the profile's `ssh:` settings (checked first) and returns them. */
export function sshConfig(paths: CliPaths, profile: string, change: SshConfigChange): SshSettings {
  for (const key of change.unset) {
    if (!(unsettable as readonly string[]).includes(key)) {
      throw new UsageError(`--unset takes ${unsettable.join(", ")}, got "${key}"`);
    }
  }
  if (change.jumpHost !== undefined) parseJumpHost(change.jumpHost);
  const added = Object.fromEntries(
    [...endpointMap({}, change.endpoint)].map(([ip, to]) => [
      ip,
      to.host.includes(":") ? `[${to.host}]:${to.port}` : `${to.host}:${to.port}`,
    ]),
  );
  const next = updateProfile(paths, profile, (p) => {
    const ssh: SshSettings = { ...p.ssh };
    if (change.keyFile !== undefined) ssh.keyFile = resolve(change.keyFile);
    if (change.user !== undefined) ssh.user = change.user;
    if (change.jumpHost !== undefined) ssh.jumpHost = change.jumpHost;
    for (const key of change.unset) delete ssh[key as (typeof unsettable)[number]];
    const endpoints = { ...ssh.endpoints, ...added };
    for (const ip of change.removeEndpoint) delete endpoints[ip];
    if (Object.keys(endpoints).length > 0) ssh.endpoints = endpoints;
    else delete ssh.endpoints;
    return { ...p, ssh };
  });
  return next.ssh ?? {};
}
