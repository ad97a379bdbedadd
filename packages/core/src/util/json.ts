// JSON that keeps Date values: stored records and cached catalogs hold dates, and callers expect
// Date objects back, not strings.

const dateTag = "$date";

export function encodeJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { [dateTag]: raw.toISOString() } : v;
  });
}

export function decodeJson<T>(text: string): T {
  const value: unknown = JSON.parse(text);
  // A walk after parsing costs far less than a JSON.parse reviver (called for every key), and
  // texts without a tagged date need no walk at all.
  return (text.includes(`"${dateTag}"`) ? revive(value) : value) as T;
}

function revive(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
    return value;
  }
  const object = value as Record<string, unknown>;
  const tagged = object[dateTag];
  if (typeof tagged === "string" && Object.keys(object).length === 1) return new Date(tagged);
  for (const key of Object.keys(object)) object[key] = revive(object[key]);
  return object;
}
