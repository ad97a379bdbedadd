import type { DeclaredRateLimit } from "@cloud-barista/core/driver";
import { ec2Api } from "./apis.js";

// EC2's documented default throttling (developer guide, "Request throttling for the Amazon EC2
// API"): every API has its own request bucket per account and region — non-mutating actions 100
// tokens refilled at 20 a second, mutating actions 200 at 5 — and the instance actions also spend
// resource tokens, one per instance (the driver acts on one instance per call). Accounts with
// raised limits override these with the `pacing.limits` option. ELBv2, Pricing and Service Quotas
// are not declared: the pacer learns them.
const requestBuckets = Object.entries(ec2Api).map(([api, [, safety]]): DeclaredRateLimit =>
  safety === "read"
    ? { bucket: `ec2:${api}`, apis: [api], capacity: 100, refillPerSecond: 20 }
    : { bucket: `ec2:${api}`, apis: [api], capacity: 200, refillPerSecond: 5 },
);

const resourceBuckets: DeclaredRateLimit[] = [
  { bucket: "ec2:RunInstances:resources", apis: ["RunInstances"], capacity: 1000, refillPerSecond: 2 },
  { bucket: "ec2:StartInstances:resources", apis: ["StartInstances"], capacity: 1000, refillPerSecond: 2 },
  { bucket: "ec2:StopInstances:resources", apis: ["StopInstances"], capacity: 1000, refillPerSecond: 20 },
  { bucket: "ec2:TerminateInstances:resources", apis: ["TerminateInstances"], capacity: 1000, refillPerSecond: 20 },
];

/** The EC2 buckets driver-aws declares to the pacer. */
export const awsRateLimits: readonly DeclaredRateLimit[] = [...requestBuckets, ...resourceBuckets];
