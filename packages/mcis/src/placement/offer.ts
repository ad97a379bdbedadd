import type { Architecture, GeoLocation, OsPlatform, ProviderName } from "@cloud-barista/core";
import type { QuotaEntry } from "../quota/entry.js";

/** An on-demand price as the cloud (or its catalog) reported it, with where it came from. */
export interface OfferPrice {
  readonly perHour: number;
  readonly currency: string;
  /** e.g. "aws-pricing-api", "emulator-catalog". */
  readonly source: string;
  readonly retrievedAt: Date;
}

/** A public image a VM of the offer's spec can boot (same architecture, available). */
export interface OfferImage {
  readonly id: string;
  readonly name: string;
  /** e.g. "Ubuntu 24.04 LTS". */
  readonly osDistribution: string;
  readonly osPlatform: OsPlatform;
  readonly architecture: Architecture;
}

/**
 * One place a VM can go: a spec through a connection, and so in one provider, region and (when the
 * connection names one) zone. Unknown figures are `undefined`, never guessed.
 */
export interface Offer {
  /** `connection/specName`: a connection fixes provider, region and zone. */
  readonly id: string;
  readonly connection: string;
  readonly provider: ProviderName;
  readonly region: string;
  /** The connection's zone; undefined means the cloud's default zone of the region. */
  readonly zone: string | undefined;
  readonly specName: string;
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** Local (instance-store) disk; 0 when the spec has none. */
  readonly diskGB: number;
  readonly gpuCount: number;
  readonly gpuModel: string | undefined;
  /** Memory of one GPU; 0 without GPUs. */
  readonly gpuMemoryGB: number;
  readonly architecture: Architecture;
  readonly price: OfferPrice | undefined;
  /** The region's data centres; offers of one region share the object. */
  readonly location: GeoLocation | undefined;
  /** Benchmark score (higher is better), when the caller supplied one. */
  readonly performance: number | undefined;
  /** Where the score comes from ("measured 2026-12-06 by cpu-loop", "estimated from spec"), when its source said. */
  readonly performanceProvenance?: string;
  /** Bootable public images; offers of one connection and architecture share the array. */
  readonly images: readonly OfferImage[];
  /**
   * What is left of the quotas the offer's driver reported when the catalog was built (one entry
   * per pool of connections sharing them); absent when none were reported.
   */
  readonly quotas?: readonly QuotaEntry[];
}

/** The id of an offer: its connection and spec. */
export function offerId(connection: string, specName: string): string {
  return `${connection}/${specName}`;
}

/** "MOCK mock-seoul/mock-seoul-a mock-medium via seoul": where an offer puts a VM. */
export function describeOffer(offer: Offer): string {
  const place = offer.zone === undefined ? offer.region : `${offer.region}/${offer.zone}`;
  return `${offer.provider} ${place} ${offer.specName} via ${offer.connection}`;
}
