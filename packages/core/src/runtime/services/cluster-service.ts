import { invalidArgument, isBaristaError, notFound } from "../../errors.js";
import type { BaristaError } from "../../errors.js";
import type { CallContext } from "../../driver/call-context.js";
import type { ClusterHandler } from "../../driver/handlers.js";
import type { DriverNodeGroupRequest } from "../../driver/requests.js";
import type { LockRequest } from "../../lock/sponge-lock.js";
import type {
  ClusterInfo,
  ClusterRequest,
  ClusterStatus,
  ClusterVersionInfo,
  NodeGroupInfo,
  NodeGroupRequest,
  NodeInfo,
} from "../../model/cluster.js";
import { collect } from "../../util/paginate.js";
import { driverIid } from "../connection-runtime.js";
import type { IidMapper } from "../iid-mapper.js";
import type { IidRecord } from "../iid-store.js";
import { trackedCreate } from "../tracked-create.js";
import {
  requestLimits,
  requireArray,
  requireBoolean,
  requireFields,
  requireName,
  requireNames,
  requireOptions,
  requirePositiveInteger,
  requireString,
} from "../validate.js";
import { waitForState } from "../wait.js";
import type { MetadataOptions } from "./metadata-service.js";
import { operationOptionKeys, waitOptionKeys } from "./options.js";
import type { OperationOptions, WaitOptions } from "./options.js";
import { ResourceService, exclusive, shared } from "./resource-service.js";

/** Most nodes the SDK lets one node group ask for (the clouds' own limits are checked by them). */
export const maxNodeGroupSize = 1000;

const clusterRequestKeys = [
  "name",
  "version",
  "vpcName",
  "subnetNames",
  "securityGroupNames",
  "nodeGroups",
  "tags",
] as const satisfies readonly (keyof ClusterRequest)[];

const nodeGroupRequestKeys = [
  "name",
  "imageName",
  "specName",
  "rootDiskType",
  "rootDiskSizeGB",
  "keyPairName",
  "onAutoScaling",
  "desiredNodeSize",
  "minNodeSize",
  "maxNodeSize",
  "tags",
] as const satisfies readonly (keyof NodeGroupRequest)[];

/** A node group's node counts: desired, minimum and maximum. */
export interface NodeGroupSize {
  desired: number;
  min: number;
  max: number;
}

/** Node counts: integers with 0 <= min <= desired <= max, max at least 1; `fields` name them in errors. */
export function checkNodeGroupSize(fields: Record<keyof NodeGroupSize, string>, size: NodeGroupSize): NodeGroupSize {
  const count = (key: keyof NodeGroupSize): number => {
    const value = size[key];
    return value === 0 ? 0 : requirePositiveInteger(fields[key], value, maxNodeGroupSize);
  };
  const min = count("min");
  const desired = count("desired");
  const max = count("max");
  if (max < 1) throw invalidArgument(fields.max, "range", "must be at least 1");
  if (min > desired)
    throw invalidArgument(fields.min, "range", `must not exceed the desired size (${min} > ${desired})`);
  if (desired > max)
    throw invalidArgument(fields.desired, "range", `must not exceed the maximum size (${desired} > ${max})`);
  return { desired, min, max };
}

/** A checked node group request. */
function checkNodeGroup(field: string, input: NodeGroupRequest): NodeGroupRequest {
  requireFields<NodeGroupRequest>(field || "request", input, nodeGroupRequestKeys, field);
  const prefix = field === "" ? "" : `${field}.`;
  const names = { desired: `${prefix}desiredNodeSize`, min: `${prefix}minNodeSize`, max: `${prefix}maxNodeSize` };
  const size = checkNodeGroupSize(names, {
    desired: input.desiredNodeSize,
    min: input.minNodeSize,
    max: input.maxNodeSize,
  });
  return {
    name: requireName(`${prefix}name`, input.name),
    ...(input.imageName
      ? { imageName: requireString(`${prefix}imageName`, input.imageName, requestLimits.idLength) }
      : {}),
    specName: requireString(`${prefix}specName`, input.specName),
    ...(input.rootDiskType ? { rootDiskType: requireString(`${prefix}rootDiskType`, input.rootDiskType) } : {}),
    ...(input.rootDiskSizeGB !== undefined
      ? { rootDiskSizeGB: requirePositiveInteger(`${prefix}rootDiskSizeGB`, input.rootDiskSizeGB, 65_536) }
      : {}),
    keyPairName: requireName(`${prefix}keyPairName`, input.keyPairName),
    onAutoScaling: requireBoolean(`${prefix}onAutoScaling`, input.onAutoScaling),
    desiredNodeSize: size.desired,
    minNodeSize: size.min,
    maxNodeSize: size.max,
    ...(input.tags ? { tags: input.tags } : {}),
  };
}

