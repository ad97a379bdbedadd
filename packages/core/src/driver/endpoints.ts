import { BaristaError } from "../errors.js";

/** A connection's endpoint override, as `ConnectionInfo.endpoint` holds it. */
type EndpointOverride = string | Readonly<Record<string, string>> | undefined;

/** Which endpoint overrides a driver's connections take (see `DriverDefinition.endpoints`). */
export interface EndpointRules<Service extends string> {
  /** Service names an endpoint object may override, as the driver documents them. */
  services: readonly Service[];
  /** What one URL overrides: every service (default) or one of them (OpenStack: the identity service). */
  single?: Service | "all";
}

function invalid(provider: string, field: string, rule: string, message: string): BaristaError {
  return new BaristaError("InvalidArgument", `${field}: ${message}`, { provider, field, rule, unsent: true });
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
  endpoint: EndpointOverride,
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
  const out: Partial<Record<Service, string>> = {};
  for (const [key, value] of Object.entries(requireEndpointObject(provider, endpoint))) {
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

/** An endpoint object: a plain object (not null, an array or a Map) of service names to URLs. */
function requireEndpointObject(provider: string, endpoint: unknown): Record<string, unknown> {
  const proto: unknown =
    endpoint !== null && typeof endpoint === "object" ? Object.getPrototypeOf(endpoint) : undefined;
  if (Array.isArray(endpoint) || (proto !== Object.prototype && proto !== null)) {
    throw invalid(provider, "endpoint", "endpoint", "must be a URL or an object of service name to URL");
  }
  return endpoint as Record<string, unknown>;
}

/**
 * Checks a connection config's endpoint override when it is added, so a bad one is refused then
 * and not at the connection's first use: by the driver's rules where it states them (`defineDriver`
 * does), else any http(s) URL or object of service names to URLs.
 */
export function checkEndpoint(provider: string, endpoint: unknown, rules: EndpointRules<string> | undefined): void {
  if (rules) {
    resolveEndpoints(provider, endpoint as EndpointOverride, rules);
    return;
  }
  if (endpoint === undefined) return;
  if (typeof endpoint === "string") {
    checkUrl(provider, "endpoint", endpoint);
    return;
  }
  for (const [key, value] of Object.entries(requireEndpointObject(provider, endpoint))) {
    checkUrl(provider, `endpoint.${key}`, value);
  }
}
