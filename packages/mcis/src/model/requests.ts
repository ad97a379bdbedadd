/** Partial-failure policy of a create, scale-out or add-sub-group (Tumblebug's `policyOnPartialFailure`). */
export type PartialFailurePolicy = "continue" | "rollback" | "refine";

/** What a create does when some VMs fail: keep them all (continue), remove every VM (rollback), or remove the failed ones (refine). */
export const partialFailurePolicies: readonly PartialFailurePolicy[] = ["continue", "rollback", "refine"];

/**
 * A sub-group that is a node group of a provider-managed Kubernetes cluster already in the
 * sub-group's connection (`connection.cluster`). The node group is named like the sub-group; its
 * desired size is the sub-group's size. The sizes are named as core's `NodeGroupRequest` names them.
 */
export interface SubGroupNodeGroup {
  /** The cluster's name in the connection; it must be Active. */
  cluster: string;
  /** Default 1 (at most the sub-group's size). */
  minNodeSize?: number;
  /**
   * The most nodes scale-out may ask for. Absent: the node group's maximum follows its desired
   * size (scale-out raises it); given: scale-out past it is refused.
   */
  maxNodeSize?: number;
}

/**
 * One group of identical VMs in one connection: `size` VMs named `<name>-1 .. <name>-<size>`.
 * Network pieces left out are filled with the namespace's default ones for the connection (a VPC
 * and subnet, a security group and a key pair, created on first use and shared).
 */
export interface SubGroupRequest {
  name: string;
  /** A connection registered with the SDK instance (`barista.connections`). */
  connection: string;
  specName: string;
  /**
   * A public image id of the connection's catalog. Required, except for a node group (`nodeGroup`),
   * where it is the node image passed to the cloud as given, and absent means the cloud's default.
   */
  image?: string;
  size: number;
  /** The sub-group is a node group of this cluster, not VMs of its own (no network fields then). */
  nodeGroup?: SubGroupNodeGroup;
  /** With `subnetName` and `securityGroupNames`: an existing network (core names in the connection). */
  vpcName?: string;
  subnetName?: string;
  securityGroupNames?: string[];
  keyPairName?: string;
  rootDiskType?: string;
  rootDiskSizeGB?: number;
  labels?: Record<string, string>;
}

/** A static MCIS request: specs and images named exactly. */
export interface McisCreateRequest {
  namespace: string;
  name: string;
  description?: string;
  labels?: Record<string, string>;
  subGroups: SubGroupRequest[];
  /** Default "continue". */
  policy?: PartialFailurePolicy;
  /** Validate everything and report what would be created, creating nothing. */
  dryRun?: boolean;
}

/**
 * A sub-group of a dynamic request: spec and image by name/id or by keywords, resolved in the
 * connection's catalog (Tumblebug's `commonSpec` / `commonImage`).
 */
export interface DynamicSubGroupRequest extends Omit<SubGroupRequest, "specName" | "image"> {
  /** A spec name, or keywords all of which the spec name must contain ("medium", "arm small"). */
  spec: string;
  /**
   * An image id, or keywords matched against id, name and OS ("ubuntu 24.04"). For a node group,
   * optional and not resolved: passed to the cloud as given.
   */
  image?: string;
}

/** A dynamic MCIS request; the network pieces usually come from the defaults. */
export interface McisDynamicRequest extends Omit<McisCreateRequest, "subGroups"> {
  subGroups: DynamicSubGroupRequest[];
}
