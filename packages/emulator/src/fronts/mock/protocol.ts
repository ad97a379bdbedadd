import { isWorldError } from "../../world/errors.js";
import type { ErrorResourceType } from "../../world/errors.js";

// The mock front's wire protocol: one JSON call per native operation, so driver-mock can reach a
// world that lives in another process. Nothing here is a vendor protocol; it is the smallest RPC
// that keeps the world's gate (latency, rate limits, faults) in the path of every call.

/** The path every call is POSTed to. */
export const mockCallPath = "/mock/v1/call";

/** One call: `cloud[service][method](...args)` on the account's region, gated as native API `api`. */
export interface MockCallRequest {
  account: string;
  region: string;
  api: string;
  service: string;
  method: string;
  args: unknown[];
}

/** A WorldError as it travels; the client rebuilds the error from it. */
export interface MockCallError {
  code: string;
  message: string;
  resourceType?: ErrorResourceType;
  resourceId?: string;
  field?: string;
  retryAfterMs?: number;
  injected?: boolean;
}

/** The answer: the method's result, or the world's error (HTTP 200 either way). */
export type MockCallResponse = { result: unknown } | { error: MockCallError };

/** The services of an AccountRegion a call may address. */
export const mockServices = [
  "catalog",
  "vpcs",
  "subnets",
  "securityGroups",
  "keyPairs",
  "vms",
  "disks",
  "myImages",
  "nlbs",
  "clusters",
  "tags",
] as const;

/** A WorldError in wire form; undefined for anything else (a bug, answered with HTTP 500). */
export function toCallError(error: unknown): MockCallError | undefined {
  if (!isWorldError(error)) return undefined;
  return {
    code: error.code,
    message: error.message,
    ...(error.resourceType === undefined ? {} : { resourceType: error.resourceType }),
    ...(error.resourceId === undefined ? {} : { resourceId: error.resourceId }),
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    injected: error.injected,
  };
}
