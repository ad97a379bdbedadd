/** What an API call does to the world, for rate-limit rules that treat reads and writes apart. */
export type ApiAccess = "read" | "write" | "delete";

// Compute Engine's "aggregatedList" and operations "wait" (a poll) read too.
const readWords = /(^|[_./:\s-])(describe|get|list|query|show|check|inquiry|aggregated|wait$)/i;
const deleteWords = /(^|[_./:\s-])(delete|terminate|remove|deregister|release|destroy)/i;

/**
 * Classifies a native API name by its verb: "DescribeInstances", "VirtualMachines_List",
 * "compute.instances.get", "compute.instances.aggregatedList", "compute.zoneOperations.wait" and
 * "GET /v1/vpcs" are reads; "DeleteVpc" and "TerminateInstances" are
 * deletes; everything else writes.
 */
export function apiAccessOf(api: string): ApiAccess {
  if (/^GET\s/i.test(api) || readWords.test(api)) return "read";
  if (/^DELETE\s/i.test(api) || deleteWords.test(api)) return "delete";
  return "write";
}
