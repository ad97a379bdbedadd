import { isBaristaError } from "@cloud-barista/core";
import type { ErrorCode, ProviderName } from "@cloud-barista/core";
import type { Offer } from "./offer.js";

/** How much of the world a failure rules out for the rest of a placement. */
export type BlockScope = "offer" | "zone" | "region" | "provider";

/** What a failure does: block a scope, or stop failing over. */
export type BlockAction = BlockScope | "stop";

/**
 * The blocking table (after SkyPilot's FailoverCloudErrorHandlerV2): the narrowest scope where
 * the same failure would recur.
 *
 * - CapacityUnavailable → zone: capacity is per zone; the next zone may have room.
 * - QuotaExceeded → region: quotas are per account and region; every zone shares it.
 * - Unauthenticated, PermissionDenied → provider: the credential fails everywhere.
 * - NotFound, NotSupported, AlreadyExists, Conflict, InvalidArgument → offer: this spec or image
 *   is wrong here (vanished from the catalog, not offered), elsewhere it may be fine. An
 *   InvalidArgument on a zone field (an unavailable zone) blocks the zone instead.
 * - Throttled, Timeout, ProviderError → zone: the runtime already retried; try elsewhere.
 * - Aborted → stop: the caller cancelled.
 */
export const blockingTable: Readonly<Record<ErrorCode, BlockAction>> = {
  CapacityUnavailable: "zone",
  QuotaExceeded: "region",
  Unauthenticated: "provider",
  PermissionDenied: "provider",
  NotFound: "offer",
  NotSupported: "offer",
  AlreadyExists: "offer",
  Conflict: "offer",
  InvalidArgument: "offer",
  Throttled: "zone",
  Timeout: "zone",
  ProviderError: "zone",
  Aborted: "stop",
};

/** A blocked place; fields beyond the scope's are absent. */
export interface Block {
  readonly scope: BlockScope;
  readonly provider: ProviderName;
  readonly region?: string;
  /** For zone and offer blocks; undefined means the region's default zone (connections without a zone). */
  readonly zone?: string;
  readonly connection?: string;
  readonly specName?: string;
  /** The error code that caused it ("Unknown" for errors that are not BaristaErrors). */
  readonly code: string;
  readonly reason: string;
}

/** The scope an error blocks, by the blocking table; errors that are not BaristaErrors block the zone. */
export function blockActionFor(error: unknown): BlockAction {
  if (!isBaristaError(error)) return "zone";
  if (error.code === "InvalidArgument" && /zone$/i.test(error.field ?? "")) return "zone";
  return blockingTable[error.code];
}

/** The block an error on an offer causes, or "stop". */
export function blockFor(offer: Offer, error: unknown): Block | "stop" {
  const action = blockActionFor(error);
  if (action === "stop") return "stop";
  const code = isBaristaError(error) ? error.code : "Unknown";
  const reason = `${code} blocks the ${action}`;
  switch (action) {
    case "provider":
      return { scope: action, provider: offer.provider, code, reason };
    case "region":
      return { scope: action, provider: offer.provider, region: offer.region, code, reason };
    case "zone":
      return { scope: action, provider: offer.provider, region: offer.region, ...zoneOf(offer), code, reason };
    case "offer":
      return {
        scope: action,
        provider: offer.provider,
        region: offer.region,
        ...zoneOf(offer),
        connection: offer.connection,
        specName: offer.specName,
        code,
        reason,
      };
  }
}

const zoneOf = (offer: Offer): { zone?: string } => (offer.zone === undefined ? {} : { zone: offer.zone });

/** "zone MOCK mock-seoul/mock-seoul-a", "offer seoul/mock-medium". */
export function describeBlock(block: Block): string {
  switch (block.scope) {
    case "provider":
      return `provider ${block.provider}`;
    case "region":
      return `region ${block.provider} ${block.region ?? ""}`;
    case "zone":
      return `zone ${block.provider} ${block.region ?? ""}/${block.zone ?? "(default zone)"}`;
    case "offer":
      return `offer ${block.connection ?? ""}/${block.specName ?? ""}`;
  }
}

/** The places ruled out so far. */
export class BlockList {
  readonly #blocks: Block[] = [];

  constructor(initial: readonly Block[] = []) {
    for (const b of initial) this.add(b);
  }

  /** Adds a block; false when an equal or wider one is already there. */
  add(block: Block): boolean {
    if (this.#blocks.some((b) => covers(b, block))) return false;
    this.#blocks.push(block);
    return true;
  }

  /** The block that rules the offer out, if any. */
  blocking(offer: Offer): Block | undefined {
    return this.#blocks.find((b) => matches(b, offer));
  }

  /** The current blocks, oldest first. */
  list(): readonly Block[] {
    return [...this.#blocks];
  }
}

function matches(b: Block, o: Offer): boolean {
  if (b.provider !== o.provider) return false;
  switch (b.scope) {
    case "provider":
      return true;
    case "region":
      return b.region === o.region;
    case "zone":
      return b.region === o.region && b.zone === o.zone;
    case "offer":
      return b.connection === o.connection && b.specName === o.specName;
  }
}

/** Whether `wide` already rules out everything `narrow` does. */
function covers(wide: Block, narrow: Block): boolean {
  if (wide.provider !== narrow.provider) return false;
  if (wide.scope === "provider") return true;
  if (narrow.scope === "provider" || wide.region !== narrow.region) return false;
  if (wide.scope === "region") return true;
  if (wide.scope === "zone") return narrow.scope !== "region" && wide.zone === narrow.zone;
  return narrow.scope === "offer" && wide.connection === narrow.connection && wide.specName === narrow.specName;
}
