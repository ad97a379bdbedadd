import type { DeclaredRateLimit } from "@cloud-barista/core/driver";
import { gcpApis } from "./apis.js";
import type { GcpApi } from "./apis.js";

// Compute Engine's rate quotas ("Compute Engine rate quotas", cloud.google.com/compute/docs/api-rate-limits):
// per project, counted per minute and group, reads (the get and list methods) 1,500 a minute and
// writes (the mutation methods) 1,500 a minute by default. A bucket of one minute's allowance
// refilled evenly (25 a second) stands for each. Operation waits, GKE, OAuth and the billing
// catalog are other quotas without documented defaults here: the pacer learns them.
const perMinute = 1500;

const computeApis = (Object.keys(gcpApis) as GcpApi[]).filter(
  (api) => api.startsWith("compute.") && !/Operations\.wait$/.test(api),
);

/** The Compute Engine buckets driver-gcp declares to the pacer. */
export const gcpRateLimits: readonly DeclaredRateLimit[] = [
  {
    bucket: "compute:reads",
    apis: computeApis.filter((api) => gcpApis[api] === "read"),
    capacity: perMinute,
    refillPerSecond: perMinute / 60,
  },
  {
    bucket: "compute:writes",
    apis: computeApis.filter((api) => gcpApis[api] !== "read"),
    capacity: perMinute,
    refillPerSecond: perMinute / 60,
  },
];
