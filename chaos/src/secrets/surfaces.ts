import { inspect } from "node:util";

// Where a secret could show once an SDK call failed: the error itself (message, stack, every
// property and the whole cause chain, as inspect and JSON print them) and the text an SDK instance
// leaves behind (call history, the store's bytes, log lines). A secret is searched as is and in
// the forms a request carries it (base64 in a header, URL-encoded in a form or query, JSON-escaped).

/** The forms of a secret worth searching for. */
export function secretForms(secret: string): string[] {
  return [
    ...new Set([
      secret,
      Buffer.from(secret).toString("base64"),
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
    ]),
  ];
}

/** Every textual surface of an error, by name: the error's own, then each cause's. */
export function errorSurfaces(error: unknown): Record<string, string> {
  const surfaces: Record<string, string> = {
    string: String(error),
    inspect: inspect(error, { depth: 20, showHidden: true }),
    json: safeJson(error),
  };
  let cause: unknown = error;
  for (let depth = 0; cause !== undefined && cause !== null && depth < 10; depth++) {
    if (cause instanceof Error) {
      surfaces[`cause[${depth}].message`] = cause.message;
      surfaces[`cause[${depth}].stack`] = cause.stack ?? "";
      // Own properties, enumerable or not (a vendor error's request config, response, ...).
      const own = cause as unknown as Record<string, unknown>;
      surfaces[`cause[${depth}].properties`] = Object.getOwnPropertyNames(cause)
        .map((key) => `${key}=${safeJson(own[key])}`)
        .join("\n");
      cause = cause.cause;
    } else {
      surfaces[`cause[${depth}]`] = inspect(cause, { depth: 20, showHidden: true });
      break;
    }
  }
  return surfaces;
}

function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => {
        if (typeof v === "bigint") return String(v);
        if (typeof v === "object" && v !== null) {
          if (seen.has(v)) return "[cycle]";
          seen.add(v);
        }
        return v;
      }) ?? ""
    );
  } catch (error) {
    return `[not JSON: ${String(error)}]`;
  }
}

/** The surfaces (by name) where any form of any secret shows. */
export function leaksIn(surfaces: Record<string, string>, secrets: readonly string[]): string[] {
  const forms = secrets.flatMap(secretForms);
  return Object.entries(surfaces).flatMap(([name, text]) => (forms.some((form) => text.includes(form)) ? [name] : []));
}
