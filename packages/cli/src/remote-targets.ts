import { readFileSync } from "node:fs";
import { invalidArgument } from "@cloud-barista/core";
import { targetsOf } from "@cloud-barista/mcis";
import type { McisAccessInfo, RemoteOptions, RemoteTarget, VmAccessInfo } from "@cloud-barista/mcis";
import { UsageError } from "./exit-codes.js";
import { cliHostKeys } from "./host-key-trust.js";
import { profileFiles } from "./profile.js";
import type { CliPaths } from "./paths.js";
import type { Session } from "./session.js";
import { endpointMap, parseJumpHost } from "./ssh-addresses.js";
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
    try {
      return readFileSync(file, "utf8");
    } catch (error) {
      // The path and the reason only: never the file's contents.
      const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
      throw invalidArgument("privateKey", "readable", `cannot read the key file ${file} (${reason})`);
    }
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
