import type { VmStatus } from "@cloud-barista/core";
import type { McisCreateRequest, SubGroupRequest } from "../model/requests.js";
import type { McisRef } from "../model/types.js";

/** What became of one VM of a create. */
export interface VmOutcome {
  readonly subGroup: string;
  readonly vm: string;
  readonly connection: string;
  /** "Failed" means the VM is not there and `error` says why; any other status counts as placed. */
  readonly status: VmStatus;
  readonly error?: unknown;
}

/** The outcome of each VM the engine was asked for. */
export interface ProvisionResult {
  readonly vms: readonly VmOutcome[];
}

/**
 * All that failover needs from the MCIS engine. Placement depends on this port only: `mcisEngine`
 * adapts the MCIS service to it, and tests script it to make clouds fail on cue.
 */
export interface PlacementEngine {
  /** Creates the MCIS and its VMs; failed VMs are reported, not thrown (policy "continue"). */
  create(request: McisCreateRequest): Promise<ProvisionResult>;
  /** Adds sub-groups to an existing MCIS; reports their VMs like `create`. */
  addSubGroups(mcis: McisRef, subGroups: readonly SubGroupRequest[]): Promise<ProvisionResult>;
  /** Removes the failed VMs of the MCIS and anything left of them (Tumblebug's refine); running VMs stay. */
  refine(mcis: McisRef): Promise<void>;
}
