import Table from "cli-table3";
import { stringify } from "yaml";
import { UsageError } from "./exit-codes.js";
import type { Style } from "./style.js";

export const outputFormats = ["table", "json", "yaml"] as const;
export type OutputFormat = (typeof outputFormats)[number];

export function outputFormat(value: string): OutputFormat {
  if (!(outputFormats as readonly string[]).includes(value)) {
    throw new UsageError(`--output must be one of ${outputFormats.join(", ")}, got "${value}"`);
  }
  return value as OutputFormat;
}

/** One table column: its header and how a row shows in it. */
export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

/** How a cell shows a value: lists joined, objects as compact JSON, nothing as "-". */
export function cellText(value: unknown): string {
  if (value === undefined || value === null || value === "") return "-";
  if (Array.isArray(value)) return value.length === 0 ? "-" : value.map(cellText).join(", ");
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return value.toString();
  return JSON.stringify(value) ?? "-";
}

/**
 * Column widths that fit `width` characters: when the natural widths are too wide, the widest
 * columns give up space first (their cells wrap), none below 6 characters.
 */
export function fitWidths(natural: readonly number[], width: number): number[] {
  // cli-table3 counts each column's two padding spaces in its width, plus one border per column and one.
  const border = natural.length + 1;
  const widths = natural.map((w) => w + 2);
  let excess = widths.reduce((a, b) => a + b, 0) + border - width;
  while (excess > 0) {
    const widest = Math.max(...widths);
    if (widest <= 8) break;
    const i = widths.indexOf(widest);
    const second = Math.max(8, ...widths.filter((_, j) => j !== i));
    const cut = Math.min(excess, Math.max(1, widest - second));
    widths[i] = widest - cut;
    excess -= cut;
  }
  return widths;
}

export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[], style: Style, width: number): string {
  const cells = rows.map((row) => columns.map((c) => cellText(c.value(row))));
  const natural = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? "").length)));
  const widths = fitWidths(natural, width);
  // Wrapping cuts through colour codes, so headers are bold only in tables that fit unwrapped.
  const wraps = widths.some((w, i) => w < (natural[i] ?? 0) + 2);
  const table = new Table({
    head: columns.map((c) => (wraps ? c.header : style.paint("bold", c.header))),
    colWidths: widths,
    wordWrap: wraps,
    wrapOnWordBoundary: false,
    // cli-table3 colours headers itself; colour is ours to decide (TTY, NO_COLOR).
    style: { head: [], border: [] },
    // No rule between rows: long lists stay readable.
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  table.push(...cells);
  return table.toString();
}

/** Renders a command's result: JSON and YAML give the data itself, a table the columns. */
export function render<T>(
  data: T | readonly T[],
  format: OutputFormat,
  columns: readonly Column<T>[],
  style: Style,
  width: number,
): string {
  if (format === "json") return JSON.stringify(data, null, 2);
  if (format === "yaml") return stringify(data).trimEnd();
  const rows = Array.isArray(data) ? (data as readonly T[]) : [data as T];
  if (rows.length === 0) return "(none)";
  return renderTable(rows, columns, style, width);
}