/** "Active" with every node group "Active": a wait's success. "Failed" (or a failed group): its failure. */
function settled(info: ClusterInfo): "success" | "failure" | "retry" {
  if (info.status === "Failed" || info.nodeGroups.some((g) => g.status === "Failed")) return "failure";
  return info.status === "Active" && info.nodeGroups.every((g) => g.status === "Active") ? "success" : "retry";
}

/**
 * Provider-managed Kubernetes clusters (`connection.cluster`): a control plane with node groups in
 * the connection's VPC, subnets and security groups. Creates, deletes and changes wait for the
 * cloud to finish by default (`wait: false` returns once it has accepted); node groups are named
 * per cluster, and their nodes belong to the cloud's scaling (they are not tracked as VMs).
 */
export class ClusterService extends ResourceService<ClusterInfo> {
  protected readonly type = "cluster" as const;

  protected handler(): Promise<ClusterHandler> {
    return this.rt.handler("cluster");
  }

  protected async toUser(info: ClusterInfo, mapper: IidMapper, record: IidRecord): Promise<ClusterInfo> {
    const groups = new Map(
      (await this.rt.shared.iids.list(this.rt.name, "nodeGroup", record.name))
        .filter((r) => r.state === "ready")
        .map((r) => [r.systemId, r.name]),
    );
    return {
      ...info,
      iid: { nameId: record.name, systemId: info.iid.systemId },
      network: {
        vpcIID: await mapper.user("vpc", info.network.vpcIID),
        subnetIIDs: await mapper.all("subnet", info.network.subnetIIDs),
        securityGroupIIDs: await mapper.all("securityGroup", info.network.securityGroupIIDs),
      },
      nodeGroups: await Promise.all(info.nodeGroups.map((g) => this.#groupToUser(g, mapper, groups))),
    };
  }

  async #groupToUser(group: NodeGroupInfo, mapper: IidMapper, names: Map<string, string>): Promise<NodeGroupInfo> {
    const keyPairIID = await mapper.optional("keyPair", group.keyPairIID);
    return {
      ...group,
      iid: { nameId: names.get(group.iid.systemId) ?? group.iid.nameId, systemId: group.iid.systemId },
      ...(keyPairIID ? { keyPairIID } : {}),
    };
  }

  protected override dependents(record: IidRecord): Promise<IidRecord[]> {
    return this.rt.shared.iids.list(this.rt.name, "nodeGroup", record.name);
  }

  /** Kubernetes versions the region offers, from the metadata cache (like specs). */
  async *versions(options: MetadataOptions = {}): AsyncGenerator<ClusterVersionInfo> {
    requireOptions(options, ["abortSignal", "refresh"]);
    const load = async (): Promise<ClusterVersionInfo[]> =>
      collect(
        (await this.handler()).versions(await this.rt.context("clusterVersions", undefined, options.abortSignal)),
      );
    yield* await this.rt.shared.cache.get(this.rt.name, "clusterVersions", load, options);
  }

  /** Refuses a version the region does not offer (InvalidArgument, rule "version-offered"). */
  async #requireOffered(field: string, version: string, abortSignal: AbortSignal | undefined): Promise<void> {
    const offered = await collect(this.versions(abortSignal ? { abortSignal } : {}));
    if (!offered.some((v) => v.version === version)) {
      throw invalidArgument(
        field,
        "version-offered",
        `Kubernetes ${version} is not offered in ${this.rt.region.region} (offered: ${offered.map((v) => v.version).join(", ") || "none"})`,
      );
    }
  }

