import { BaristaError, invalidArgument } from "@cloud-barista/core";
import { checkConnection, endpoint, influxRequest } from "./http.js";
import type { InfluxConnection } from "./http.js";

/** One series of an InfluxQL answer: `values[row][column]`. */
export interface InfluxSeries {
  name: string;
  tags: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

/** How {@link queryInflux} runs a statement. */
export interface InfluxQueryOptions {
  /** The database the statement runs in (not needed for `SHOW DATABASES` or `CREATE DATABASE`). */
  db?: string;
  /** Times as epoch numbers in this unit instead of RFC 3339 strings. */
  epoch?: "ns" | "u" | "ms" | "s" | "m" | "h";
  /** POST (default for statements that change things) or GET (reads). */
  method?: "GET" | "POST";
}

/**
 * Runs InfluxQL through InfluxDB 1.x's `/query` and answers the series of each statement (one
 * array per statement, `;`-separated). A statement InfluxDB refuses fails with InvalidArgument
 * carrying its message.
 */
export async function queryInflux(
  connection: InfluxConnection,
  q: string,
  options: InfluxQueryOptions = {},
): Promise<InfluxSeries[][]> {
  checkConnection(connection);
  if (typeof q !== "string" || q.trim() === "") throw invalidArgument("q", "required", "is required");
  const method = options.method ?? (/^\s*(select|show)\b/i.test(q) ? "GET" : "POST");
  const params = { db: options.db, epoch: options.epoch };
  const url = endpoint(connection, "query", method === "GET" ? { ...params, q } : params);
  const { text } = await influxRequest(connection, url, {
    method,
    what: "query",
    ...(method === "POST"
      ? {
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ q }).toString(),
        }
      : {}),
  });
  const answer = JSON.parse(text) as {
    error?: string;
    results?: { error?: string; series?: Partial<InfluxSeries>[] }[];
  };
  if (answer.error)
    throw new BaristaError("InvalidArgument", `InfluxDB query failed: ${answer.error}`, { provider: "InfluxDB" });
  return (answer.results ?? []).map((r) => {
    if (r.error)
      throw new BaristaError("InvalidArgument", `InfluxDB query failed: ${r.error}`, { provider: "InfluxDB" });
    return (r.series ?? []).map((s) => ({
      name: s.name ?? "",
      tags: s.tags ?? {},
      columns: s.columns ?? [],
      values: s.values ?? [],
    }));
  });
}

/** `CREATE DATABASE` (a no-op when it exists). */
export async function createInfluxDatabase(connection: InfluxConnection, db: string): Promise<void> {
  if (typeof db !== "string" || db === "") throw invalidArgument("db", "required", "is required");
  await queryInflux(connection, `CREATE DATABASE ${quoteIdentifier(db)}`, { method: "POST" });
}

/** An InfluxQL identifier in double quotes. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** An InfluxQL string literal in single quotes. */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}
