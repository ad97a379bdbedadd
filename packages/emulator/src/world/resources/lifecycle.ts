/**
 * A state that settles into the next one at a known time. States are derived from timestamps when
 * read, so no background timer has to run: a VM "becomes" running the first time anyone looks after
 * its boot time has passed.
 */
export interface Lifecycle<S extends string> {
  state: S;
  /** When `state` was entered. */
  since: number;
  /** The state `state` settles into, and when. */
  next?: { state: S; at: number } | undefined;
}

/**
 * Work an operation leaves running (a creation, an extension): `failsLater` makes it end in the
 * resource's error state instead, as the gate asks when a "background" fault hits the call.
 */
export interface BackgroundWork {
  failsLater?: boolean | undefined;
}

export interface CurrentState<S extends string> {
  state: S;
  since: number;
}

export function startLifecycle<S extends string>(
  state: S,
  now: number,
  settle?: { state: S; afterMs: number },
): Lifecycle<S> {
  const lifecycle: Lifecycle<S> = { state, since: now };
  if (settle) lifecycle.next = { state: settle.state, at: now + settle.afterMs };
  return lifecycle;
}

/** The state at `now`. */
export function currentState<S extends string>(lifecycle: Lifecycle<S>, now: number): CurrentState<S> {
  const next = lifecycle.next;
  if (next && now >= next.at) return { state: next.state, since: next.at };
  return { state: lifecycle.state, since: lifecycle.since };
}

/** Enters `state` at `now`, settling into `settle.state` after `settle.afterMs`. */
export function moveTo<S extends string>(
  lifecycle: Lifecycle<S>,
  state: S,
  now: number,
  settle?: { state: S; afterMs: number },
): void {
  lifecycle.state = state;
  lifecycle.since = now;
  lifecycle.next = settle ? { state: settle.state, at: now + settle.afterMs } : undefined;
}
