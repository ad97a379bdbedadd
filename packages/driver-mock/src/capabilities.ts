import { handlerNames, resourceTypes } from "@cloud-barista/core";
import type { DriverCapabilities, HandlerName } from "@cloud-barista/core";

/** Everything the SPI offers; names follow the mock cloud's rule (lower-case, "-", `maxLength`). */
export function mockCapabilities(maxLength: number): DriverCapabilities {
  return {
    handlers: Object.fromEntries(handlerNames.map((name) => [name, true])) as Record<HandlerName, boolean>,
    unsupportedOperations: [],
    quirks: { vpcCidr: true, zoneBasedControl: true },
    tagResourceTypes: [...resourceTypes],
    naming: { maxLength: {}, defaultMaxLength: maxLength, separator: "-", lowerCase: true },
  };
}
