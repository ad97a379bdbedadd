import type { z } from "@hono/zod-openapi";
import type { McisInfo, McisStatusCount, McisStatusInfo, McisVmInfo } from "@cloud-barista/mcis";
import type { ConnConfig } from "./connections.js";
import type { mcisInfo, mcisStatusInfo, vmInfo } from "./schemas.js";

// The SDK's MCIS model in Tumblebug's JSON (TbMcisInfo, TbVmInfo, statusCount with `count*` fields).

type McisJson = z.infer<typeof mcisInfo>;
type VmJson = z.infer<typeof vmInfo>;
type StatusJson = z.infer<typeof mcisStatusInfo>;

function statusCount(count: McisStatusCount): McisJson["statusCount"] {
  return {
    countTotal: count.total,
    countCreating: count.creating,
    countRunning: count.running,
    countFailed: count.failed,
    countSuspended: count.suspended,
    countRebooting: count.rebooting,
    countTerminated: count.terminated,
    countSuspending: count.suspending,
    countResuming: count.resuming,
    countTerminating: count.terminating,
    countUndefined: count.undefined,
  };
}

function vmJson(info: McisInfo, vm: McisVmInfo, connections: ReadonlyMap<string, ConnConfig>): VmJson {
  const group = info.subGroups.find((g) => g.name === vm.subGroup);
  const conn = connections.get(vm.connection);
  return {
    id: vm.id,
    name: vm.id,
    subGroupId: vm.subGroup,
    connectionName: vm.connection,
    status: vm.status,
    targetStatus: vm.targetStatus,
    targetAction: vm.targetAction,
    region: { Region: conn?.regionName ?? "", Zone: vm.zone ?? conn?.regionZoneInfo.assignZone ?? "" },
    ...(conn?.location ? { location: conn.location } : {}),
    specId: group?.specName ?? "",
    imageId: group?.image ?? "",
    cspResourceName: vm.coreName,
    cspResourceId: vm.systemId ?? "",
    createdTime: vm.createdAt.toISOString(),
    systemMessage: vm.reason ? `${vm.reason.code}: ${vm.reason.message}` : "",
    ...(vm.reason ? { failure: { code: vm.reason.code, message: vm.reason.message } } : {}),
  };
}

/** What an MCIS and its status answer both start with. */
const summary = (info: McisInfo | McisStatusInfo) => ({
  id: info.name,
  name: info.name,
  status: info.status,
  statusCount: statusCount(info.statusCount),
  targetStatus: info.targetStatus,
  targetAction: info.targetAction,
});

export function mcisJson(info: McisInfo, connections: ReadonlyMap<string, ConnConfig>): McisJson {
  return {
    ...summary(info),
    description: info.description ?? "",
    label: { ...info.labels },
    policyOnPartialFailure: info.policy,
    systemMessage: [...info.systemMessages],
    newVmList: [...info.newVmIds],
    createdTime: info.createdAt.toISOString(),
    updatedTime: info.updatedAt.toISOString(),
    vm: info.vms.map((vm) => vmJson(info, vm, connections)),
  };
}

export function statusJson(info: McisStatusInfo): StatusJson {
  return {
    ...summary(info),
    ...(info.masterVmId === undefined ? {} : { masterVmId: info.masterVmId }),
    vm: info.vms.map((vm) => ({
      id: vm.id,
      subGroupId: vm.subGroup,
      connectionName: vm.connection,
      status: vm.status,
      targetStatus: vm.targetStatus,
      targetAction: vm.targetAction,
      systemMessage: vm.reason ? `${vm.reason.code}: ${vm.reason.message}` : "",
    })),
  };
}
