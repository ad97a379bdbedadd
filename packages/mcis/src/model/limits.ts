import { maxVmIndex } from "./ids.js";

/**
 * The bounds of every count, size, list and text in MCIS and placement input. Requests are
 * checked against them before any work begins: a request past one is an InvalidArgument naming
 * the field and the rule (`max`, `max-items`, `max-length`, `max-vms`), and nothing is created or
 * sent to a cloud. Lists whose items are matched against every offer of a catalog (priorities,
 * latency origins, substring terms) have tighter bounds, so a plan over 100,000 offers stays fast.
 */
export const mcisLimits = {
  /** VMs of one MCIS (all sub-groups), and so VMs one placement request may ask for (`vmCount`). */
  vmsPerMcis: 9_999,
  /** VMs of one sub-group, and its highest VM index (VM IDs are `<group>-<n>`). */
  vmsPerSubGroup: maxVmIndex,
  /** Items of a list not bounded otherwise: filter values, quota entries and their connections, points, security groups, rates, blocks. */
  listItems: 1_000,
  /** Priorities of a placement request. */
  priorities: 16,
  /** Origins of one latency priority. */
  latencyOrigins: 100,
  /** Rows of one latency priority's measured RTT table. */
  rttEntries: 100_000,
  /** Substring terms of a filter or image preference (`gpuModel`, `os`, `image.os`). */
  matchTerms: 16,
  /** Characters of a name, keyword or other short text (connection, spec, image, network names, regions, labels' values). */
  textLength: 256,
  /** Characters of an MCIS description. */
  descriptionLength: 1_024,
  /** Labels of an MCIS or a sub-group. */
  labels: 64,
  /** Characters of a sub-group name prefix of a plan: with up to 5 digits after it, names stay within 24. */
  subGroupPrefixLength: 19,
  /** A priority's weight (weighted sums of larger ones overflow). */
  weight: 1_000_000,
  /** Engine calls of one failover run (`maxAttempts`). */
  failoverAttempts: 100,
  /** Extra create attempts while the cloud keeps throttling (`throttleRetries`). */
  throttleRetries: 100,
  /** Cloud requests or catalog reads in flight at once (`concurrency`). */
  concurrency: 10_000,
  /** Milliseconds of a service timeout or poll interval (the longest timer a runtime can arm, ~24.8 days). */
  timerMs: 2_147_483_647,
} as const;
