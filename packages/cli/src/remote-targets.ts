import { readFileSync } from "node:fs";
import { invalidArgument } from "@cloud-barista/core";
import { targetsOf } from "@cloud-barista/mcis";
import type { McisAccessInfo, RemoteOptions, RemoteTarget, VmAccessInfo } from "@cloud-barista/mcis";
import { UsageError } from "./exit-codes.js";
import { cliHostKeys } from "./host-key-trust.js";
import { profileFiles } from "./profile.js";
import type { CliPaths } from "./paths.js";
import type { Session } from "./session.js";
import { findSavedKey } from "./ssh-keys.js";

/** The flags `cb exec` and `cb scp` share: which VMs, and how to reach and trust them. */
export interface RemoteFlags {
  subGroup: string[];
  vm: string[];
  identity?: string;
  user?: string;
  jump?: string;
  endpoint: string[];
  acceptNewHostKeys?: boolean;
  concurrency?: string;
  timeout?: string;
}

/** "host:port" or "[v6]:port". */
export function parseHostPort(text: string, what: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2];
  if (host === undefined || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new UsageError(`${what} must be HOST:PORT, got "${text}"`);
  }
  return { host, port };
}

/** A jump host `user@host[:port]`, its own target (its key pinned under "jump:host"). */
export function parseJumpHost(text: string): RemoteTarget {
  const at = text.indexOf("@");
  if (at <= 0) throw new UsageError(`the jump host must be USER@HOST[:PORT], got "${text}"`);
  const rest = text.slice(at + 1);
  const { host, port } = /:\d+$/.test(rest) ? parseHostPort(rest, "the jump host") : { host: rest, port: 22 };
  if (host === "") throw new UsageError(`the jump host must be USER@HOST[:PORT], got "${text}"`);
  return { vmId: `jump:${host}`, host, port, user: text.slice(0, at) };
}

/** "IP=HOST:PORT" pairs of `--endpoint` over the profile's `ssh.endpoints`. */
export function endpointMap(
  profileEndpoints: Record<string, string> | undefined,
  flags: readonly string[],
): Map<string, { host: string; port: number }> {
  const map = new Map<string, { host: string; port: number }>();
  for (const [address, where] of Object.entries(profileEndpoints ?? {})) {
    map.set(address, parseHostPort(where, `ssh.endpoints["${address}"]`));
  }
  for (const pair of flags) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`--endpoint must be IP=HOST:PORT, got "${pair}"`);
    map.set(pair.slice(0, at), parseHostPort(pair.slice(at + 1), "--endpoint"));
  }
  return map;
}

function positive(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got "${text}"`);
  return n;
}

export interface RemotePlan {
  /** The VMs to work on: the running ones of the chosen sub-groups and VMs. */
  targets: RemoteTarget[];
  /** Chosen VMs that are not running, skipped. */
  skipped: VmAccessInfo[];
  options: RemoteOptions;
}

/**
 * Targets and options for remote work on an MCIS. Each VM's private key is, in order: `-i FILE`,
 * the key `cb` saved for the VM's key pair, the profile's `ssh.keyFile`. Files are read when a VM
 * is connected to, and their text never reaches output.
 */
export function remotePlan(paths: CliPaths, session: Session, access: McisAccessInfo, flags: RemoteFlags): RemotePlan {
  const ssh = session.profile.ssh ?? {};
  const keysDir = profileFiles(paths, session.name, session.profile).sshKeysDir;
  const jumpText = flags.jump ?? ssh.jumpHost;
  const via = jumpText === undefined ? undefined : parseJumpHost(jumpText);
  const endpoints = endpointMap(ssh.endpoints, flags.endpoint);
  const all = access.subGroups.flatMap((g) => g.vms);
  for (const vm of flags.vm) {
    if (!all.some((v) => v.vmId === vm)) throw invalidArgument("vm", "exists", `MCIS ${access.name} has no VM ${vm}`);
  }
  for (const group of flags.subGroup) {
    if (!access.subGroups.some((g) => g.name === group)) {
      throw invalidArgument("subGroup", "exists", `MCIS ${access.name} has no sub-group ${group}`);
    }
  }
  const chosen = all
    .filter((vm) => flags.subGroup.length === 0 || flags.subGroup.includes(vm.subGroup))
    .filter((vm) => flags.vm.length === 0 || flags.vm.includes(vm.vmId));
  const running = chosen.filter((vm) => vm.status === "Running");
  const user = flags.user ?? ssh.user;
  const targets = targetsOf(running, {
    ...(user === undefined ? {} : { user }),
    ...(via === undefined ? {} : { via }),
    resolveEndpoint: (vm) => {
      const address = via ? (vm.privateIp ?? vm.publicIp) : vm.publicIp;
      if (address === undefined) {
        throw invalidArgument(`vms[${vm.vmId}].publicIp`, "required", `${vm.vmId} has no address to reach it by`);
      }
      return endpoints.get(address) ?? { host: address, port: vm.sshPort ?? 22 };
    },
  });
  const byId = new Map(running.map((vm) => [vm.vmId, vm]));
  const keyFor = (target: RemoteTarget): string => {
    const vm = byId.get(target.vmId);
    const file = flags.identity ?? (vm && findSavedKey(keysDir, vm.keyPair.connection, vm.keyPair.name)) ?? ssh.keyFile;
    if (file === undefined) {
      throw invalidArgument(
        "privateKey",
        "required",
        `no private key for ${target.vmId}: pass -i FILE or set one with cb ssh config --key-file FILE`,
      );
    }
    return readFileSync(file, "utf8");
  };
  const concurrency = positive("--concurrency", flags.concurrency);
  const timeout = positive("--timeout", flags.timeout);
  return {
    targets,
    skipped: chosen.filter((vm) => vm.status !== "Running"),
    options: {
      keyProvider: keyFor,
      hostKeys: cliHostKeys(session.store, flags.acceptNewHostKeys === true),
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(timeout === undefined ? {} : { timeoutMs: timeout * 1000 }),
    },
  };
}