  #groupRequest(group: NodeGroupRequest, cloudName: string, keyPair: IidRecord): DriverNodeGroupRequest {
    return {
      name: cloudName,
      ...(group.imageName ? { imageIID: { nameId: group.imageName, systemId: group.imageName } } : {}),
      specName: group.specName,
      ...(group.rootDiskType ? { rootDiskType: group.rootDiskType } : {}),
      ...(group.rootDiskSizeGB ? { rootDiskSizeGB: group.rootDiskSizeGB } : {}),
      keyPairIID: driverIid(keyPair),
      onAutoScaling: group.onAutoScaling,
      desiredNodeSize: group.desiredNodeSize,
      minNodeSize: group.minNodeSize,
      maxNodeSize: group.maxNodeSize,
      ...(group.tags ? { tags: group.tags } : {}),
    };
  }

  /**
   * Creates a cluster with its node groups. Everything is checked before any call that changes the
   * cloud: the version against the region's offer, node counts, that the VPC, subnets, security
   * groups and key pairs exist (and they are held, shared, while the cloud creates). By default
   * waits until the cluster and its node groups are Active; a cluster that ends Failed is deleted
   * again (node groups included) and the create fails.
   */
  async create(request: ClusterRequest, options: WaitOptions = {}): Promise<ClusterInfo> {
    requireFields<ClusterRequest>("request", request, clusterRequestKeys, "");
    const name = requireName("name", request.name);
    const version = requireString("version", request.version, 64);
    const vpcName = requireName("vpcName", request.vpcName);
    const subnetNames = requireNames("subnetNames", request.subnetNames, { nonEmpty: true });
    const securityGroupNames = requireNames("securityGroupNames", request.securityGroupNames);
    const groups = requireArray<NodeGroupRequest>("nodeGroups", request.nodeGroups ?? []).map((g, i) =>
      checkNodeGroup(`nodeGroups[${i}]`, g),
    );
    groups.forEach((g, i) => {
      if (groups.findIndex((o) => o.name === g.name) !== i)
        throw invalidArgument(`nodeGroups[${i}].name`, "unique", `node group "${g.name}" is given twice`);
    });
    const tags = this.rt.checkTags("tags", request.tags);
    groups.forEach((g, i) => this.rt.checkTags(`nodeGroups[${i}].tags`, g.tags));
    requireOptions(options, waitOptionKeys);
    await this.#requireOffered("version", version, options.abortSignal);
    const record = this.rt.newRecord("cluster", name, this.rt.cloudName("name", "cluster", name));
    const groupRecords = groups.map((g, i) =>
      this.rt.newRecord("nodeGroup", g.name, this.rt.cloudName(`nodeGroups[${i}].name`, "nodeGroup", g.name), {
        owner: name,
      }),
    );
    const keyPairNames = [...new Set(groups.map((g) => g.keyPairName))];
    const locks: LockRequest[] = [
      exclusive(this.key(record)),
      shared(this.rt.lockKey("vpc", vpcName)),
      ...subnetNames.map((s) => shared(this.rt.lockKey("subnet", s, vpcName))),
      ...securityGroupNames.map((sg) => shared(this.rt.lockKey("securityGroup", sg, vpcName))),
      ...keyPairNames.map((k) => shared(this.rt.lockKey("keyPair", k))),
    ];
    const created = await this.rt.run(
      {
        operation: "cluster.create",
        resourceType: "cluster",
        resourceName: name,
        locks,
        abortSignal: options.abortSignal,
      },
      async (ctx) => {
        const vpc = await this.rt.resolve("vpc", vpcName);
        const subnets = await Promise.all(subnetNames.map((s) => this.rt.resolve("subnet", s, vpcName)));
        const sgs = await Promise.all(securityGroupNames.map((sg) => this.rt.resolve("securityGroup", sg, vpcName)));
        const keyPairs = new Map(
          await Promise.all(keyPairNames.map(async (k) => [k, await this.rt.resolve("keyPair", k)] as const)),
        );
        const handler = await this.handler();
        return trackedCreate(
          this.rt,
          ctx,
          record,
          async () => {
            const info = await handler.create(
              {
                name: record.cloudName,
                version,
                vpcIID: driverIid(vpc),
                subnetIIDs: subnets.map(driverIid),
                securityGroupIIDs: sgs.map(driverIid),
                nodeGroups: groups.map((g, i) =>
                  this.#groupRequest(g, groupRecords[i]?.cloudName ?? g.name, keyPairs.get(g.keyPairName) as IidRecord),
                ),
                ...(tags ? { tags } : {}),
                idempotencyToken: record.cloudName,
              },
              ctx,
            );
            // The node groups the cloud made with the cluster are tracked with it.
            const children = groupRecords.flatMap((r): IidRecord[] => {
              const made = info.nodeGroups.find((g) => g.iid.nameId === r.cloudName);
              return made ? [{ ...r, systemId: made.iid.systemId, state: "ready" }] : [];
            });
            return { systemId: info.iid.systemId, result: info, children };
          },
          [vpc, ...subnets, ...sgs, ...keyPairs.values()],
        );
      },
    );
    if (options.wait === false) {
      return this.toUser(created, this.mapper(), { ...record, systemId: created.iid.systemId, state: "ready" });
    }
    try {
      await this.#waitSettled(name, `cluster "${name}" to be Active`, options.abortSignal);
    } catch (error) {
      if (isBaristaError(error, "ProviderError") && error.rule === undefined) await this.#rollback(name, error);
      throw error;
    }
    return this.get(name, options.abortSignal ? { abortSignal: options.abortSignal } : {});
  }

  /** Deletes a cluster that ended Failed, so a failed create leaves no control plane or node group. */
  async #rollback(name: string, cause: BaristaError): Promise<void> {
    const info = await this.get(name).catch(() => undefined);
    if (info?.status !== "Failed" && !info?.nodeGroups.some((g) => g.status === "Failed")) return;
    this.rt.shared.logger.warn("cluster create failed in the cloud; deleting what it made", {
      connection: this.rt.name,
      name,
      error: cause.message,
    });
    await this.delete(name).catch((error: unknown) =>
      this.rt.shared.logger.warn("could not delete a failed cluster; destroyAll will retry", {
        connection: this.rt.name,
        name,
        error: String(error),
      }),
    );
  }

  async #waitSettled(name: string, description: string, abortSignal: AbortSignal | undefined): Promise<ClusterInfo> {
    const record = await this.rt.resolve("cluster", name);
    const ctx = await this.rt.context("cluster", name, abortSignal);
    const handler = await this.handler();
    return waitForState(ctx, record, {
      description,
      deadline: "cluster",
      read: () => handler.get(driverIid(record), ctx),
      accept: settled,
      describeFailure: (info) =>
        `cluster ${info.status}; node groups ${info.nodeGroups.map((g) => `${g.iid.nameId}=${g.status}`).join(", ") || "none"}`,
    });
  }

  /**
   * Deletes a cluster with its node groups (the driver deletes node groups first where the cloud
   * requires it) and, by default, waits until the cloud no longer has it.
   */
  async delete(name: string, options: WaitOptions = {}): Promise<void> {
    requireName("name", name);
    requireOptions(options, waitOptionKeys);
    await this.deleteTracked(name, options, async (record, ctx) => {
      const handler = await this.handler();
      await handler.delete(driverIid(record), ctx);
      if (options.wait === false) return;
      await waitForState<ClusterStatus | "Gone">(ctx, record, {
        description: `cluster "${name}" to be deleted`,
        deadline: "cluster",
        read: async () => (await handler.get(driverIid(record), ctx)).status,
        accept: (s) => (s === "Gone" ? "success" : "retry"),
        whenNotFound: "Gone",
      });
    });
  }

  /** Adds a node group to a cluster; by default waits until it is Active. */
  async addNodeGroup(
    clusterName: string,
    request: NodeGroupRequest,
    options: WaitOptions = {},
  ): Promise<NodeGroupInfo> {
    requireName("clusterName", clusterName);
    const group = checkNodeGroup("", request);
    this.rt.checkTags("tags", group.tags);
    requireOptions(options, waitOptionKeys);
    this.rt.requireOperation("cluster.nodeGroups");
    const cluster = await this.find(clusterName);
    const record = this.rt.newRecord("nodeGroup", group.name, this.rt.cloudName("name", "nodeGroup", group.name), {
      owner: clusterName,
    });
    await this.rt.run(
      {
        operation: "cluster.addNodeGroup",
        resourceType: "nodeGroup",
        resourceName: group.name,
        locks: [
          exclusive(this.rt.lockKey("nodeGroup", group.name, clusterName)),
          shared(this.key(cluster)),
          shared(this.rt.lockKey("keyPair", group.keyPairName)),
        ],
        abortSignal: options.abortSignal,
      },
      async (ctx) => {
        const clusterRecord = await this.rt.resolve("cluster", clusterName);
        const keyPair = await this.rt.resolve("keyPair", group.keyPairName);
        const handler = await this.handler();
        return trackedCreate(
          this.rt,
          ctx,
          record,
          async () => {
            const made = await handler.addNodeGroup(
              driverIid(clusterRecord),
              this.#groupRequest(group, record.cloudName, keyPair),
              ctx,
            );
            return { systemId: made.iid.systemId, result: made };
          },
          [clusterRecord, keyPair],
        );
      },
    );
    return this.#groupAfter(clusterName, group.name, options);
  }

  /** The node group once the cluster settled (unless `wait: false`). */
  async #groupAfter(clusterName: string, groupName: string, options: WaitOptions): Promise<NodeGroupInfo> {
    const info =
      options.wait === false
        ? await this.get(clusterName, options.abortSignal ? { abortSignal: options.abortSignal } : {})
        : await this.#waitSettled(clusterName, `node group "${groupName}" to be Active`, options.abortSignal).then(() =>
            this.get(clusterName, options.abortSignal ? { abortSignal: options.abortSignal } : {}),
          );
    const group = info.nodeGroups.find((g) => g.iid.nameId === groupName);
    if (!group) throw notFound("nodeGroup", groupName, `cluster "${clusterName}"`);
    return group;
  }

  /** Runs `fn` on a tracked node group of a cluster, holding the group exclusively and the cluster shared. */
  async #withGroup<T>(
    operation: string,
    clusterName: string,
    groupName: string,
    options: OperationOptions,
    fn: (cluster: IidRecord, group: IidRecord, handler: ClusterHandler, ctx: CallContext) => Promise<T>,
  ): Promise<T> {
    requireName("clusterName", clusterName);
    requireName("nodeGroupName", groupName);
    const cluster = await this.find(clusterName);
    return this.rt.run(
      {
        operation,
        resourceType: "nodeGroup",
        resourceName: groupName,
        locks: [exclusive(this.rt.lockKey("nodeGroup", groupName, clusterName)), shared(this.key(cluster))],
        abortSignal: options.abortSignal,
      },
      async (ctx) => {
        const clusterRecord = await this.rt.resolve("cluster", clusterName);
        const group = await this.rt.resolve("nodeGroup", groupName, clusterName);
        return fn(clusterRecord, group, await this.handler(), ctx);
      },
    );
  }

  /** Removes a node group (its nodes are terminated); by default waits until the cluster no longer has it. */
  async removeNodeGroup(clusterName: string, nodeGroupName: string, options: WaitOptions = {}): Promise<void> {
    requireOptions(options, waitOptionKeys);
    this.rt.requireOperation("cluster.nodeGroups");
    await this.#withGroup(
      "cluster.removeNodeGroup",
      clusterName,
      nodeGroupName,
      options,
      async (cluster, group, handler, ctx) => {
        try {
          await handler.removeNodeGroup(driverIid(cluster), driverIid(group), ctx);
        } catch (error) {
          if (!isBaristaError(error, "NotFound")) throw error;
        }
        if (options.wait !== false) {
          await waitForState(ctx, cluster, {
            description: `node group "${nodeGroupName}" to be deleted`,
            deadline: "cluster",
            read: async () =>
              (await handler.get(driverIid(cluster), ctx)).nodeGroups.some((g) => g.iid.systemId === group.systemId),
            accept: (present) => (present ? "retry" : "success"),
          });
        }
        await this.rt.shared.iids.remove(group);
      },
    );
  }

  /**
   * The nodes of a node group as the cloud's VM API describes them (addresses, SSH access point,
   * status), one VM read per node: where the cloud's VM API cannot see a node (NotFound), it is
   * left out. Reads only; the nodes stay untracked.
   */
  async nodes(clusterName: string, nodeGroupName: string, options: OperationOptions = {}): Promise<NodeInfo[]> {
    requireName("clusterName", clusterName);
    requireName("nodeGroupName", nodeGroupName);
    requireOptions(options, operationOptionKeys);
    const info = await this.get(clusterName, options);
    const group = info.nodeGroups.find((g) => g.iid.nameId === nodeGroupName);
    if (!group) throw notFound("nodeGroup", nodeGroupName, `cluster "${clusterName}"`);
    const ctx = await this.rt.context("vm", undefined, options.abortSignal);
    const handler = await this.rt.handler("vm");
    const nodes: NodeInfo[] = [];
    for (const node of group.nodes) {
      try {
        const vm = await this.rt.redacted(() => handler.get(node, ctx), options.abortSignal);
        nodes.push({
          iid: vm.iid,
          ...(vm.status ? { status: vm.status } : {}),
          ...(vm.region.zone ? { zone: vm.region.zone } : {}),
          ...(vm.privateIp ? { privateIp: vm.privateIp } : {}),
          ...(vm.publicIp ? { publicIp: vm.publicIp } : {}),
          ...(vm.sshAccessPoint ? { sshAccessPoint: vm.sshAccessPoint } : {}),
          ...(vm.vmUserId ? { vmUserId: vm.vmUserId } : {}),
        });
      } catch (error) {
        if (!isBaristaError(error, "NotFound")) throw error;
      }
    }
    return nodes;
  }

  /** Switches a node group's auto scaling on or off (NotSupported where the cloud has none). */
  async setNodeGroupAutoScaling(
    clusterName: string,
    nodeGroupName: string,
    on: boolean,
    options: OperationOptions = {},
  ): Promise<void> {
    requireBoolean("on", on);
    requireOptions(options, operationOptionKeys);
    this.rt.requireOperation("cluster.autoScaling");
    await this.#withGroup(
      "cluster.setNodeGroupAutoScaling",
      clusterName,
      nodeGroupName,
      options,
      (cluster, group, handler, ctx) => handler.setNodeGroupAutoScaling(driverIid(cluster), driverIid(group), on, ctx),
    );
  }

  /** Sets a node group's sizes (0 <= min <= desired <= max); by default waits until it is Active again. */
  async changeNodeGroupScaling(
    clusterName: string,
    nodeGroupName: string,
    size: NodeGroupSize,
    options: WaitOptions = {},
  ): Promise<NodeGroupInfo> {
    requireFields<NodeGroupSize>("size", size, ["desired", "min", "max"]);
    const checked = checkNodeGroupSize({ desired: "size.desired", min: "size.min", max: "size.max" }, size);
    requireOptions(options, waitOptionKeys);
    await this.#withGroup(
      "cluster.changeNodeGroupScaling",
      clusterName,
      nodeGroupName,
      options,
      (cluster, group, handler, ctx) =>
        handler.changeNodeGroupScaling(driverIid(cluster), driverIid(group), checked, ctx),
    );
    return this.#groupAfter(clusterName, nodeGroupName, options);
  }

  /** Upgrades the cluster to an offered, newer version; by default waits until it is Active again. */
  async upgrade(name: string, version: string, options: WaitOptions = {}): Promise<ClusterInfo> {
    requireName("name", name);
    requireString("version", version, 64);
    requireOptions(options, waitOptionKeys);
    this.rt.requireOperation("cluster.upgrade");
    await this.#requireOffered("version", version, options.abortSignal);
    await this.withRecord("cluster.upgrade", name, "exclusive", options, async (record, ctx) => {
      const handler = await this.handler();
      const current = await handler.get(driverIid(record), ctx);
      if (current.version === version) {
        throw invalidArgument("version", "newer", `cluster "${name}" already runs Kubernetes ${version}`);
      }
      await handler.upgrade(driverIid(record), version, ctx);
    });
    if (options.wait !== false) await this.#waitSettled(name, `cluster "${name}" to be upgraded`, options.abortSignal);
    return this.get(name, options.abortSignal ? { abortSignal: options.abortSignal } : {});
  }
}
