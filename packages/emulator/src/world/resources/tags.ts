import { WorldError, notFoundError } from "../errors.js";
import { pageOf } from "../pagination.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { ResourceKind, TaggedResource, Tags } from "../types.js";
import type { AnyRecord } from "./records.js";
import type { RegionState } from "./region-state.js";
import { hasTag, tagRecord } from "./tag-rules.js";

/** Options of the tag calls that address one resource. */
export interface TagOptions {
  /** The resource must be of this kind, or it is NotFound. */
  kind?: ResourceKind | undefined;
}

export interface FindTagsOptions extends ListOptions<TaggedResource> {
  /** Only these kinds; all when absent. */
  kinds?: readonly ResourceKind[] | undefined;
  /** Keeps resources with a tag key or value containing it; "" or absent keeps every tagged resource. */
  keyword?: string | undefined;
}

/** Tags of every resource kind, addressed by resource id. */
export class TagService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  /** Sets tags (overwriting values of existing keys) and returns all tags of the resource. */
  add(id: string, tags: Tags, options: TagOptions = {}): Tags {
    const row = this.#resource(id, options);
    this.#state.checkTags(tags, row.tags);
    // Rows made before tags were kept without a prototype are copied once; then keys are set one by one.
    if (Object.getPrototypeOf(row.tags) !== null) row.tags = tagRecord(row.tags);
    for (const [key, value] of Object.entries(tags)) row.tags[key] = value;
    return tagRecord(row.tags);
  }

  /** Removes keys; a key the resource does not have is NotFound, and then nothing is removed. */
  remove(id: string, keys: readonly string[], options: TagOptions = {}): Tags {
    const row = this.#resource(id, options);
    const missing = keys.find((key) => !hasTag(row.tags, key));
    if (missing !== undefined) {
      throw new WorldError("NotFound", `${row.kind} ${id} has no tag "${missing}"`, {
        resourceType: "tag",
        resourceId: missing,
      });
    }
    for (const key of keys) delete row.tags[key];
    return tagRecord(row.tags);
  }

  /** Every tag of one resource of `resourceKinds` (NotFound while it is within the consistency window). */
  list(id: string, options: TagOptions = {}): Tags {
    const row = this.#resource(id, options);
    if (!this.#state.visible(row)) throw notFoundError(row.kind, id);
    return tagRecord(row.tags);
  }

  /** One page of the region's tagged resources (untagged ones never match), oldest first. */
  find(options: FindTagsOptions = {}): ListPage<TaggedResource> {
    const s = this.#state;
    const keyword = options.keyword ?? "";
    const rows = s
      .tables()
      .filter((table) => !options.kinds || options.kinds.includes(table.kind))
      .flatMap((table) => table.all())
      .filter((row) => s.visible(row) && matches(row.tags, keyword))
      .sort((a, b) => a.seq - b.seq)
      .map((row) => ({
        key: row.seq,
        item: { kind: row.kind, id: row.id, name: row.name, tags: tagRecord(row.tags) },
      }));
    return pageOf(rows, options);
  }

  #resource(id: string, options: TagOptions): AnyRecord {
    for (const table of this.#state.tables()) {
      if (options.kind !== undefined && table.kind !== options.kind) continue;
      const row = table.find(id);
      if (row) return row;
    }
    throw notFoundError(options.kind ?? "resource", id);
  }
}

function matches(tags: Tags, keyword: string): boolean {
  const entries = Object.entries(tags);
  if (keyword === "") return entries.length > 0;
  return entries.some(([key, value]) => key.includes(keyword) || value.includes(keyword));
}
