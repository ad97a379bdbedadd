import { isBaristaError } from "@cloud-barista/core/driver";

/** Whether an error is ARM's "not found" (of the resource or of its resource group). */
export function isNotFound(error: unknown): boolean {
  return isBaristaError(error, "NotFound");
}

/** Whether a read finds its resource: true, false on NotFound, its error otherwise. */
export async function exists(read: Promise<unknown>): Promise<boolean> {
  try {
    await read;
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/**
 * A list of the connection's resource group that is empty when the group does not exist yet (it is
 * made on the first create): ResourceGroupNotFound then means "nothing here".
 */
export async function* ignoreMissingGroup<T>(items: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  try {
    yield* items;
  } catch (error) {
    if (!(isBaristaError(error, "NotFound") && error.nativeCode === "ResourceGroupNotFound")) throw error;
  }
}
