/**
 * Abort subscriptions that stay cheap with thousands of calls in flight. An EventTarget finds a
 * listener to remove by walking its list, so N waits each adding and removing a listener on one
 * shared signal cost N^2; here each signal gets one real listener that calls a Set of subscribers.
 */

/** Signals made by `neverAbortingSignal`: nothing can fire them, so nobody needs to listen. */
const never = new WeakSet<AbortSignal>();
const subscribers = new WeakMap<AbortSignal, Set<() => void>>();
const noop = (): void => undefined;

/** A signal that never fires and that `onAbort` and `childSignal` know not to listen to. */
export function neverAbortingSignal(): AbortSignal {
  const signal = new AbortController().signal;
  never.add(signal);
  return signal;
}

/**
 * Calls `fn` once when `signal` fires; returns the unsubscribe function (constant time). Does
 * nothing for an absent or never-aborting signal, nor for one already aborted (check that first).
 */
export function onAbort(signal: AbortSignal | undefined, fn: () => void): () => void {
  if (signal === undefined || never.has(signal) || signal.aborted) return noop;
  let set = subscribers.get(signal);
  if (!set) {
    const own = new Set<() => void>();
    set = own;
    subscribers.set(signal, own);
    signal.addEventListener(
      "abort",
      () => {
        subscribers.delete(signal);
        for (const subscriber of own) subscriber();
      },
      { once: true },
    );
  }
  const entry = (): void => fn();
  set.add(entry);
  const subscribed = set;
  return () => void subscribed.delete(entry);
}

/**
 * A signal of one operation that fires when `parent` does: code that listens on it (a vendor SDK's
 * HTTP client, sleeps) lists its listeners on the operation's own signal, not on a parent shared
 * by every operation in flight. Call `release` when the operation ends.
 */
export function childSignal(parent: AbortSignal | undefined): {
  signal: AbortSignal;
  /** Stops listening on `parent` (idempotent), so a long-lived parent no longer holds the child. */
  release: () => void;
} {
  if (parent === undefined || never.has(parent)) return { signal: neverAbortingSignal(), release: noop };
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, release: noop };
  }
  const release = onAbort(parent, () => controller.abort(parent.reason));
  return { signal: controller.signal, release };
}
