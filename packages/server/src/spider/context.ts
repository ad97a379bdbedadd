import type { Context } from "hono";
import type { Connection } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { badRequest } from "../http/errors.js";

/** The tenant's named connection (another tenant's names do not exist here: 404). */
export function connectionOf(c: Context<ServerEnv>, name: string | undefined): Promise<Connection> {
  if (name === undefined || name === "") throw badRequest("ConnectionName", "is required", "required");
  return c.get("tenant").barista.connection(name);
}

/** A DELETE's connection: from `?ConnectionName=` or from the JSON body, as Spider's scripts send it. */
export function deleteConnection(
  c: Context<ServerEnv>,
  query: { ConnectionName?: string | undefined },
  body: { ConnectionName?: string | undefined } | undefined,
): Promise<Connection> {
  return connectionOf(c, query.ConnectionName ?? body?.ConnectionName);
}
