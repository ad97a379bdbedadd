import { invalidArgument } from "@cloud-barista/core";
import type { McisAccessInfo, VmAccessInfo } from "../model/types.js";

/** One VM to reach over SSH, possibly through a jump host. */
export interface RemoteTarget {
  /** The VM's id; host keys are pinned per VM, results are reported by it. */
  readonly vmId: string;
  readonly host: string;
  /** Default 22. */
  readonly port?: number;
  readonly user: string;
  /** A bastion to tunnel through (its own target, with its own pinned host key). */
  readonly via?: RemoteTarget;
}

/** Options of turning access info into SSH targets: endpoints, user, jump host. */
export interface TargetsOfOptions {
  /** Where a VM's SSH server answers; default its public IP (private IP with `via`) and its SSH port. */
  readonly resolveEndpoint?: (vm: VmAccessInfo) => { host: string; port: number };
  /**
   * The login user for every VM: when given it wins over the user the access info names (the
   * caller knows which account its key opens), e.g. an image's own "ubuntu" instead of "cb-user".
   */
  readonly user?: string;
  /**
   * The login user per VM; wins over `user` and the access info. Returning undefined falls back
   * to `user`, then to the VM's own.
   */
  readonly userFor?: (vm: VmAccessInfo) => string | undefined;
  /** Reach every VM through this bastion (then the default endpoint is the VM's private IP). */
  readonly via?: RemoteTarget;
  /** Only these sub-groups. */
  readonly subGroups?: readonly string[];
  /** Only these VMs. */
  readonly vmIds?: readonly string[];
}

/** The targets of an MCIS's VMs (all, or the chosen sub-groups or VMs), from its access info. */
export function targetsOf(
  access: McisAccessInfo | readonly VmAccessInfo[],
  options: TargetsOfOptions = {},
): RemoteTarget[] {
  const vms = "subGroups" in access ? access.subGroups.flatMap((g) => g.vms) : access;
  const resolve =
    options.resolveEndpoint ??
    ((vm: VmAccessInfo) => {
      const host = options.via ? (vm.privateIp ?? vm.publicIp) : vm.publicIp;
      if (host === undefined) {
        throw invalidArgument(`vms[${vm.vmId}].publicIp`, "required", "the VM has no address to reach it by");
      }
      return { host, port: vm.sshPort ?? 22 };
    });
  return vms
    .filter((vm) => options.subGroups === undefined || options.subGroups.includes(vm.subGroup))
    .filter((vm) => options.vmIds === undefined || options.vmIds.includes(vm.vmId))
    .map((vm) => {
      // Explicit choices first: the access info's user is only what the MCIS was created with.
      const user = options.userFor?.(vm) ?? options.user ?? vm.user;
      if (user === undefined || user === "") {
        throw invalidArgument(`vms[${vm.vmId}].user`, "required", "no login user known; pass options.user or userFor");
      }
      const { host, port } = resolve(vm);
      return { vmId: vm.vmId, host, port, user, ...(options.via ? { via: options.via } : {}) };
    });
}

/** The target's SSH port (22 unless given). */
export function portOf(target: RemoteTarget): number {
  return target.port ?? 22;
}
