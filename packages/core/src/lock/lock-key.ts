import type { TrackedType } from "../model/common.js";

/**
 * The layers of Sponge Lock keys, outermost first. An operation that holds keys of one layer may
 * call into later layers while it holds them (an MCIS operation ensures its default network, which
 * creates resources), never into earlier ones. The lock orders keys by layer first, so such nesting
 * always goes forward in the global order, whatever the keys' paths are.
 */
export const lockLayers = ["mcis", "defaultNetwork", "resource"] as const;

export type LockLayer = (typeof lockLayers)[number];

/** Shared (readers, e.g. get) or exclusive (writers, e.g. create/delete/mutate). */
export type LockMode = "shared" | "exclusive";

/** A Sponge Lock key: a layer and a path that is unique within the layer. */
export interface LockKey {
  readonly layer: LockLayer;
  readonly path: string;
}

/** The key of each layer, so no package spells another's. */
export const lockKeys = {
  /** One MCIS of a namespace: its operations take turns. */
  mcis: (namespace: string, name: string): LockKey => ({ layer: "mcis", path: `${namespace}/${name}` }),
  /** A namespace's default network in one connection: made once, by one operation at a time. */
  defaultNetwork: (namespace: string, connection: string): LockKey => ({
    layer: "defaultNetwork",
    path: `${namespace}/${connection}`,
  }),
  /** One resource of a connection; subnets and security groups are named per owning VPC (`owner`). */
  resource: (connection: string, type: TrackedType, name: string, owner?: string): LockKey => ({
    layer: "resource",
    path: owner === undefined ? `${connection}/${type}/${name}` : `${connection}/${type}/${owner}/${name}`,
  }),
} as const;

/** "resource/seoul/vm/web-1": a key as logs and errors show it. */
export function formatLockKey(key: LockKey): string {
  return `${key.layer}/${key.path}`;
}
