import { invalidArgument } from "@cloud-barista/core";
import { requireId } from "../model/ids.js";
import { requireOptions } from "../util/validate.js";
import type { McisCreateRequest, McisDynamicRequest, SubGroupRequest } from "../model/requests.js";
import type { McisAccessInfo, McisInfo, McisRef, McisStatusInfo, McisTarget } from "../model/types.js";
import { DefaultNetworks } from "../network/default-network.js";
import type { DefaultNetworkInfo } from "../network/default-network.js";
import type { McisPlan } from "../request/plan.js";
import { resolveDynamic } from "../request/resolve-dynamic.js";
import { control } from "./control.js";
import type { McisControlOptions } from "./control.js";
import { createMcis, planCreate } from "./create.js";
import { McisEnv } from "../env/env.js";
import type { McisServiceOptions } from "../env/env.js";
import { addSubGroups, scaleOut } from "./grow.js";
import type { McisOperationOptions } from "./operation.js";
import { accessInfo, getMcis, listMcis, mcisStatus } from "./query.js";
import type { McisQueryOptions } from "./query.js";
import { reconcile } from "./reconcile.js";
import type { McisReconcileOptions, McisReconcileReport } from "./reconcile.js";
import { deleteTarget, refine } from "./remove.js";
import type { McisDeleteOptions } from "./remove.js";

/** The keys of the options of create operations; any other is refused ("unknown-field"). */
const operationOptionKeys = ["abortSignal", "onProgress"];

/**
 * Multi-cloud infrastructure services over one SDK instance: MCIS create (static and dynamic),
 * lifecycle on an MCIS, a sub-group or a VM, queries, and crash recovery. Operations on one MCIS
 * are serialised by the Sponge Lock (`lockKeys.mcis(namespace, name)`); different MCIS run in parallel.
 */
export class McisService {
  readonly #env: McisEnv;

  constructor(options: McisServiceOptions) {
    this.#env = new McisEnv(options);
  }

