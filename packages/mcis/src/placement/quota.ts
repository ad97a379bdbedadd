import { invalidArgument } from "@cloud-barista/core";
import type { Offer } from "./offer.js";
import { isList, requireKnownKeys, requireNonNegative, requireObject } from "./validate.js";

/**
 * What is left of a quota, as the caller knows it (drivers do not report quotas yet). An entry
 * applies to every offer its given fields match; an offer must fit every entry that applies.
 */
export interface QuotaEntry {
  readonly connection?: string;
  readonly provider?: string;
  readonly region?: string;
  /** vCPUs that may still be started. */
  readonly remainingVcpus?: number;
  /** VMs that may still be started. */
  readonly remainingVms?: number;
}

/** Remaining quota as a plan consumes it. */
export class QuotaLedger {
  readonly #entries: { entry: QuotaEntry; vcpus: number; vms: number }[];

  constructor(entries: readonly QuotaEntry[] = [], field = "quotas") {
    if (!isList(entries)) throw invalidArgument(field, "array", "must be a list of quota entries");
    this.#entries = entries.map((entry, i) => {
      const at = `${field}[${i}]`;
      requireKnownKeys(at, requireObject(at, entry), ["connection", "provider", "region", "remainingVcpus", "remainingVms"]);
      if (entry.remainingVcpus === undefined && entry.remainingVms === undefined) {
        throw invalidArgument(at, "required", "give remainingVcpus or remainingVms");
      }
      return {
        entry,
        vcpus: entry.remainingVcpus === undefined ? Infinity : requireNonNegative(`${at}.remainingVcpus`, entry.remainingVcpus),
        vms: entry.remainingVms === undefined ? Infinity : requireNonNegative(`${at}.remainingVms`, entry.remainingVms),
      };
    });
  }

  /** How many VMs of the offer still fit (Infinity when no entry applies). */
  room(offer: Offer): number {
    let room = Infinity;
    for (const e of this.#entries) {
      if (!applies(e.entry, offer)) continue;
      room = Math.min(room, e.vms, offer.vcpus > 0 ? Math.floor(e.vcpus / offer.vcpus) : Infinity);
    }
    return room;
  }

  /** Charges `count` VMs of the offer to every entry that applies. */
  consume(offer: Offer, count: number): void {
    for (const e of this.#entries) {
      if (!applies(e.entry, offer)) continue;
      e.vms -= count;
      e.vcpus -= count * offer.vcpus;
    }
  }

  /** The entry that limits the offer most, described, for explanations. */
  describe(offer: Offer): string | undefined {
    const hit = this.#entries.filter((e) => applies(e.entry, offer));
    if (hit.length === 0) return undefined;
    return hit.map((e) => `${scopeOf(e.entry)}: ${Number.isFinite(e.vcpus) ? `${e.vcpus} vCPU` : ""}${Number.isFinite(e.vcpus) && Number.isFinite(e.vms) ? ", " : ""}${Number.isFinite(e.vms) ? `${e.vms} VM` : ""} left`).join("; ");
  }
}

function applies(entry: QuotaEntry, offer: Offer): boolean {
  return (
    (entry.connection === undefined || entry.connection === offer.connection) &&
    (entry.provider === undefined || entry.provider === offer.provider) &&
    (entry.region === undefined || entry.region === offer.region)
  );
}

function scopeOf(entry: QuotaEntry): string {
  return [entry.provider, entry.region, entry.connection && `connection ${entry.connection}`].filter(Boolean).join(" ") || "all";
}
