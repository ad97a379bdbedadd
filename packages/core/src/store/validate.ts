import { BaristaError, abortedError, invalidArgument } from "../errors.js";
import { isWellFormed } from "./keys.js";
import type { ListOptions, StoreCallOptions, StoreCondition, StoreOperation } from "./store.js";

// Argument checks shared by the store implementations, so every store rejects the same inputs
// with the same InvalidArgument errors (the conformance suite checks this).

/**
 * Runs a synchronous store operation as an async call: fails with the signal's reason (as a
 * BaristaError) when the call was aborted before it started, and turns a throw into a rejection.
 */
export function syncCall<T>(options: StoreCallOptions | undefined, operation: () => T): Promise<T> {
  // A throw inside the executor becomes the rejection.
  return new Promise<T>((resolve) => {
    const signal = options?.abortSignal;
    if (signal?.aborted) throw abortedError(signal);
    resolve(operation());
  });
}

/** Keys are non-empty, well-formed Unicode without U+0000 (SQLite's driver cuts text at NUL). */
export function checkKey(key: string, field = "key"): void {
  if (typeof key !== "string" || key.length === 0) {
    throw invalidArgument(field, "required", "must be a non-empty string");
  }
  if (key.includes("\u0000")) throw invalidArgument(field, "no-nul", "must not contain U+0000");
  if (!isWellFormed(key)) throw invalidArgument(field, "unicode", "must be well-formed Unicode");
}

/** Values are any well-formed string (lone surrogates would not survive UTF-8 storage). */
export function checkValue(value: string, field = "value"): void {
  if (typeof value !== "string") throw invalidArgument(field, "type", "must be a string");
  if (!isWellFormed(value)) throw invalidArgument(field, "unicode", "must be well-formed Unicode");
}

/** Refuses a TTL that is not a positive number (InvalidArgument), as every store does. */
export function checkTtl(ttlMs: number | undefined, field = "ttlMs"): void {
  if (ttlMs === undefined) return;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw invalidArgument(field, "positive", "must be a positive number");
}

/** A lease id is a non-empty string, and an entry has a TTL or a lease, not both. */
export function checkLease(lease: string | undefined, ttlMs: number | undefined, field = "lease"): void {
  if (lease === undefined) return;
  if (typeof lease !== "string" || lease.length === 0) throw invalidArgument(field, "required", "must be a lease id");
  if (ttlMs !== undefined) throw invalidArgument(field, "ttl-or-lease", "an entry has a TTL or a lease, not both");
}

/** Refuses a lease TTL that is not a positive number (InvalidArgument). */
export function checkLeaseTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw invalidArgument("ttlMs", "positive-integer", "must be a positive whole number of milliseconds");
  }
}

/** What every store answers for a put attached to a lease that has expired or was revoked. */
export function leaseEnded(lease: string): BaristaError {
  return new BaristaError("NotFound", `lease ${lease} has ended (expired or revoked)`, {
    resourceType: "lease",
    resourceName: lease,
  });
}

/** Refuses list options every store refuses (InvalidArgument), so stores agree. */
export function checkListOptions(prefix: string, options: ListOptions | undefined): void {
  if (typeof prefix !== "string" || !isWellFormed(prefix)) {
    throw invalidArgument("prefix", "unicode", "must be a well-formed string");
  }
  for (const field of ["startAfter", "endBefore"] as const) {
    const bound = options?.[field];
    if (bound !== undefined && (typeof bound !== "string" || !isWellFormed(bound))) {
      throw invalidArgument(field, "unicode", "must be a well-formed string");
    }
  }
  const limit = options?.limit;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw invalidArgument("limit", "non-negative-integer", "must be a non-negative integer");
  }
}

/** Checks a whole commit up front, so a bad operation fails it before anything is written. */
export function checkCommit(operations: readonly StoreOperation[], conditions: readonly StoreCondition[]): void {
  operations.forEach((operation, i) => {
    checkKey(operation.key, `operations[${i}].key`);
    if (operation.op === "put") {
      checkValue(operation.value, `operations[${i}].value`);
      checkTtl(operation.ttlMs, `operations[${i}].ttlMs`);
      checkLease(operation.lease, operation.ttlMs, `operations[${i}].lease`);
    } else if (operation.op !== "delete") {
      throw invalidArgument(`operations[${i}].op`, "enum", 'must be "put" or "delete"');
    }
  });
  conditions.forEach((condition, i) => {
    checkKey(condition.key, `conditions[${i}].key`);
    const revision = condition.revision;
    if (revision !== null && !(Number.isSafeInteger(revision) && revision >= 0)) {
      throw invalidArgument(`conditions[${i}].revision`, "revision", "must be null or a non-negative integer");
    }
  });
}
