import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/logger.js";

export interface NativeCallOptions<T> {
  /** Picks the cloud's request id out of a successful result, for call history. */
  requestIdOf?: (result: T) => string | undefined;
}

/** Which of the runtime's operation timeouts bounds a wait (see `OperationTimeouts`). */
export type WaitDeadline = "vmRunning" | "vmTerminated" | "vmControl" | "disk" | "myImage" | "nlb" | "cluster";

/** What a poll of a long-running operation says: done, failed for good, or not yet. */
export type WaitState = "success" | "failure" | "retry";

export interface WaitSpec<T> {
  /** What is awaited, for messages: "load balancer lb-1 to be ACTIVE". */
  description: string;
  deadline: WaitDeadline;
  /** One poll: reads the resource or operation (its native calls go through `call`). */
  read: () => Promise<T>;
  /** Judges a poll. */
  accept: (value: T) => WaitState;
  /**
   * The value a poll stands for when the read answers "not found" (a deletion's "gone" state);
   * without it, "not found" ends the wait as an error.
   */
  whenNotFound?: T;
  /** A delay the cloud asked for before the next poll (an operation's Retry-After), in ms. */
  retryAfterMs?: (value: T) => number | undefined;
  /** Says why a "failure" poll failed, for the error message; default: the value as JSON. */
  describeFailure?: (value: T) => string;
}

/** Registers how to undo one step of a multi-step operation (see `CallContext.compensate`). */
export type UndoStep = (description: string, undo: (ctx: CallContext) => Promise<unknown>) => void;

/**
 * What the runtime hands a driver with every operation. Drivers make every native cloud API call
 * through `call`, so each one is retried by one policy and recorded once in call history; waiting,
 * eventual consistency and rollback are the runtime's too, so every driver behaves alike.
 */
export interface CallContext {
  readonly abortSignal: AbortSignal;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Runs one native API call named as the cloud names it ("RunInstances"); the name must be in the
   * driver's API table, whose retry safety decides what is retried. `fn` must throw BaristaErrors
   * (the driver's error mapping) so the retry policy can judge a failure.
   */
  call<T>(api: string, fn: (abortSignal: AbortSignal) => Promise<T>, options?: NativeCallOptions<T>): Promise<T>;
  /** Notes ids the operation just created, so reads that name them ride out eventual consistency. */
  created(...ids: string[]): void;
  /**
   * Runs `fn`; while it fails with NotFound and one of `ids` was created (by this connection)
   * within the read-after-create window, waits with backoff and runs it again.
   */
  whenVisible<T>(ids: readonly string[], fn: () => Promise<T>): Promise<T>;
  /**
   * Polls a long-running operation until `accept` says success (its value is returned) or
   * failure (a ProviderError), within the runtime's deadline of that kind; honours the caller's
   * abort signal and the delays the cloud asks for.
   */
  waitUntil<T>(spec: WaitSpec<T>): Promise<T>;
  /**
   * Runs a multi-step operation. Each step that made something registers its undo; if the
   * operation fails, the undos run in reverse order (their calls recorded in history, "not found"
   * counting as undone) and the original error is thrown, listing in `leftovers` whatever could not
   * be undone. Undos run even when the caller aborted.
   */
  compensate<T>(operation: (undo: UndoStep) => Promise<T>): Promise<T>;
}
