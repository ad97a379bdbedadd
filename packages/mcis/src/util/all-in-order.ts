/**
 * Like `Promise.all`, but when several fail it throws the failure of the lowest index, so a request
 * with two bad sub-groups always names the first one, whatever finished first.
 */
export async function allInOrder<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
