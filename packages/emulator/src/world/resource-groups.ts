import { WorldError } from "./errors.js";
import type { Tags } from "./types.js";

/** An Azure resource group: a named container of an account's resources, filed in one region. */
export interface ResourceGroup {
  /** The ARM id, "/subscriptions/{account}/resourceGroups/{name}". */
  id: string;
  name: string;
  /** The region its metadata lives in; its resources may be in any region. */
  location: string;
  tags: Tags;
}

/**
 * Resource groups per (provider, account). Names are case-insensitive, as ARM's: a group is found
 * by any casing and keeps the casing it was made with.
 */
export class ResourceGroupBook {
  readonly #groups = new Map<string, ResourceGroup>();

  #key(provider: string, account: string, name: string): string {
    return [provider, account, name.toLowerCase()].join("\u0000");
  }

  get(key: { provider: string; account: string }, name: string): ResourceGroup | undefined {
    const group = this.#groups.get(this.#key(key.provider, key.account, name));
    return group && { ...group, tags: { ...group.tags } };
  }

  /** Makes the group, or changes its tags; its location cannot change. */
  put(
    key: { provider: string; account: string },
    group: { name: string; location: string; tags?: Tags | undefined },
  ): { group: ResourceGroup; created: boolean } {
    const id = this.#key(key.provider, key.account, group.name);
    const existing = this.#groups.get(id);
    if (existing && existing.location !== group.location) {
      throw new WorldError(
        "InvalidParameter",
        `resource group ${existing.name} is in ${existing.location}, not ${group.location}`,
        { field: "location", resourceType: "resource", resourceId: existing.id },
      );
    }
    const stored: ResourceGroup = existing
      ? { ...existing, tags: { ...(group.tags ?? existing.tags) } }
      : {
          id: `/subscriptions/${key.account}/resourceGroups/${group.name}`,
          name: group.name,
          location: group.location,
          tags: { ...group.tags },
        };
    this.#groups.set(id, stored);
    return { group: { ...stored, tags: { ...stored.tags } }, created: !existing };
  }

  list(key: { provider: string; account: string }): ResourceGroup[] {
    const prefix = this.#key(key.provider, key.account, "");
    return [...this.#groups.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .map(([, g]) => ({ ...g, tags: { ...g.tags } }));
  }

  delete(key: { provider: string; account: string }, name: string): boolean {
    return this.#groups.delete(this.#key(key.provider, key.account, name));
  }
}
