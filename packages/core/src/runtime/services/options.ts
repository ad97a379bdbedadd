/** Options every operation takes. */
export interface OperationOptions {
  abortSignal?: AbortSignal;
}

/** Options of operations on security groups, whose names are unique per VPC. */
export interface InVpcOptions extends OperationOptions {
  /** The owning VPC; needed only when several VPCs have a security group of this name. */
  vpcName?: string;
}

/** Options of operations that wait for the cloud to finish. */
export interface WaitOptions extends OperationOptions {
  /** Return once the cloud has accepted the request, without waiting for the end state (default true). */
  wait?: boolean;
}

/** Options of VM reads (`vm.get`, `vm.list`). */
export interface VmReadOptions extends OperationOptions {
  /**
   * Also the fields that cost the driver more native calls than the VM's own description (on AWS
   * the root disk's size and type). Default false: one native call per VM read where the cloud
   * allows it; see each driver's docs for the fields this adds.
   */
  details?: boolean;
}

/** An existing cloud resource to adopt under a user name, without touching it in the cloud. */
export interface RegisterRequest {
  name: string;
  /** The cloud's id of the resource. */
  systemId: string;
}

// The keys each kind of options bag may have; any other is refused ("unknown-field").
export const operationOptionKeys = ["abortSignal"] as const satisfies readonly (keyof OperationOptions)[];
export const inVpcOptionKeys = ["abortSignal", "vpcName"] as const satisfies readonly (keyof InVpcOptions)[];
export const waitOptionKeys = ["abortSignal", "wait"] as const satisfies readonly (keyof WaitOptions)[];
export const vmReadOptionKeys = ["abortSignal", "details"] as const satisfies readonly (keyof VmReadOptions)[];
export const registerRequestKeys = ["name", "systemId"] as const satisfies readonly (keyof RegisterRequest)[];
