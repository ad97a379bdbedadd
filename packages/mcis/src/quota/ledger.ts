import type { QuotaEntry, QuotaPlace } from "./entry.js";
import { appliesTo, describeScope } from "./entry.js";

/** VMs and their vCPUs, as a plan or a create asks for them. */
export interface QuotaDemand {
  readonly vms: number;
  readonly vcpus: number;
}

/** What is left, per figure; Infinity where no entry limits it. */
export interface QuotaLeft {
  readonly vms: number;
  readonly vcpus: number;
}

/**
 * Quota entries as a plan or a create consumes them: the one place where placement and the MCIS
 * engine decide whether VMs fit.
 */
export class QuotaLedger {
  readonly #entries: { entry: QuotaEntry; vcpus: number; vms: number }[];

  /** `entries` must be checked already (`checkQuotaEntries`). */
  constructor(entries: readonly QuotaEntry[] = []) {
    this.#entries = entries.map((entry) => ({
      entry,
      vcpus: entry.remainingVcpus ?? Infinity,
      vms: entry.remainingVms ?? Infinity,
    }));
  }

  /** How many VMs of `vcpusPerVm` still fit at the place (Infinity when no entry applies). */
  room(place: QuotaPlace, vcpusPerVm: number): number {
    let room = Infinity;
    for (const e of this.#applying(place))
      room = Math.min(room, e.vms, vcpusPerVm > 0 ? Math.floor(e.vcpus / vcpusPerVm) : Infinity);
    return room;
  }

  /** What is left at the place: the least any applying entry has. */
  left(place: QuotaPlace): QuotaLeft {
    let vms = Infinity;
    let vcpus = Infinity;
    for (const e of this.#applying(place)) {
      vms = Math.min(vms, e.vms);
      vcpus = Math.min(vcpus, e.vcpus);
    }
    return { vms, vcpus };
  }

  /** The first entry the demand would overrun, with what it has left; undefined when it fits. */
  overrun(
    place: QuotaPlace,
    demand: QuotaDemand,
  ): { entry: QuotaEntry; left: QuotaLeft; figure: keyof QuotaDemand } | undefined {
    for (const e of this.#applying(place)) {
      const figure = demand.vms > e.vms ? "vms" : demand.vcpus > e.vcpus ? "vcpus" : undefined;
      if (figure) return { entry: e.entry, left: { vms: e.vms, vcpus: e.vcpus }, figure };
    }
    return undefined;
  }

  /** Charges the demand to every entry that applies at the place. */
  consume(place: QuotaPlace, demand: QuotaDemand): void {
    for (const e of this.#applying(place)) {
      e.vms -= demand.vms;
      e.vcpus -= demand.vcpus;
    }
  }

  /** The applying entries and what they have left, for explanations; undefined when none applies. */
  describe(place: QuotaPlace): string | undefined {
    const hit = this.#applying(place);
    if (hit.length === 0) return undefined;
    return hit.map((e) => `${describeScope(e.entry)}: ${describeLeft(e)} left`).join("; ");
  }

  #applying(place: QuotaPlace): { entry: QuotaEntry; vcpus: number; vms: number }[] {
    return this.#entries.filter((e) => appliesTo(e.entry, place));
  }
}

/** "4 vCPU, 2 VM", leaving out what no entry limits. */
export function describeLeft(left: QuotaLeft): string {
  return [Number.isFinite(left.vcpus) ? `${left.vcpus} vCPU` : "", Number.isFinite(left.vms) ? `${left.vms} VM` : ""]
    .filter(Boolean)
    .join(", ");
}
