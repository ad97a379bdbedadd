import type { Extra } from "./common.js";

/** A pay-as-you-go price of a spec in a region. */
export interface OnDemandPrice {
  /** Price per `unit`, in `currency`. */
  price: number;
  currency: string;
  unit: "Hour";
  pricingId?: string;
}

/** The on-demand (pay-as-you-go) Linux price of one VM spec in one region. */
export interface PriceInfo {
  specName: string;
  region: string;
  /** Set when the price differs by zone. */
  zone?: string;
  onDemand: OnDemandPrice;
  /** Where the figure came from, e.g. "aws-pricing-api" or "emulator-catalog". */
  source: string;
  retrievedAt: Date;
  extra?: Extra;
}
