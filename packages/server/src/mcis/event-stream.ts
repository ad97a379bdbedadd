import type { SSEStreamingApi } from "hono/streaming";

/** One Server-Sent Event to write. */
export interface StreamEvent {
  event: string;
  data: unknown;
  id?: number;
}

/** A comment line every so often, so a client that left is noticed (the write fails) and proxies keep the stream. */
const keepAliveMs = 15_000;

/**
 * Writes the events `subscribe` delivers to an SSE stream, in order, until `last(event)` says the
 * stream is complete or the client goes away; always unsubscribes.
 */
export async function pipeEvents(
  stream: SSEStreamingApi,
  subscribe: (push: (event: StreamEvent) => void) => () => void,
  last: (event: StreamEvent) => boolean = () => false,
): Promise<void> {
  const queue: StreamEvent[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  const unsubscribe = subscribe((event) => {
    queue.push(event);
    wake?.();
  });
  stream.onAbort(() => {
    closed = true;
    wake?.();
  });
  try {
    for (;;) {
      const next = queue.shift();
      if (next) {
        await stream.writeSSE({
          event: next.event,
          data: JSON.stringify(next.data),
          ...(next.id === undefined ? {} : { id: String(next.id) }),
        });
        if (last(next)) return;
        continue;
      }
      if (closed || stream.aborted || stream.closed) return;
      let timer: NodeJS.Timeout | undefined;
      const idle = await new Promise<boolean>((resolve) => {
        wake = () => resolve(false);
        timer = setTimeout(() => resolve(true), keepAliveMs);
      });
      clearTimeout(timer);
      wake = undefined;
      if (idle && !closed) await stream.write(": keep-alive\n\n");
    }
  } finally {
    unsubscribe();
  }
}
