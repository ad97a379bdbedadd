import { BaristaError } from "@cloud-barista/core";

/**
 * Default networks get one /16 of 10.0.0.0/8 per connection, block k being 10.k.0.0/16 with the
 * subnet 10.k.0.0/20 in it, so the default VPCs of one namespace never overlap and can later be
 * peered or joined by VPN. Blocks are claimed in the store, so concurrent creates never share one.
 */
export const maxBlocks = 256;

export function blockCidrs(block: number): { vpcCidr: string; subnetCidr: string } {
  return { vpcCidr: `10.${block}.0.0/16`, subnetCidr: `10.${block}.0.0/20` };
}

/** The lowest block not in `used`. */
export function freeBlock(used: Iterable<number>, namespace: string): number {
  const taken = new Set(used);
  for (let block = 0; block < maxBlocks; block++) if (!taken.has(block)) return block;
  throw new BaristaError(
    "QuotaExceeded",
    `namespace "${namespace}" has default networks in all ${maxBlocks} blocks of 10.0.0.0/8`,
  );
}
