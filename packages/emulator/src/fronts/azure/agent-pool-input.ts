import type { NodeGroupInput } from "../world-clusters.js";
import { ArmError, badRequest } from "./arm-error.js";

// An agent pool's properties as AKS checks them: a name of at most 12 lower-case letters and
// digits, a count 0-1000 (1-1000 for a System pool), and with autoscaling minCount <= count <=
// maxCount. Errors are ARM's InvalidParameter with the property as target.

export interface AgentPoolProperties {
  name?: unknown;
  count?: unknown;
  vmSize?: unknown;
  osDiskSizeGB?: unknown;
  osDiskType?: unknown;
  vnetSubnetID?: unknown;
  enableAutoScaling?: unknown;
  minCount?: unknown;
  maxCount?: unknown;
  mode?: unknown;
  orchestratorVersion?: unknown;
  tags?: Record<string, string>;
}

const namePattern = /^[a-z][a-z0-9]{0,11}$/;

export function checkPoolName(name: unknown, field: string): string {
  if (typeof name !== "string" || !namePattern.test(name)) {
    throw badRequest(
      "InvalidParameter",
      `The value of parameter ${field} is invalid. Error details: Agent pool name '${typeof name === "string" ? name : JSON.stringify(name ?? "")}' must start with a lowercase letter, have max length of 12, and only have characters a-z0-9.`,
      field,
    );
  }
  return name;
}

const int = (value: unknown) => (typeof value === "number" && Number.isInteger(value) ? value : undefined);

/** The world's node-group input of an agent pool; `field` names it in errors ("properties.agentPoolProfiles[0]"). */
export function agentPoolInput(
  name: string,
  p: AgentPoolProperties,
  field: string,
): NodeGroupInput & { mode: "System" | "User"; osDiskType: "Managed" | "Ephemeral"; subnetId: string | undefined } {
  const mode = p.mode === undefined ? "User" : p.mode;
  if (mode !== "System" && mode !== "User") {
    throw badRequest("InvalidParameter", `The value of parameter ${field}.mode is invalid.`, `${field}.mode`);
  }
  const count = p.count === undefined ? 1 : int(p.count);
  const least = mode === "System" ? 1 : 0;
  if (count === undefined || count < least || count > 1000) {
    throw badRequest(
      "InvalidParameter",
      `The value of parameter ${field}.count is invalid. Error details: ${mode} agent pool count must be in the range of ${least} to 1000.`,
      `${field}.count`,
    );
  }
  if (typeof p.vmSize !== "string" || p.vmSize === "") {
    throw badRequest("InvalidParameter", `The value of parameter ${field}.vmSize is invalid.`, `${field}.vmSize`);
  }
  const on = p.enableAutoScaling === true;
  const min = on ? int(p.minCount) : count;
  const max = on ? int(p.maxCount) : count;
  if (on && (min === undefined || max === undefined || min < least || max > 1000 || min > max)) {
    throw badRequest(
      "InvalidParameter",
      `The value of parameter ${field}.minCount/maxCount is invalid. Error details: minCount must be at most maxCount, within ${least} to 1000, when enableAutoScaling is true.`,
      `${field}.minCount`,
    );
  }
  if (on && min !== undefined && max !== undefined && (count < min || count > max)) {
    throw badRequest(
      "InvalidParameter",
      `The value of parameter ${field}.count is invalid. Error details: count must be between minCount ${min} and maxCount ${max}.`,
      `${field}.count`,
    );
  }
  if (!on && (p.minCount !== undefined || p.maxCount !== undefined) && p.minCount !== null) {
    throw badRequest(
      "InvalidParameter",
      `The value of parameter ${field}.minCount is invalid. Error details: minCount and maxCount are only allowed with enableAutoScaling.`,
      `${field}.minCount`,
    );
  }
  const diskSize = p.osDiskSizeGB === undefined || p.osDiskSizeGB === 0 ? undefined : int(p.osDiskSizeGB);
  if (diskSize !== undefined && (diskSize < 30 || diskSize > 2048)) {
    throw badRequest(
      "InvalidParameter",
      `The value of parameter ${field}.osDiskSizeGB is invalid. Error details: must be between 30 and 2048.`,
      `${field}.osDiskSizeGB`,
    );
  }
  const osDiskType = p.osDiskType ?? "Managed";
  if (osDiskType !== "Managed" && osDiskType !== "Ephemeral") {
    throw new ArmError(400, "InvalidParameter", `The value of parameter ${field}.osDiskType is invalid.`, {
      target: `${field}.osDiskType`,
    });
  }
  return {
    name,
    specName: p.vmSize,
    // Managed or Ephemeral is where the OS disk lives, not a disk SKU: the front keeps it.
    rootDiskType: undefined,
    rootDiskSizeGB: diskSize,
    onAutoScaling: on,
    desired: count,
    min: min ?? count,
    max: max ?? count,
    mode,
    osDiskType,
    subnetId: typeof p.vnetSubnetID === "string" && p.vnetSubnetID !== "" ? p.vnetSubnetID : undefined,
  };
}
