import type { CallHistory } from "../history/call-history.js";

/**
 * A function that returns the native APIs `history` recorded since its last call, oldest first:
 * for tests that count the vendor calls each user call makes.
 */
export function callRecorder(history: CallHistory): () => Promise<string[]> {
  let seen = 0;
  return async () => {
    await history.flush();
    const all = (await history.query({})).sort((a, b) => a.time.getTime() - b.time.getTime());
    const fresh = all.slice(seen).map((c) => c.api);
    seen = all.length;
    return fresh;
  };
}
