import { WorldError } from "../errors.js";
import type { Random } from "../random.js";

/**
 * The error an injected fault raises: Throttled, InternalError, Unavailable, Timeout (after hanging
 * `timeoutMs`), InsufficientCapacity or QuotaExceeded, each marked `injected`.
 */
export type FaultKind = "throttle" | "internal" | "unavailable" | "timeout" | "capacity" | "quota";
/** When a fault strikes: before the operation, after it (the answer is lost), or in the work it leaves running. */
export type FaultPhase = "before" | "after" | "background";

/** A fault to inject into calls that match every field given. */
export interface FaultSpec {
  provider?: string | undefined;
  account?: string | undefined;
  region?: string | undefined;
  /** An exact API name or a pattern. */
  api?: string | RegExp | undefined;
  kind: FaultKind;
  /** Fires at most this many times; unlimited when absent. */
  times?: number | undefined;
  /** Chance of firing on each matching call, drawn from the world's seed; 1 when absent. */
  probability?: number | undefined;
  /**
   * "before" (default): the call fails without effect. "after": the call takes effect, then its
   * answer is lost to the error, the case that tests idempotent retries. "background": the call
   * succeeds, but the work it leaves running fails later and the resource ends in its error state
   * (a volume being created or extended, a load balancer being provisioned or changed); `kind` is
   * then irrelevant, and calls that leave no work running are unaffected (the fault still counts).
   */
  phase?: FaultPhase | undefined;
  /** For throttle and unavailable: the retry hint; throttle defaults to 1000 ms. */
  retryAfterMs?: number | undefined;
  /** For timeout: how long the call hangs before failing; default 30 s of clock time. */
  timeoutMs?: number | undefined;
}

/** A fault `FaultInjector.add` put in place: how it has fired, and how to take it away. */
export interface FaultHandle {
  /** How often the fault has fired. */
  readonly fired: number;
  /** False once removed or out of `times`. */
  readonly active: boolean;
  /** Takes the fault away; calls already past the gate are unaffected. */
  remove(): void;
}

export interface FaultTarget {
  provider: string;
  account: string;
  region: string;
  api: string;
}

interface Entry {
  spec: FaultSpec;
  fired: number;
  removed: boolean;
}

/** Injected faults, checked by the world's call gate in insertion order; the first that fires wins. */
export class FaultInjector {
  #entries: Entry[] = [];
  readonly #random: Random;

  constructor(random: Random) {
    this.#random = random;
  }

  /** Puts a fault in place, after those already there; it applies to calls from now on. */
  add(spec: FaultSpec): FaultHandle {
    const entry: Entry = { spec: { ...spec }, fired: 0, removed: false };
    this.#entries.push(entry);
    return {
      get fired() {
        return entry.fired;
      },
      get active() {
        return isActive(entry);
      },
      remove: () => {
        entry.removed = true;
        this.#entries = this.#entries.filter((e) => e !== entry);
      },
    };
  }

  /** Takes every fault away (their handles turn inactive). */
  clear(): void {
    for (const entry of this.#entries) entry.removed = true;
    this.#entries = [];
  }

  /** The fault that fires for this call in this phase, if any (and counts it as fired). */
  draw(target: FaultTarget, phase: FaultPhase): FaultSpec | undefined {
    for (const entry of this.#entries) {
      const spec = entry.spec;
      if (!isActive(entry) || (spec.phase ?? "before") !== phase || !matches(spec, target)) continue;
      if (spec.probability !== undefined && !this.#random.chance(spec.probability)) continue;
      entry.fired++;
      return spec;
    }
    return undefined;
  }
}

function isActive(entry: Entry): boolean {
  return !entry.removed && (entry.spec.times === undefined || entry.fired < entry.spec.times);
}

function matches(spec: FaultSpec, target: FaultTarget): boolean {
  if (spec.provider !== undefined && spec.provider !== target.provider) return false;
  if (spec.account !== undefined && spec.account !== target.account) return false;
  if (spec.region !== undefined && spec.region !== target.region) return false;
  if (spec.api === undefined) return true;
  return typeof spec.api === "string" ? spec.api === target.api : spec.api.test(target.api);
}

export const defaultFaultTimeoutMs = 30_000;

/** The error an injected fault raises (the timeout's wait happens in the gate). */
export function faultError(spec: FaultSpec, api: string): WorldError {
  const injected = true;
  switch (spec.kind) {
    case "throttle":
      return new WorldError("Throttled", `injected throttling of ${api}`, {
        retryAfterMs: spec.retryAfterMs ?? 1000,
        injected,
      });
    case "internal":
      return new WorldError("InternalError", `injected internal error in ${api}`, { injected });
    case "unavailable":
      return new WorldError("Unavailable", `injected: service unavailable for ${api}`, {
        retryAfterMs: spec.retryAfterMs,
        injected,
      });
    case "timeout":
      return new WorldError("Timeout", `injected timeout of ${api}`, { injected });
    case "capacity":
      return new WorldError("InsufficientCapacity", `injected: insufficient capacity for ${api}`, { injected });
    case "quota":
      return new WorldError("QuotaExceeded", `injected: quota exceeded for ${api}`, { injected });
  }
}
