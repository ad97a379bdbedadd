import { isBaristaError } from "../errors.js";
import type { BaristaError } from "../errors.js";

/**
 * What `promise` rejected with, for tests that inspect a failure (code, cause chain, inspect
 * output); a promise that resolves fails the test.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

/** What `promise` rejected with, as a BaristaError: another rejection, or none, fails the test. */
export async function baristaRejectionOf(promise: Promise<unknown>): Promise<BaristaError> {
  const error = await rejectionOf(promise);
  if (isBaristaError(error)) return error;
  throw error;
}
