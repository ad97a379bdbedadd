import { invalidArgument } from "@cloud-barista/core";
import { mcisLimits } from "../model/limits.js";
import { requireMaxItems, requireMaxLength } from "../util/validate.js";
import type { Offer } from "./offer.js";

/**
 * How prices in different currencies compare. There are no built-in exchange rates: prices in
 * `target` compare as they are, prices in a currency the caller gave a rate for are converted,
 * and every other price counts as unknown for cost (ranked last, excluded by price ranges).
 */
export interface CurrencyOptions {
  /** Default "USD". */
  readonly target?: string;
  /** Units of `target` per unit of the currency: `{ EUR: 1.08 }` when 1 EUR = 1.08 USD. */
  readonly rates?: Readonly<Record<string, number>>;
}

/** The hourly price of an offer in the target currency, or undefined when it cannot be known. */
export type PriceConverter = (offer: Offer) => number | undefined;

/** Checks currency options and returns the converter they describe; errors name `field`. */
export function priceConverter(
  field: string,
  options: CurrencyOptions | undefined,
): { target: string; convert: PriceConverter; rate: (currency: string) => number | undefined } {
  const target = options?.target ?? "USD";
  if (typeof target !== "string" || target === "")
    throw invalidArgument(`${field}.target`, "required", "must be a currency code");
  requireMaxLength(`${field}.target`, target, mcisLimits.textLength);
  const rates = new Map<string, number>();
  const given = Object.entries(options?.rates ?? {});
  requireMaxItems(`${field}.rates`, given, mcisLimits.listItems);
  for (const [currency, rate] of given) {
    requireMaxLength(`${field}.rates.${currency.slice(0, 16)}`, currency, mcisLimits.textLength);
    if (typeof rate !== "number" || !Number.isFinite(rate) || rate <= 0) {
      throw invalidArgument(`${field}.rates.${currency}`, "positive", "must be a positive number");
    }
    rates.set(currency, rate);
  }
  rates.set(target, 1);
  return {
    target,
    // The factor convert multiplies by (1 for the target itself).
    rate: (currency) => rates.get(currency),
    convert: (offer) => {
      const price = offer.price;
      if (!price) return undefined;
      if (price.currency === target) return price.perHour;
      const rate = rates.get(price.currency);
      return rate === undefined ? undefined : price.perHour * rate;
    },
  };
}
