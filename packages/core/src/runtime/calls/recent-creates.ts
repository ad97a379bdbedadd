/**
 * Ids one connection created lately. Clouds are eventually consistent: right after a create, reads
 * of the new id may say "not found" for a while. Reads naming these ids wait that out; reads of
 * anything else answer NotFound at once.
 */
export class RecentCreates {
  readonly windowMs: number;
  readonly #createdAt = new Map<string, number>();

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  remember(ids: readonly string[], now: number): void {
    // Entries are in creation order: drop the expired ones at the front so the map stays small.
    for (const [old, at] of this.#createdAt) {
      if (now - at < this.windowMs) break;
      this.#createdAt.delete(old);
    }
    for (const id of ids) {
      if (id === "") continue;
      this.#createdAt.delete(id);
      this.#createdAt.set(id, now);
    }
  }

  /** How much longer "not found" may mean "not yet" for any of `ids`; 0 when none is recent. */
  remainingMs(ids: readonly string[], now: number): number {
    let remaining = 0;
    for (const id of ids) {
      const at = this.#createdAt.get(id);
      if (at !== undefined) remaining = Math.max(remaining, at + this.windowMs - now);
    }
    return remaining;
  }
}
