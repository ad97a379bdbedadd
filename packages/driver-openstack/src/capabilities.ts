import { handlerNames } from "@cloud-barista/core";
import type { DriverCapabilities, HandlerName } from "@cloud-barista/core";
import { taggableTypes } from "./handlers/tag.js";

/**
 * What the OpenStack driver supports. Every handler and operation, except prices: OpenStack has no
 * price API, so the price handler exists only when the driver was given a price table
 * (`withPrices`); without one, asking for prices is a NotSupported error rather than an empty list.
 * Quotas come from Nova's limits, Neutron's quota details and Cinder's limits. Networks carry no
 * CIDR (only subnets do) and are regional.
 */
export function openStackCapabilities(withPrices: boolean): DriverCapabilities {
  return {
    handlers: Object.fromEntries(handlerNames.map((name) => [name, name === "price" ? withPrices : true])) as Record<
      HandlerName,
      boolean
    >,
    unsupportedOperations: [],
    quirks: { vpcCidr: false, zoneBasedControl: false },
    tagResourceTypes: taggableTypes,
    // Nova derives a host name from the server name, and host names stop at 63 characters.
    naming: { maxLength: {}, defaultMaxLength: 63, separator: "-", lowerCase: false },
  };
}
