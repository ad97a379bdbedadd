import type { Vm } from "../../../world/types.js";
import type { XmlFields } from "../xml.js";
import type { Ec2Action } from "./context.js";
import { describe } from "./describe.js";
import { filterPredicate, readFilters } from "./filters.js";
import type { FilterFields } from "./filters.js";
import { instanceState } from "./instance-render.js";
import { zoneIdOf } from "./zones.js";

/** How long status checks report "initializing" after an instance starts running. */
const checksInitializingMs = 60_000;

function checkStatus(vm: Vm, now: number): string {
  if (vm.state !== "running" && vm.state !== "rebooting") return "not-applicable";
  return now - vm.stateSince < checksInitializingMs ? "initializing" : "ok";
}

function renderStatus(vm: Vm, now: number): XmlFields {
  const status = checkStatus(vm, now);
  const detail = status === "ok" ? "passed" : status === "initializing" ? "initializing" : "not-applicable";
  const check = { status, details: [{ name: "reachability", status: detail }] };
  return {
    instanceId: vm.id,
    availabilityZone: vm.zone,
    availabilityZoneId: zoneIdOf(vm.zone),
    eventsSet: [],
    instanceState: instanceState(vm.state),
    systemStatus: check,
    instanceStatus: check,
    attachedEbsStatus: check,
  };
}

/** DescribeInstanceStatus: running instances only, unless IncludeAllInstances is true. */
export const describeInstanceStatus: Ec2Action = async (ctx) => {
  const includeAll = ctx.params.bool("IncludeAllInstances") ?? false;
  const now = ctx.world.clock.now();
  const fields: FilterFields<Vm> = {
    "instance-state-name": (vm) => instanceState(vm.state).name,
    "instance-state-code": (vm) => instanceState(vm.state).code,
    "availability-zone": (vm) => vm.zone,
    "instance-status.status": (vm) => checkStatus(vm, now),
    "system-status.status": (vm) => checkStatus(vm, now),
  };
  const filters = filterPredicate(readFilters(ctx.params), fields);
  const match = (vm: Vm) => (includeAll || instanceState(vm.state).name === "running") && filters(vm);
  const page = await describe(ctx, {
    idParam: "InstanceId",
    get: (cloud, id) => cloud.vms.get(id),
    list: (cloud, options) => cloud.vms.list(options),
    match,
  });
  return { instanceStatusSet: page.items.map((vm) => renderStatus(vm, now)), nextToken: page.nextToken };
};
