// Per-round timestamps for line-protocol bodies encoded once: every line of a template ends with
// the same 19-digit ns time, which a round overwrites in place (a few bytes per line), so no round
// pays for building or encoding its bodies.

const LF = 10;
const digits = 19;

/** Bodies encoded once, and where each line's timestamp sits in them. */
export interface StampedBodies {
  readonly bodies: readonly Buffer[];
  readonly offsets: readonly Uint32Array[];
}

/** Finds every line's timestamp (the last 19 bytes of each line, which must all read `timeNs`). */
export function findStamps(bodies: readonly Buffer[], timeNs: bigint): StampedBodies {
  const stamp = timeNs.toString();
  if (stamp.length !== digits) throw new Error(`timestamps must have ${digits} digits, not ${stamp}`);
  const offsets = bodies.map((body) => {
    const found: number[] = [];
    let start = 0;
    while (start < body.length) {
      let end = body.indexOf(LF, start);
      if (end < 0) end = body.length;
      if (end > start) {
        const at = end - digits;
        if (at <= start || body[at - 1] !== 32 || body.toString("latin1", at, end) !== stamp)
          throw new Error(`a line does not end with the time ${stamp}: ${body.toString("latin1", start, end)}`);
        found.push(at);
      }
      start = end + 1;
    }
    return Uint32Array.from(found);
  });
  return { bodies, offsets };
}

/** Writes `timeNs` (19 digits) as every line's timestamp, in place. */
export function stampBodies({ bodies, offsets }: StampedBodies, timeNs: bigint): void {
  const stamp = Buffer.from(timeNs.toString(), "latin1");
  if (stamp.length !== digits) throw new Error(`timestamps must have ${digits} digits, not ${timeNs}`);
  bodies.forEach((body, b) => {
    for (const at of offsets[b] as Uint32Array) stamp.copy(body, at);
  });
}
