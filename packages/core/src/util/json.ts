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
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const tagged = (v as Record<string, unknown>)[dateTag];
      if (typeof tagged === "string" && Object.keys(v).length === 1) return new Date(tagged);
    }
    return v;
  }) as T;
}