  /**
   * Creates an MCIS from a static request and returns it once its VMs run or failed (failed VMs
   * carry reasons; read `status`). With `dryRun: true`, validates everything and returns the plan,
   * creating nothing. Under policy "rollback" a failure removes the MCIS and is thrown.
   *
   * @throws BaristaError InvalidArgument (naming the field), AlreadyExists, QuotaExceeded (known quotas), Aborted.
   */
  create(request: McisCreateRequest & { dryRun: true }, options?: McisOperationOptions): Promise<McisPlan>;
  create(request: McisCreateRequest & { dryRun?: false }, options?: McisOperationOptions): Promise<McisInfo>;
  create(request: McisCreateRequest, options?: McisOperationOptions): Promise<McisInfo | McisPlan>;
  async create(request: McisCreateRequest, options: McisOperationOptions = {}): Promise<McisInfo | McisPlan> {
    requireOptions(options, operationOptionKeys);
    return request?.dryRun === true
      ? planCreate(this.#env, request, options.abortSignal)
      : createMcis(this.#env, request, options);
  }

  /** Like `create`, with each sub-group's spec and image given by name or keywords. */
  createDynamic(request: McisDynamicRequest & { dryRun: true }, options?: McisOperationOptions): Promise<McisPlan>;
  createDynamic(request: McisDynamicRequest & { dryRun?: false }, options?: McisOperationOptions): Promise<McisInfo>;
  createDynamic(request: McisDynamicRequest, options?: McisOperationOptions): Promise<McisInfo | McisPlan>;
  async createDynamic(request: McisDynamicRequest, options: McisOperationOptions = {}): Promise<McisInfo | McisPlan> {
    requireOptions(options, operationOptionKeys);
    return this.create(await resolveDynamic(this.#env, request, options.abortSignal), options);
  }

  /** The dry run of `create`: what it would make, after checking everything. */
  async plan(request: McisCreateRequest, options: Pick<McisOperationOptions, "abortSignal"> = {}): Promise<McisPlan> {
    requireOptions(options, ["abortSignal"]);
    return planCreate(this.#env, request, options.abortSignal);
  }

  /** An MCIS with its sub-groups and VMs; statuses are read from the clouds unless `refresh: false`. */
  get(ref: McisRef, options: McisQueryOptions = {}): Promise<McisInfo> {
    return getMcis(this.#env, ref, options);
  }

  /** The MCIS of a namespace. */
  list(namespace: string, options: McisQueryOptions = {}): Promise<McisInfo[]> {
    return listMcis(this.#env, namespace, options);
  }

  /** Statuses only: the aggregated status, counts, targets, and per VM status and reason. */
  status(ref: McisRef, options: McisQueryOptions = {}): Promise<McisStatusInfo> {
    return mcisStatus(this.#env, ref, options);
  }

  /** Per VM: public and private IP, SSH port, login user, and the key pair to log in with. */
  accessInfo(ref: McisRef, options: Pick<McisQueryOptions, "abortSignal"> = {}): Promise<McisAccessInfo> {
    return accessInfo(this.#env, ref, options);
  }

  /**
   * Suspends an MCIS, a sub-group or a VM. Refused (Conflict) while VMs are being created or busy
   * with another action; Suspended, Terminated and Failed VMs of a group are passed over.
   */
  suspend(target: McisTarget, options: McisControlOptions = {}): Promise<McisInfo> {
    return control(this.#env, target, "Suspend", options);
  }

  /** Resumes suspended VMs (the only action besides terminate that a Suspended VM accepts). */
  resume(target: McisTarget, options: McisControlOptions = {}): Promise<McisInfo> {
    return control(this.#env, target, "Resume", options);
  }

  /** Reboots running VMs; refused for Suspended ones. */
  reboot(target: McisTarget, options: McisControlOptions = {}): Promise<McisInfo> {
    return control(this.#env, target, "Reboot", options);
  }

  /**
   * Terminates VMs (Terminated is final; the records stay until `delete`). Waits until the clouds
   * report them gone; terminating a terminated VM does nothing.
   */
  terminate(target: McisTarget, options: McisOperationOptions = {}): Promise<McisInfo> {
    return control(this.#env, target, "Terminate", options);
  }

  /** Deletes an MCIS, a sub-group or a VM; with `terminate: true`, terminates what still runs first. */
  delete(target: McisTarget, options: McisDeleteOptions = {}): Promise<void> {
    return deleteTarget(this.#env, target, options);
  }

  /** Removes Failed and Undefined VMs (terminating what the cloud may hold of them). */
  refine(ref: McisRef, options: McisOperationOptions = {}): Promise<McisInfo> {
    return refine(this.#env, ref, options);
  }

  /** Adds `count` VMs to a sub-group, continuing its index (g1-4, g1-5, ... after g1-3). */
  scaleOut(ref: McisRef & { subGroup: string }, count: number, options: McisOperationOptions = {}): Promise<McisInfo> {
    return scaleOut(this.#env, ref, count, options);
  }

  /** Adds a sub-group to an MCIS and creates its VMs. */
  addSubGroup(ref: McisRef, subGroup: SubGroupRequest, options: McisOperationOptions = {}): Promise<McisInfo> {
    return addSubGroups(this.#env, ref, [subGroup], options, true);
  }

  /** Adds several sub-groups at once. */
  addSubGroups(ref: McisRef, subGroups: SubGroupRequest[], options: McisOperationOptions = {}): Promise<McisInfo> {
    return addSubGroups(this.#env, ref, subGroups, options);
  }

  /** Settles records and clouds after a crash or restart (see `McisReconcileReport`). */
  reconcile(options: McisReconcileOptions = {}): Promise<McisReconcileReport> {
    return reconcile(this.#env, options);
  }

  /**
   * Makes sure a namespace's default network (VPC and subnet, security group, key pair) exists in a
   * connection, creating what is missing (Tumblebug's `loadDefaultResource`); creates do this on
   * first use, this does it ahead of time. Returns the names and CIDRs.
   */
  async ensureDefaultNetwork(
    namespace: string,
    connection: string,
    options: Pick<McisOperationOptions, "abortSignal"> = {},
  ): Promise<DefaultNetworkInfo> {
    requireId("namespace", namespace);
    const conn = await this.#env.connection(connection);
    const record = await new DefaultNetworks(this.#env).ensure(
      namespace,
      conn,
      { network: true, keyPair: true },
      options.abortSignal,
    );
    return {
      namespace,
      connection: conn.name,
      vpcName: record.vpcName,
      ...(conn.capabilities.quirks.vpcCidr && record.vpcCidr ? { vpcCidr: record.vpcCidr } : {}),
      subnetName: record.subnetName,
      subnetCidr: record.subnetCidr,
      securityGroupName: record.securityGroupName,
      keyPairName: record.keyPairName,
    };
  }

  /**
   * Deletes a namespace's default network in a connection (security group, key pair, VPC). Refused
   * while an MCIS of the namespace uses it; false when there is none.
   */
  async releaseDefaultNetwork(
    namespace: string,
    connection: string,
    options: Pick<McisOperationOptions, "abortSignal"> = {},
  ): Promise<boolean> {
    requireId("namespace", namespace);
    if (typeof connection !== "string" || connection === "")
      throw invalidArgument("connection", "required", "is required");
    return new DefaultNetworks(this.#env).release(namespace, connection, options.abortSignal);
  }
}

/** Creates the MCIS service of an SDK instance. */
export function createMcisService(options: McisServiceOptions): McisService {
  return new McisService(options);
}
