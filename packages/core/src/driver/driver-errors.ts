import { BaristaError, isBaristaError } from "../errors.js";
import type { ProviderName } from "../model/provider.js";

/** The errors a driver raises itself, each carrying the driver's provider. */
export interface DriverErrors {
  /** A request field the cloud cannot take, found before any call: nothing was sent. */
  invalid: (field: string, rule: string, message: string) => BaristaError;
  /** The cloud answered, but without the resource asked for. */
  notFound: (resourceType: string, id: string, where?: string) => BaristaError;
  /** Something this cloud (or this connection's region) does not offer. */
  notSupported: (what: string, field?: string) => BaristaError;
  /** The name is taken in the cloud. */
  alreadyExists: (resourceType: string, name: string) => BaristaError;
  /** The cloud has no room for it right now (another zone or size may work). */
  capacity: (message: string) => BaristaError;
  /** An account limit of the cloud was reached. */
  quota: (message: string) => BaristaError;
  /** The cloud asked the caller to slow down, after `retryAfterMs` if it said so. */
  throttled: (message: string, retryAfterMs?: number) => BaristaError;
  /** The cloud did not accept the credential. */
  auth: (message: string) => BaristaError;
  /** The cloud answered in a way the driver cannot use (a missing id, an unexpected shape). */
  badAnswer: (message: string) => BaristaError;
}

/** The typed errors a driver for `provider` throws, each a `BaristaError` with the provider set. */
export function driverErrors(provider: ProviderName): DriverErrors {
  return {
    invalid: (field, rule, message) =>
      new BaristaError("InvalidArgument", `${field}: ${message}`, { provider, field, rule }),
    notFound: (resourceType, id, where) =>
      new BaristaError("NotFound", `${resourceType} "${id}" not found${where ? ` in ${where}` : ""}`, {
        provider,
        statusCode: 404,
        resourceType,
        resourceName: id,
      }),
    notSupported: (what, field) =>
      new BaristaError("NotSupported", `${provider} does not support ${what}`, {
        provider,
        ...(field ? { field } : {}),
      }),
    alreadyExists: (resourceType, name) =>
      new BaristaError("AlreadyExists", `${resourceType} "${name}" already exists`, {
        provider,
        resourceType,
        resourceName: name,
      }),
    capacity: (message) => new BaristaError("CapacityUnavailable", message, { provider }),
    quota: (message) => new BaristaError("QuotaExceeded", message, { provider }),
    throttled: (message, retryAfterMs) =>
      new BaristaError("Throttled", message, { provider, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }),
    auth: (message) => new BaristaError("Unauthenticated", message, { provider }),
    badAnswer: (message) => new BaristaError("ProviderError", message, { provider, retryable: false }),
  };
}

/** For `.catch(ignoreNotFound)` on deletes: what is already gone counts as deleted; anything else is rethrown. */
export function ignoreNotFound(error: unknown): void {
  if (!isBaristaError(error, "NotFound")) throw error;
}
