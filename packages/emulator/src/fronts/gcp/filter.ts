import type { GcpContext } from "./context.js";
import { invalidField } from "./errors.js";

// The `filter` parameter of Compute Engine lists, in the forms clients send: comparisons
// `field = value`, `field != value` (a `*` in the value matches anything), and the legacy regular
// expressions `field eq regex` / `field ne regex` (whole-value match); terms joined by AND or
// written one after another in parentheses. Fields may be nested ("labels.env", "status").
// Anything else is refused rather than ignored.

interface Term {
  path: string[];
  op: "=" | "!=" | "eq" | "ne";
  value: string;
}

const termPattern = /^\s*([A-Za-z][\w.]*)\s*(!=|=|\beq\b|\bne\b)\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+))\s*$/;

function parse(filter: string): Term[] {
  const parts = /^\s*\(/.test(filter)
    ? [...filter.matchAll(/\(([^()]*)\)/g)].map((m) => m[1] ?? "")
    : filter.split(/\s+AND\s+/);
  const leftover = /^\s*\(/.test(filter)
    ? filter
        .replace(/\(([^()]*)\)/g, "")
        .replace(/\bAND\b/g, "")
        .trim()
    : "";
  if (leftover !== "") throw invalidField("filter", filter, "Invalid list filter expression.");
  return parts.map((part) => {
    const m = termPattern.exec(part);
    if (!m) throw invalidField("filter", filter, "Invalid list filter expression.");
    const term: Term = { path: (m[1] ?? "").split("."), op: m[2] as Term["op"], value: m[3] ?? m[4] ?? m[5] ?? "" };
    if (term.op === "eq" || term.op === "ne") {
      try {
        new RegExp(term.value);
      } catch {
        throw invalidField("filter", filter, "Invalid regular expression.");
      }
    }
    return term;
  });
}

function valueAt(item: unknown, path: string[]): string | undefined {
  let here: unknown = item;
  for (const key of path) {
    if (here === null || typeof here !== "object") return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here === undefined || here === null ? undefined : typeof here === "string" ? here : JSON.stringify(here);
}

function matches(term: Term, item: unknown): boolean {
  const value = valueAt(item, term.path);
  if (term.op === "eq" || term.op === "ne") {
    const hit = value !== undefined && new RegExp(`^(?:${term.value})$`).test(value);
    return term.op === "eq" ? hit : !hit;
  }
  const pattern = new RegExp(`^${term.value.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
  const hit = value !== undefined && pattern.test(value);
  return term.op === "=" ? hit : !hit;
}

/** The items the request's `filter` keeps (all when it has none). */
export function applyFilter<T>(ctx: GcpContext, items: readonly T[]): T[] {
  const filter = ctx.request.url.searchParams.get("filter");
  if (filter === null || filter.trim() === "") return [...items];
  const terms = parse(filter);
  return items.filter((item) => terms.every((term) => matches(term, item)));
}
