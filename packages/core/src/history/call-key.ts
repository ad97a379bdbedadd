/**
 * Key layout of call history in the store: `hiscall/<epoch ms, 16 digits>/<sequence>-<writer id>`.
 * Zero-padding makes key order time order, so a time range is a key range.
 */
export const callKeyPrefix = "hiscall/";

// 16 digits hold every valid Date (up to 8.64e15 ms); earlier than 1970 is clamped to 0.
const timeDigits = 16;

/** The key of one record: `sequence` orders records of one writer within a millisecond. */
export function callKey(timeMs: number, sequence: number, writerId: string): string {
  return `${timeBound(timeMs)}/${sequence.toString(36).padStart(8, "0")}-${writerId}`;
}

/**
 * A key that sorts after every record key of earlier milliseconds and before every record key of
 * `timeMs` and later, i.e. the boundary of a time range.
 */
export function timeBound(timeMs: number): string {
  const clamped = Math.min(Math.max(0, Math.floor(timeMs)), 10 ** timeDigits - 1);
  return callKeyPrefix + String(clamped).padStart(timeDigits, "0");
}
