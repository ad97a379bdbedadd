import { BaristaError } from "@cloud-barista/core";
import type { ConnectionInfo } from "@cloud-barista/core";

/** Endpoint overrides per AWS service the driver talks to; absent ones use AWS's own endpoints. */
export interface AwsEndpoints {
  ec2?: string;
  elbv2?: string;
  pricing?: string;
}

const services: readonly (keyof AwsEndpoints)[] = ["ec2", "elbv2", "pricing"];

function checkUrl(field: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(field, "url", `"${value}" is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw invalid(field, "url", "must be an http or https URL");
  return value;
}

function invalid(field: string, rule: string, message: string): BaristaError {
  return new BaristaError("InvalidArgument", `${field}: ${message}`, { provider: "AWS", field, rule });
}

/**
 * The connection's endpoint override: one URL for every service (the emulator's AWS front serves
 * all three on one port), or `{ ec2, elbv2, pricing }` each on its own.
 */
export function resolveEndpoints(endpoint: ConnectionInfo["endpoint"]): AwsEndpoints {
  if (endpoint === undefined) return {};
  if (typeof endpoint === "string") {
    const url = checkUrl("endpoint", endpoint);
    return { ec2: url, elbv2: url, pricing: url };
  }
  const out: AwsEndpoints = {};
  for (const [key, value] of Object.entries(endpoint)) {
    if (!services.includes(key as keyof AwsEndpoints)) {
      throw invalid(`endpoint.${key}`, "endpoint-service", `unknown service; use ${services.join(", ")}`);
    }
    out[key as keyof AwsEndpoints] = checkUrl(`endpoint.${key}`, value);
  }
  return out;
}
