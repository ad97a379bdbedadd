import { gkeInvalid } from "./errors.js";
import type { NodeGroupInput } from "../../world-clusters.js";

// A NodePool body as GKE checks it: a name, a machine type, a size, and autoscaling limits that
// hold the size (GKE refuses min > max, and a size outside them on create).

export interface NodePoolBody {
  name?: unknown;
  initialNodeCount?: unknown;
  config?: {
    machineType?: unknown;
    diskSizeGb?: unknown;
    diskType?: unknown;
    tags?: string[];
    labels?: Record<string, string>;
  };
  autoscaling?: { enabled?: unknown; minNodeCount?: unknown; maxNodeCount?: unknown };
}

const namePattern = /^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$/;

const count = (value: unknown, fallback: number): number => {
  if (value === undefined || value === null) return fallback;
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) ? n : Number.NaN;
};

/** The world's node-group input of a NodePool body; 400 in GKE's words. `field` names it in messages. */
export function nodePoolInput(body: NodePoolBody, field: string): NodeGroupInput {
  const name = body.name;
  if (typeof name !== "string" || !namePattern.test(name)) {
    throw gkeInvalid(
      `Invalid value for field "${field}.name": "${typeof name === "string" ? name : JSON.stringify(name ?? "")}".`,
    );
  }
  const desired = count(body.initialNodeCount, 0);
  if (!(desired >= 1)) throw gkeInvalid(`${field}.initial_node_count must be greater than zero.`);
  const machineType = body.config?.machineType;
  const specName = typeof machineType === "string" && machineType !== "" ? machineType : "e2-medium";
  const diskSize = count(body.config?.diskSizeGb, 0);
  if (Number.isNaN(diskSize) || (diskSize !== 0 && diskSize < 10)) {
    throw gkeInvalid(`${field}.config.disk_size_gb must be at least 10 GB.`);
  }
  const diskType =
    typeof body.config?.diskType === "string" && body.config.diskType !== "" ? body.config.diskType : undefined;
  const scaling = body.autoscaling ?? {};
  const on = scaling.enabled === true;
  const min = on ? count(scaling.minNodeCount, 0) : desired;
  const max = on ? count(scaling.maxNodeCount, 0) : desired;
  if (on && !(min >= 0 && max >= 1 && min <= max)) {
    throw gkeInvalid(
      `${field}.autoscaling: min_node_count must be at most max_node_count, and max_node_count at least 1.`,
    );
  }
  if (on && (desired < min || desired > max)) {
    throw gkeInvalid(`${field}.initial_node_count must be between the autoscaling limits ${min} and ${max}.`);
  }
  return {
    name,
    specName,
    rootDiskType: diskType,
    rootDiskSizeGB: diskSize === 0 ? undefined : diskSize,
    onAutoScaling: on,
    desired,
    min,
    max,
  };
}
