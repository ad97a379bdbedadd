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
