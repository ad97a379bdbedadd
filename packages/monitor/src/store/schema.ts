import { ownRecord } from "@cloud-barista/core";

/**
 * The field names of a series, in column order, shared by every series that has the same ones:
 * each schema knows the schema it becomes with one more field (as a JS engine's hidden classes do),
 * so the 10,000 `cpu` series of a fleet hold one list and one index between them.
 */
export class Schema {
  readonly fields: readonly string[];
  readonly #index: Map<string, number>;
  readonly #next = new Map<string, Schema>();

  private constructor(fields: readonly string[]) {
    this.fields = fields;
    this.#index = new Map(fields.map((f, i) => [f, i]));
  }

  static readonly empty = new Schema([]);

  /** The schema of some fields in this order. */
  static of(fields: readonly string[]): Schema {
    let schema = Schema.empty;
    for (const f of fields) schema = schema.with(f);
    return schema;
  }

  indexOf(field: string): number | undefined {
    return this.#index.get(field);
  }

  /** This schema with `field` appended (the same object for every caller). */
  with(field: string): Schema {
    let next = this.#next.get(field);
    if (!next) {
      const name = intern(field);
      this.#next.set(name, (next = new Schema([...this.fields, name])));
    }
    return next;
  }
}

const interned = new Map<string, string>();

/**
 * One copy of a tag or field name or value for the whole process. A string sliced from a request
 * body may keep the whole body alive, so the kept copy is made afresh; bounded (a cardinality
 * guard: past 1,000,000 strings new ones are not interned).
 */
export function intern(s: string): string {
  const known = interned.get(s);
  if (known !== undefined) return known;
  const copy = flatCopy(s);
  if (interned.size < 1_000_000) interned.set(copy, copy);
  return copy;
}

/** Tags with interned names and values, frozen (series share their tags with the ingest cache). */
export function internTags(tags: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  // Without a prototype: a tag named "__proto__" is a tag like any other (core's ownRecord).
  return Object.freeze(ownRecord(Object.keys(tags).map((k) => [intern(k), intern(tags[k] as string)] as const)));
}

/** A copy that shares no memory with the string it came from (a slice may keep its parent alive). */
export function flatCopy(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, "utf8").toString("utf8");
}
