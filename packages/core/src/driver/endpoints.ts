import { BaristaError } from "../errors.js";
import type { ConnectionInfo } from "./driver.js";

/** Which endpoint overrides a driver's connections take (see `DriverDefinition.endpoints`). */
export interface EndpointRules<Service extends string> {
  /** Service names an endpoint object may override, as the driver documents them. */
  services: readonly Service[];
  /** What one URL overrides: every service (default) or one of them (OpenStack: the identity service). */
  single?: Service | "all";
}

function invalid(provider: string, field: string, rule: string, message: string): BaristaError {
  return new BaristaError("InvalidArgument", `${field}: ${message}`, { provider, field, rule });
}

function checkUrl(provider: string, field: string, value: unknown): string {
  if (typeof value !== "string" || !URL.canParse(value)) throw invalid(provider, field, "url", "is not a URL");
  const { protocol } = new URL(value);
  if (protocol !== "http:" && protocol !== "https:")
    throw invalid(provider, field, "url", "must be an http or https URL");
  return value;
}

/** A connection's endpoint override, checked and spread over the services it replaces. */
export function resolveEndpoints<Service extends string>(
  provider: string,
  endpoint: ConnectionInfo["endpoint"],
  rules: EndpointRules<Service>,
): Partial<Record<Service, string>> {
  if (endpoint === undefined) return {};
  if (rules.services.length === 0)
    throw invalid(provider, "endpoint", "no-endpoint", `${provider} connections take no endpoint`);
  if (typeof endpoint === "string") {
    const url = checkUrl(provider, "endpoint", endpoint);
    const single = rules.single ?? "all";
    const replaced = single === "all" ? rules.services : [single];
    return Object.fromEntries(replaced.map((service) => [service, url])) as Partial<Record<Service, string>>;
  }
  if (endpoint === null || typeof endpoint !== "object") {
    throw invalid(provider, "endpoint", "endpoint", "must be a URL or an object of service name to URL");
  }
  const out: Partial<Record<Service, string>> = {};
  for (const [key, value] of Object.entries(endpoint)) {
    if (!(rules.services as readonly string[]).includes(key)) {
      throw invalid(
        provider,
        `endpoint.${key}`,
        "endpoint-service",
        `unknown service; use ${rules.services.join(", ")}`,
      );
    }
    out[key as Service] = checkUrl(provider, `endpoint.${key}`, value);
  }
  return out;
}
