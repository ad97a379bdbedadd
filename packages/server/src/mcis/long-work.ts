import type { Context } from "hono";
import type { ProgressListener } from "@cloud-barista/mcis";
import type { ServerEnv } from "../http/env.js";
import { Operation } from "./operations.js";
import type { OperationKind } from "./operations.js";
import type { TenantMcis } from "./tenant-state.js";

/** What a long MCIS request starts. */
export interface LongWork<T> {
  kind: OperationKind;
  action: string;
  namespace: string;
  mcisId: string;
  /** Does the work, telling `onProgress` about each VM; its result is the `done` event and the blocking answer. */
  run: (onProgress: ProgressListener) => Promise<T>;
}

/** How a long request answered: the operation to follow (202), or the finished result (`wait=true`). */
export type LongAnswer<T> =
  | { accepted: true; body: { operationId: string; statusUrl: string; eventsUrl: string } }
  | { accepted: false; body: T };

/** The path prefix the API is mounted under ("" or e.g. "/cb"), from the request's own path. */
export function mountPrefix(path: string): string {
  const at = path.indexOf("/tumblebug/");
  return at > 0 ? path.slice(0, at) : "";
}

/**
 * Starts an operation of the tenant. Without `wait`, answers at once with the operation's URLs
 * and lets it run; with `wait`, answers when it settled, throwing its error as a plain request would.
 */
export async function startLongWork<T>(
  c: Context<ServerEnv>,
  state: TenantMcis,
  work: LongWork<T>,
  wait: boolean,
): Promise<LongAnswer<T>> {
  const operation = state.operations.add(new Operation(work.kind, work.action, work.namespace, work.mcisId, state.hub));
  const settled = operation.start(work.run);
  if (wait) {
    await settled;
    if (operation.state === "failed") throw operation.failure;
    return { accepted: false, body: operation.result as T };
  }
  const base = `${mountPrefix(c.req.path)}/tumblebug/operations/${operation.id}`;
  return { accepted: true, body: { operationId: operation.id, statusUrl: base, eventsUrl: `${base}/events` } };
}
