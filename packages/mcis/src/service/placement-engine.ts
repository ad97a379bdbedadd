import { BaristaError } from "@cloud-barista/core";
import type { McisInfo, McisVmInfo } from "../model/types.js";
import type { PlacementEngine, ProvisionResult, VmOutcome } from "../placement/engine-port.js";
import type { McisService } from "./mcis-service.js";
import type { McisOperationOptions } from "./operation.js";

/**
 * The PlacementEngine over the MCIS engine (`McisService`): create, addSubGroups and refine map
 * one to one; each VM's failure reason becomes a BaristaError with the reason's code, so the
 * blocking table applies. "Undefined" VMs (the engine cannot tell whether the cloud made them)
 * count as failed: refine terminates whatever the cloud may hold of them before they are replaced.
 * A create the engine refuses as a whole (InvalidArgument, a known quota) throws.
 */
export function mcisEngine(service: McisService, options: McisOperationOptions = {}): PlacementEngine {
  return {
    async create(request) {
      return outcomes(await service.create({ ...request, dryRun: false }, options));
    },
    async addSubGroups(ref, subGroups) {
      const added = new Set(subGroups.map((g) => g.name));
      const info = await service.addSubGroups({ namespace: ref.namespace, name: ref.name }, [...subGroups], options);
      return outcomes(info, (vm) => added.has(vm.subGroup));
    },
    async refine(ref) {
      await service.refine({ namespace: ref.namespace, name: ref.name }, options);
    },
  };
}

function outcomes(info: McisInfo, include: (vm: McisVmInfo) => boolean = () => true): ProvisionResult {
  return { vms: info.vms.filter(include).map(outcome) };
}

function outcome(vm: McisVmInfo): VmOutcome {
  const base = { subGroup: vm.subGroup, vm: vm.id, connection: vm.connection };
  if (vm.status !== "Failed" && vm.status !== "Undefined") return { ...base, status: vm.status };
  const reason = vm.reason;
  const error = reason
    ? new BaristaError(reason.code, reason.message, reason.nativeCode ? { nativeCode: reason.nativeCode } : {})
    : new BaristaError("ProviderError", `VM ${vm.id} is ${vm.status} without a reason`);
  return { ...base, status: "Failed", error };
}
