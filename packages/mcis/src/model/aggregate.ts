import type { McisVmStatus } from "./status.js";

/** How many VMs of an MCIS are in each status (Tumblebug's `statusCount`). */
export interface McisStatusCount {
  total: number;
  creating: number;
  running: number;
  failed: number;
  suspended: number;
  rebooting: number;
  terminated: number;
  suspending: number;
  resuming: number;
  terminating: number;
  undefined: number;
}

/**
 * Tie-break order of the dominant status: the first status with the most VMs wins, so Failed
 * wins every tie and a failure is never hidden behind an equal number of healthy VMs.
 */
export const dominanceOrder: readonly McisVmStatus[] = [
  "Failed",
  "Suspended",
  "Running",
  "Terminated",
  "Creating",
  "Suspending",
  "Resuming",
  "Rebooting",
  "Terminating",
  "Undefined",
];

const countField: Readonly<Record<McisVmStatus, Exclude<keyof McisStatusCount, "total">>> = {
  Creating: "creating",
  Running: "running",
  Failed: "failed",
  Suspended: "suspended",
  Rebooting: "rebooting",
  Terminated: "terminated",
  Suspending: "suspending",
  Resuming: "resuming",
  Terminating: "terminating",
  Undefined: "undefined",
};

/** How many VMs are in each status. */
export function countStatuses(statuses: Iterable<McisVmStatus>): McisStatusCount {
  const count: McisStatusCount = {
    total: 0,
    creating: 0,
    running: 0,
    failed: 0,
    suspended: 0,
    rebooting: 0,
    terminated: 0,
    suspending: 0,
    resuming: 0,
    terminating: 0,
    undefined: 0,
  };
  for (const status of statuses) {
    count.total++;
    count[countField[status]]++;
  }
  return count;
}

/**
 * The MCIS status string `(Partial-)Dominant:count (R:running/total)`, as Tumblebug HEAD builds it:
 * "Running:5 (R:5/5)", "Partial-Running:3 (R:3/5)", "Partial-Failed:2 (R:2/4)". Like HEAD (and
 * unlike v0.7-v0.11) a Failed VM does not override the dominant status: "Partial-Running:99
 * (R:99/100)" says more than "Partial-Failed:1 (R:99/100)", and the failure stays visible in
 * `statusCount.failed` and in the VM's reason. An MCIS without VMs is "Empty:0 (R:0/0)".
 */
export function aggregateStatus(count: McisStatusCount): string {
  const suffix = ` (R:${count.running}/${count.total})`;
  if (count.total === 0) return `Empty:0${suffix}`;
  let dominant: McisVmStatus = "Undefined";
  let best = -1;
  for (const status of dominanceOrder) {
    const n = count[countField[status]];
    if (n > best) {
      best = n;
      dominant = status;
    }
  }
  return `${best === count.total ? "" : "Partial-"}${dominant}:${best}${suffix}`;
}
