import { toFailureReason } from "../engine/failure.js";
import { aggregateStatus, countStatuses } from "../model/aggregate.js";
import type { McisInfo, McisStatusInfo, McisVmInfo, SubGroupInfo } from "../model/types.js";
import type { McisRecord, VmRecord } from "../store/records.js";
import { mcisTarget } from "./live.js";

export function toVmInfo(vm: VmRecord): McisVmInfo {
  return {
    id: vm.id,
    subGroup: vm.subGroup,
    index: vm.index,
    connection: vm.connection,
    coreName: vm.coreName,
    ...(vm.systemId === undefined ? {} : { systemId: vm.systemId }),
    ...(vm.zone === undefined ? {} : { zone: vm.zone }),
    status: vm.status,
    targetStatus: vm.targetStatus,
    targetAction: vm.targetAction,
    ...(vm.reason ? { reason: toFailureReason(vm.reason) } : {}),
    createdAt: new Date(vm.createdAt),
    ...(vm.cluster === undefined ? {} : { cluster: vm.cluster }),
  };
}

/** The user's view of an MCIS from its records (statuses as given: stored, or refreshed by the caller). */
export function toMcisInfo(head: McisRecord, vms: readonly VmRecord[]): McisInfo {
  const count = countStatuses(vms.map((vm) => vm.status));
  const subGroups: SubGroupInfo[] = head.subGroups.map((g) => {
    const ids = vms.filter((vm) => vm.subGroup === g.name).map((vm) => vm.id);
    return {
      name: g.name,
      connection: g.connection,
      specName: g.specName,
      image: g.image,
      size: ids.length,
      vmIds: ids,
      vpcName: g.vpcName,
      subnetName: g.subnetName,
      securityGroupNames: [...g.securityGroupNames],
      keyPairName: g.keyPairName,
      ...(g.rootDiskType ? { rootDiskType: g.rootDiskType } : {}),
      ...(g.rootDiskSizeGB ? { rootDiskSizeGB: g.rootDiskSizeGB } : {}),
      defaultNetwork: g.defaultNetwork,
      defaultKeyPair: g.defaultKeyPair,
      labels: { ...g.labels },
      ...(g.nodeGroup ? { nodeGroup: { ...g.nodeGroup } } : {}),
    };
  });
  return {
    namespace: head.namespace,
    name: head.name,
    ...(head.description === undefined ? {} : { description: head.description }),
    labels: { ...head.labels },
    policy: head.policy,
    status: aggregateStatus(count),
    statusCount: count,
    ...mcisTarget(head, vms),
    subGroups,
    vms: vms.map(toVmInfo),
    systemMessages: [...head.systemMessages],
    newVmIds: [...head.newVmIds],
    createdAt: new Date(head.createdAt),
    updatedAt: new Date(head.updatedAt),
  };
}

export function toStatusInfo(head: McisRecord, vms: readonly VmRecord[]): McisStatusInfo {
  const count = countStatuses(vms.map((vm) => vm.status));
  const master = vms
    .filter((vm) => vm.status === "Running")
    .map((vm) => vm.id)
    .sort()[0];
  return {
    namespace: head.namespace,
    name: head.name,
    status: aggregateStatus(count),
    statusCount: count,
    ...mcisTarget(head, vms),
    ...(master === undefined ? {} : { masterVmId: master }),
    vms: vms.map((vm) => {
      const info = toVmInfo(vm);
      return {
        id: info.id,
        subGroup: info.subGroup,
        connection: info.connection,
        status: info.status,
        targetStatus: info.targetStatus,
        targetAction: info.targetAction,
        ...(info.reason ? { reason: info.reason } : {}),
      };
    }),
  };
}
