import { isBaristaError } from "@cloud-barista/core";
import type { CallContext } from "@cloud-barista/core";

/**
 * Ids this connection created lately. AWS is eventually consistent: a read right after a create
 * may say "not found" for a while. Reads of these ids wait that out; reads of anything else
 * answer NotFound at once.
 */
export class RecentCreates {
  readonly windowMs: number;
  readonly #createdAt = new Map<string, number>();

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  remember(id: string, now: number): void {
    // Entries are in creation order: drop the expired ones at the front so the map stays small.
    for (const [old, at] of this.#createdAt) {
      if (now - at < this.windowMs) break;
      this.#createdAt.delete(old);
    }
    this.#createdAt.delete(id);
    this.#createdAt.set(id, now);
  }

  /** When `id` was created, if that was less than the window ago (older entries are dropped). */
  createdAt(id: string, now: number): number | undefined {
    const at = this.#createdAt.get(id);
    if (at !== undefined && now - at >= this.windowMs) {
      this.#createdAt.delete(id);
      return undefined;
    }
    return at;
  }
}

const firstDelayMs = 250;
const maxDelayMs = 4_000;

/**
 * Runs a read of `ids`; while it fails with NotFound and one of the ids was created within the
 * window, waits (doubling from 250 ms, on the context's clock) and reads again. Each try is its
 * own native call, recorded in call history.
 */
export async function readAfterCreate<T>(
  ctx: CallContext,
  recent: RecentCreates,
  ids: readonly string[],
  read: () => Promise<T>,
): Promise<T> {
  let delay = firstDelayMs;
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (!isBaristaError(error, "NotFound")) throw error;
      const now = ctx.clock.now();
      const created = ids.map((id) => recent.createdAt(id, now)).filter((at): at is number => at !== undefined);
      if (created.length === 0) throw error;
      const remaining = Math.max(...created) + recent.windowMs - now;
      await ctx.clock.sleep(Math.min(delay, remaining), { abortSignal: ctx.abortSignal });
      delay = Math.min(maxDelayMs, delay * 2);
    }
  }
}
