import type { McisProgressEvent } from "@cloud-barista/mcis";
import { createLogUpdate } from "log-update";
import type { CliContext } from "./context.js";

/** `[########------------]  3/8` */
export function progressBar(e: Pick<McisProgressEvent, "done" | "failed" | "total">, width = 20): string {
  const finished = e.done + e.failed;
  const filled = Math.round((finished / Math.max(1, e.total)) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(finished).padStart(3)}/${e.total}`;
}

/** One plain line per event, for logs and pipes. */
export function progressLine(e: McisProgressEvent): string {
  const where = `${e.connection}${e.zone ? `/${e.zone}` : ""}`;
  const reason = e.reason ? ` (${e.reason.code}: ${e.reason.message})` : "";
  return `${e.action} ${progressBar(e)}  ${e.vmId} ${e.type} ${e.status} ${where}${reason}`;
}

/**
 * Shows an MCIS operation's progress on stderr: on a terminal a bar and one status line per VM,
 * redrawn in place; otherwise one line per event. JSON and YAML output are unaffected (stdout).
 */
export function progressView(ctx: CliContext): { listener: (e: McisProgressEvent) => void; done: () => void } {
  // A terminal of no size (some pseudo-terminals) cannot hold a redrawn block: plain lines then.
  const rows = (ctx.io.stderr as { rows?: number }).rows;
  if (!ctx.io.stderr.isTTY || !rows) {
    return { listener: (e) => ctx.note(progressLine(e)), done: () => undefined };
  }
  const update = createLogUpdate(ctx.io.stderr, { showCursor: true });
  const vms = new Map<string, McisProgressEvent>();
  let last: McisProgressEvent | undefined;
  const paint = ctx.errStyle.paint;
  // Padded before painting: colour codes take no columns.
  const colour = (status: string): string =>
    paint(
      status === "Running" || status === "Terminated" ? "green" : status === "Failed" ? "red" : "yellow",
      status.padEnd(12),
    );
  return {
    listener: (e) => {
      vms.set(e.vmId, e);
      last = e;
      const lines = [...vms.values()].map(
        (v) =>
          `  ${v.vmId.padEnd(12)} ${colour(v.status)} ${v.connection}${v.zone ? `/${v.zone}` : ""}${v.reason ? `  ${v.reason.code}: ${v.reason.message}` : ""}`,
      );
      update([`${e.action} ${progressBar(last)}`, ...lines].join("\n"));
    },
    done: () => update.done(),
  };
}
