import { handlerNames, resourceTypes } from "@cloud-barista/core";
import type { DriverCapabilities, HandlerName } from "@cloud-barista/core";

/**
 * Everything the SPI offers; names follow the mock cloud's rule (lower-case, "-", `maxLength`).
 * Quotas only with the world in-process (`quota`): the mock front serves the world's resource
 * services, and quota usage is not one of them.
 */
export function mockCapabilities(maxLength: number, options: { quota?: boolean } = {}): DriverCapabilities {
  const quota = options.quota ?? true;
  return {
    handlers: Object.fromEntries(handlerNames.map((name) => [name, name === "quota" ? quota : true])) as Record<
      HandlerName,
      boolean
    >,
    unsupportedOperations: [],
    quirks: { vpcCidr: true, zoneBasedControl: true },
    tagResourceTypes: [...resourceTypes],
    naming: { maxLength: {}, defaultMaxLength: maxLength, separator: "-", lowerCase: true },
  };
}
