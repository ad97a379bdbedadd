import type { McisTarget } from "@cloud-barista/mcis";

/**
 * Identity tags on every point: where the VM sits in the MCIS model, plus `host`. The agent sets
 * them from its config; absent ones are simply not there.
 */
export const identityTags = ["ns", "mcis", "subgroup", "vm", "provider", "region", "host"] as const;
/** One of the {@link identityTags}. */
export type IdentityTag = (typeof identityTags)[number];

/** A point's identity as tags. */
export type Identity = Partial<Record<IdentityTag, string>>;

/**
 * The tags that select an MCIS, one of its sub-groups or one VM (mcis's `McisTarget`: namespace
 * and name, plus `subGroup` or `vm`).
 */
export function targetTags(target: McisTarget): Identity {
  const tags: Identity = { ns: target.namespace, mcis: target.name };
  if (target.subGroup !== undefined) tags.subgroup = target.subGroup;
  if (target.vm !== undefined) tags.vm = target.vm;
  return tags;
}
