/**
 * Physical capacity: how many VMs (or vCPUs) of a spec a zone can run, across all accounts. Absent
 * limits mean unlimited capacity.
 */
export interface CapacityLimit {
  provider: string;
  region?: string | undefined;
  zone?: string | undefined;
  specName?: string | undefined;
  maxVms?: number | undefined;
  maxVcpus?: number | undefined;
}

/** A VM occupying capacity, as the capacity check sees it. */
export interface CapacityUse {
  region: string;
  zone: string;
  specName: string;
  vcpus: number;
}

/** A capacity limit in force, as `CapacityBook.limit` returned it. */
export interface CapacityHandle {
  /** Lifts the limit (again: nothing). */
  remove(): void;
}

/**
 * The world's physical capacity limits (`world.capacity`), none at first: a VM run or start that
 * would break one fails with InsufficientCapacity, as a cloud out of hosts of a type answers.
 */
export class CapacityBook {
  #limits: CapacityLimit[] = [];

  /** Adds a limit; remove it through the returned handle. */
  limit(limit: CapacityLimit): CapacityHandle {
    const entry = { ...limit };
    this.#limits.push(entry);
    return { remove: () => void (this.#limits = this.#limits.filter((l) => l !== entry)) };
  }

  /** Lifts every limit. */
  clear(): void {
    this.#limits = [];
  }

  /**
   * The first limit that placing `candidate` next to `inUse` (VMs occupying capacity of the same
   * provider) would break, or undefined when it fits.
   */
  violated(provider: string, candidate: CapacityUse, inUse: readonly CapacityUse[]): CapacityLimit | undefined {
    for (const limit of this.#limits) {
      if (!applies(limit, provider, candidate)) continue;
      const peers = inUse.filter((use) => applies(limit, provider, use));
      if (limit.maxVms !== undefined && peers.length + 1 > limit.maxVms) return limit;
      const vcpus = peers.reduce((sum, use) => sum + use.vcpus, candidate.vcpus);
      if (limit.maxVcpus !== undefined && vcpus > limit.maxVcpus) return limit;
    }
    return undefined;
  }
}

function applies(limit: CapacityLimit, provider: string, use: CapacityUse): boolean {
  return (
    limit.provider === provider &&
    (limit.region === undefined || limit.region === use.region) &&
    (limit.zone === undefined || limit.zone === use.zone) &&
    (limit.specName === undefined || limit.specName === use.specName)
  );
}
