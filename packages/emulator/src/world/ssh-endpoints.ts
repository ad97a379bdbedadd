import { WorldError } from "./errors.js";

/** Where SSH to an emulated VM really goes: a (loopback) sshd standing in for it. */
export interface SshEndpoint {
  readonly host: string;
  readonly port: number;
}

/** What resolving needs of a VM: the SDK's VmAccessInfo fits. */
export interface SshAddressedVm {
  readonly vmId?: string;
  readonly publicIp?: string;
}

/**
 * Emulated VMs have made-up public addresses; tests back them with real sshd servers on loopback by
 * mapping each address to one. `resolveEndpoint` is what the SDK's remote targets take
 * (`targetsOf(access, { resolveEndpoint: world.sshEndpoints.resolveEndpoint })`); an address
 * without a mapping is a NotFound, never a connection to the made-up (possibly real) address.
 */
export class SshEndpointBook {
  readonly #byIp = new Map<string, SshEndpoint>();

  /** Backs the VM holding `publicIp` with the sshd at `endpoint`; replaces an earlier mapping. */
  set(publicIp: string, endpoint: SshEndpoint): void {
    if (typeof publicIp !== "string" || publicIp === "")
      throw new WorldError("InvalidParameter", "a public IP is needed", { field: "publicIp" });
    if (typeof endpoint?.host !== "string" || endpoint.host === "")
      throw new WorldError("InvalidParameter", "an endpoint needs a host", { field: "endpoint.host" });
    if (!Number.isInteger(endpoint.port) || endpoint.port < 1 || endpoint.port > 65_535)
      throw new WorldError("InvalidParameter", "an endpoint needs a port from 1 to 65535", { field: "endpoint.port" });
    this.#byIp.set(publicIp, { host: endpoint.host, port: endpoint.port });
  }

  /** Drops the mapping of an address; false when it had none. */
  delete(publicIp: string): boolean {
    return this.#byIp.delete(publicIp);
  }

  /** The sshd backing an address (a copy), or undefined when none does. */
  get(publicIp: string): SshEndpoint | undefined {
    const endpoint = this.#byIp.get(publicIp);
    return endpoint && { ...endpoint };
  }

  get size(): number {
    return this.#byIp.size;
  }

  /** The sshd backing a VM (bound: pass it around as a plain function). */
  readonly resolveEndpoint = (vm: SshAddressedVm): SshEndpoint => {
    const name = vm.vmId ?? "VM";
    if (vm.publicIp === undefined || vm.publicIp === "")
      throw new WorldError("NotFound", `${name} has no public IP to map to an sshd`, { resourceId: name });
    const endpoint = this.get(vm.publicIp);
    if (!endpoint)
      throw new WorldError("NotFound", `no sshd backs ${vm.publicIp} (${name}) in the emulator`, {
        resourceId: vm.publicIp,
      });
    return endpoint;
  };
}
