/** One native call as the driver made it: its API, input and answer. */
export interface Step {
  api: string;
  input: unknown;
  output: unknown;
  /** The call failed (a poll answered "not found"): the replay expects it to fail too. */
  failed?: boolean;
  /** Order of the call's start and end among all recorded events: calls that overlapped ran concurrently. */
  started?: number;
  ended?: number;
}

/** Numbers the start and end events of recorded calls. */
export class EventCounter {
  #next = 0;
  next(): number {
    return this.#next++;
  }
}

/** Consecutive steps that ran at the same time (one started before another ended), as batches. */
function batchesOf(steps: readonly Step[]): Step[][] {
  const batches: Step[][] = [];
  let current: Step[] = [];
  let firstEnd = Number.POSITIVE_INFINITY;
  for (const step of steps) {
    if (current.length > 0 && !((step.started ?? Number.POSITIVE_INFINITY) < firstEnd)) {
      batches.push(current);
      current = [];
      firstEnd = Number.POSITIVE_INFINITY;
    }
    current.push(step);
    firstEnd = Math.min(firstEnd, step.ended ?? Number.POSITIVE_INFINITY);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Calls one API raw (the vendor SDK's command, or a plain HTTP request) and returns its answer. */
export type Send = (api: string, input: unknown) => Promise<unknown>;

/** Cloud ids: AWS's (`vpc-0a1b2c3d...`) and OpenStack's UUIDs. */
const idLike = /^(?:[a-z]+-[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** `value` with every occurrence of each key of `names` in its strings replaced. */
export function substitute(value: unknown, names: ReadonlyMap<string, string>): unknown {
  if (names.size === 0) return value;
  if (typeof value === "string") {
    let text = value;
    for (const [from, to] of names) if (text.includes(from)) text = text.split(from).join(to);
    return text;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, names));
  if (value && typeof value === "object" && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, names)]));
  }
  return value;
}

/** Which strings of an answer are ids the cloud chose (default: AWS's and UUIDs). */
export type IsId = (value: string) => boolean;

const defaultIsId: IsId = (value) => idLike.test(value);

/** Learns which ids of the recorded answer the fresh answer has in their place. */
function learn(recorded: unknown, fresh: unknown, names: Map<string, string>, isId: IsId): void {
  if (typeof recorded === "string" && typeof fresh === "string") {
    if (recorded !== fresh && isId(recorded)) names.set(recorded, fresh);
    return;
  }
  if (Array.isArray(recorded) && Array.isArray(fresh)) {
    recorded.forEach((r, i) => learn(r, fresh[i], names, isId));
    return;
  }
  if (recorded && fresh && typeof recorded === "object" && typeof fresh === "object") {
    for (const [k, r] of Object.entries(recorded)) learn(r, (fresh as Record<string, unknown>)[k], names, isId);
  }
}

/**
 * Makes the recorded calls again, raw, in the recorded order (calls that ran concurrently run
 * concurrently again): the same APIs with the same inputs, the resource names renamed (`names`)
 * and the ids the cloud gives the fresh resources put in place of the recorded ones, so a
 * create-then-delete cycle deletes what it made.
 */
export async function replay(
  steps: readonly Step[],
  send: Send,
  names: ReadonlyMap<string, string>,
  isId: IsId = defaultIsId,
): Promise<void> {
  const map = new Map(names);
  const one = async (step: Step): Promise<void> => {
    const input = substitute(step.input, map);
    if (step.failed) {
      const failed = await send(step.api, input).then(
        () => false,
        () => true,
      );
      if (!failed) throw new Error(`replayed ${step.api} succeeded where the recorded call failed`);
      return;
    }
    learn(step.output, await send(step.api, input), map, isId);
  };
  for (const batch of batchesOf(steps)) {
    if (batch.length === 1 && batch[0]) await one(batch[0]);
    else await Promise.all(batch.map(one));
  }
}
