/**
 * How safe a native API call is to send again after a failure whose outcome is unknown (a timeout,
 * a reset connection, a 5xx):
 * - "read": changes nothing;
 * - "idempotent": repeating it ends in the same state (deletes, replacing a whole tag set);
 * - "idempotent-by-token": a create that carries the runtime's idempotency token (AWS ClientToken),
 *   so the cloud answers a repeat with the first call's resource;
 * - "not-idempotent": a repeat may do it twice; retried only when the cloud certainly refused the
 *   first try (throttling) or the request never left (connection refused).
 */
export type RetrySafety = "read" | "idempotent" | "idempotent-by-token" | "not-idempotent";

/** Every native API a driver calls, as the cloud names it, with its retry safety. */
export type ApiTable<Api extends string = string> = Readonly<Record<Api, RetrySafety>>;

/** Whether a call may be repeated after a failure whose effect in the cloud is unknown. */
export function isRepeatable(safety: RetrySafety): boolean {
  return safety !== "not-idempotent";
}
