// Records keyed by what users choose (tag keys, credential value names). An ordinary object literal
// inherits from Object.prototype: `tags[key] = v` with key "__proto__" changes the prototype instead
// of adding a key, `tags["toString"]` finds a function and `"constructor" in tags` is true. A record
// without a prototype has none of that, so such keys are keys like any other.

/** A record without a prototype, holding `entries` (or the own enumerable entries of an object). */
export function ownRecord<V>(
  entries: Iterable<readonly [string, V]> | Readonly<Record<string, V>> = [],
): Record<string, V> {
  const record = Object.create(null) as Record<string, V>;
  const pairs = Symbol.iterator in entries ? entries : Object.entries(entries);
  for (const [key, value] of pairs) record[key] = value;
  return record;
}

/** The value `record` holds under `key` itself; never one it inherits (`toString`, `constructor`). */
export function ownValue<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
