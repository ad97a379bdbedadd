/**
 * Key order shared by every store: Unicode code point order, which is the byte order of UTF-8 and so
 * the order SQLite (BINARY collation) and etcd use. Plain `<` on JS strings compares UTF-16 code
 * units and would put "😀" (U+1F600) before "\uFFFF"; this comparison does not.
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

// Surrogates (D800-DFFF) stand for code points above FFFF, so they must rank after E000-FFFF.
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

/**
 * The smallest key greater than every key that starts with `prefix` (the exclusive upper bound of a
 * prefix range), or `undefined` when no such bound exists (empty prefix, or only U+10FFFF).
 * Works on code points, so a non-ASCII last character is incremented as a whole.
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop()?.codePointAt(0) ?? 0;
    if (last < 0x10ffff) {
      // Code points D800-DFFF do not exist in well-formed text: D7FF is followed by E000.
      const next = last === 0xd7ff ? 0xe000 : last + 1;
      return points.join("") + String.fromCodePoint(next);
    }
  }
  return undefined;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether the string is well-formed UTF-16 (no lone surrogates), i.e. encodable as UTF-8. */
export function isWellFormed(text: string): boolean {
  return !loneSurrogate.test(text);
}
