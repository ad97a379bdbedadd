import { isBaristaError } from "../errors.js";
import type { BaristaError, ErrorCode } from "../errors.js";
import { collect } from "../util/paginate.js";

/**
 * What any call can fail with, whatever it does: refused input, a missing handler, rejected
 * credentials, throttling, timeouts, an abort, a state conflict (or a closed instance), and
 * whatever else the cloud said.
 */
export type CommonErrorCode =
  | "InvalidArgument"
  | "NotSupported"
  | "Unauthenticated"
  | "PermissionDenied"
  | "Throttled"
  | "Timeout"
  | "Aborted"
  | "Conflict"
  | "ProviderError";

/**
 * The error codes of a call by its name, as docs/errors.md describes them: creates can also find
 * the name taken, a reference missing or a limit reached; calls on a named resource can find it
 * missing. A name not listed here may fail with any code.
 */
export interface GoStyleErrorCodes {
  create: CommonErrorCode | "AlreadyExists" | "NotFound" | "QuotaExceeded" | "CapacityUnavailable";
  add: CommonErrorCode | "AlreadyExists" | "NotFound";
  get: CommonErrorCode | "NotFound";
  getStatus: CommonErrorCode | "NotFound";
  list: CommonErrorCode;
  listStatus: CommonErrorCode;
  delete: CommonErrorCode | "NotFound";
  remove: CommonErrorCode | "NotFound";
  suspend: CommonErrorCode | "NotFound";
  resume: CommonErrorCode | "NotFound";
  reboot: CommonErrorCode | "NotFound";
  resize: CommonErrorCode | "NotFound" | "QuotaExceeded";
  attach: CommonErrorCode | "NotFound";
  detach: CommonErrorCode | "NotFound";
  addSubnet: CommonErrorCode | "AlreadyExists" | "NotFound";
  removeSubnet: CommonErrorCode | "NotFound";
  addRules: CommonErrorCode | "NotFound";
  removeRules: CommonErrorCode | "NotFound";
  addVms: CommonErrorCode | "NotFound";
  removeVms: CommonErrorCode | "NotFound";
  getHealth: CommonErrorCode | "NotFound";
}

/** The codes a call named `K` fails with: from {@link GoStyleErrorCodes}, else any code. */
export type ErrorCodesOf<K> = K extends keyof GoStyleErrorCodes ? GoStyleErrorCodes[K] : ErrorCode;

/** An error whose `code` is one of `C`, so a `switch (err.code)` covers exactly those. */
export type BaristaErrorOf<C extends ErrorCode> = BaristaError & { readonly code: C };

/**
 * A Go-style result: `[value, undefined]` on success, `[undefined, error]` on failure. Check
 * `err` first; TypeScript then knows `value` is there.
 */
export type GoResult<T, C extends ErrorCode = ErrorCode> =
  readonly [value: T, err: undefined] | readonly [value: undefined, err: BaristaErrorOf<C>];

/**
 * The Go-style form of a service: each method returning a promise returns a {@link GoResult}
 * instead, and each one returning an async iterable (`list`, `images`, ...) returns the whole
 * listing as an array, as a Go `List...` returns a slice. Other members are left out.
 */
export type GoStyle<S> = {
  readonly [K in keyof S as S[K] extends (...args: never[]) => unknown ? K : never]: S[K] extends (
    ...args: infer A
  ) => Promise<infer R>
    ? (...args: A) => Promise<GoResult<R, ErrorCodesOf<K>>>
    : S[K] extends (...args: infer A) => AsyncIterable<infer R>
      ? (...args: A) => Promise<GoResult<R[], ErrorCodesOf<K>>>
      : never;
};

/**
 * Wraps a service (`connection.vm`, `barista.credentials`, ...) so that its calls return
 * `[value, err]` instead of throwing, for code written the way CB-Spider's Go callers write it:
 *
 * ```ts
 * const [vm, err] = await goStyle(connection.vm).get("web-1");
 * if (err) return err.code === "NotFound" ? undefined : Promise.reject(err);
 * ```
 *
 * Only SDK errors ({@link BaristaError}) become results; anything else (a bug) still throws, as a
 * Go panic would. The service itself is called, so behaviour, validation and history are the
 * promise API's.
 */
export function goStyle<S extends object>(service: S): GoStyle<S> {
  return new Proxy(service, {
    get(target, property) {
      const member: unknown = Reflect.get(target, property, target);
      if (typeof member !== "function") return undefined;
      return async (...args: unknown[]): Promise<GoResult<unknown>> => {
        try {
          const result: unknown = Reflect.apply(member, target, args);
          const value = isAsyncIterable(result) ? await collect(result) : await result;
          return [value, undefined];
        } catch (error) {
          if (isBaristaError(error)) return [undefined, error];
          throw error;
        }
      };
    },
  }) as unknown as GoStyle<S>;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value && !(value instanceof Promise);
}
