import type { DeclaredRateLimit } from "@cloud-barista/core/driver";
import { azureApis } from "./apis.js";
import type { AzureApi } from "./apis.js";

// Azure Resource Manager's regional token buckets ("Understand how Azure Resource Manager throttles
// requests", learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling):
// per subscription, service principal and region, one bucket per kind of request — reads 250 tokens
// refilled at 25 a second, deletes and writes 200 at 10 — shared by every operation of that kind.
// ARM counts a request by its HTTP method: GET reads, DELETE deletes, PUT, PATCH and POST write.
// Resource providers may throttle below these; the pacer learns that.

type ArmKind = "reads" | "writes" | "deletes";

const buckets: Readonly<Record<ArmKind, { capacity: number; refillPerSecond: number }>> = {
  reads: { capacity: 250, refillPerSecond: 25 },
  deletes: { capacity: 200, refillPerSecond: 10 },
  writes: { capacity: 200, refillPerSecond: 10 },
};

// The Retail Prices API (prices.azure.com) is not Resource Manager: it is not declared.
const outsideArm: ReadonlySet<AzureApi> = new Set(["RetailPrices_List"]);
// POSTs whose names read like reads: ARM counts them as writes.
const postReads: ReadonlySet<AzureApi> = new Set(["ManagedClusters_ListClusterUserCredentials"]);

/** The ARM bucket an operation takes its token from, by its HTTP method. */
export function armKindOf(api: AzureApi): ArmKind | undefined {
  if (outsideArm.has(api)) return undefined;
  if (api.endsWith("_Delete")) return "deletes";
  return azureApis[api] === "read" && !postReads.has(api) ? "reads" : "writes";
}

/** The Resource Manager buckets driver-azure declares to the pacer. */
export const azureRateLimits: readonly DeclaredRateLimit[] = (Object.keys(buckets) as ArmKind[]).map((kind) => ({
  bucket: `arm:${kind}`,
  apis: (Object.keys(azureApis) as AzureApi[]).filter((api) => armKindOf(api) === kind),
  ...buckets[kind],
}));
