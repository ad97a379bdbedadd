/**
 * A reproducible draw in [0, 1) for `key` under `seed`: FNV-1a of the key, mixed with the seed,
 * through the mulberry32 finaliser. Keyed by offer id rather than by position, so the same seed
 * gives each offer the same draw however the catalog is ordered or filtered.
 */
export function seededUnit(seed: number, key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let t = (h ^ Math.imul(seed | 0, 0x9e3779b9)) + 0x6d2b79f5;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
