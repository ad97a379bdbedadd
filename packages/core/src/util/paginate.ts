import { BaristaError } from "../errors.js";

/** One page of a paginated listing. */
export interface Page<T> {
  items: T[];
  /** Absent or empty on the last page. */
  nextToken?: string | undefined;
}

/**
 * Follows a cloud's page tokens to the end, yielding items as pages arrive. Fails (rather than
 * truncating silently or spinning) when the cloud hands back a token it already gave.
 */
export async function* paginate<T>(
  fetchPage: (token: string | undefined) => Promise<Page<T>>,
  options: { provider?: string } = {},
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    yield* page.items;
    token = page.nextToken || undefined;
    if (token !== undefined) {
      if (seen.has(token)) {
        throw new BaristaError("ProviderError", `pagination token repeated: "${token}"`, {
          provider: options.provider,
          retryable: false,
        });
      }
      seen.add(token);
    }
  } while (token !== undefined);
}

/** Drains an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
