import { createInterface } from "node:readline/promises";
import type { DestroyReport } from "@cloud-barista/core";
import type { Command } from "commander";
import { UsageError } from "../exit-codes.js";
import type { CliAction } from "./action.js";

/** `cb destroy-all`: deletes everything a connection tracks, after the user types the connection's name. */
export function destroyAllCommand(program: Command, action: CliAction): void {
  program
    .command("destroy-all")
    .description("delete every resource a connection tracks (asks to type the connection name, or --yes)")
    .requiredOption("-c, --connection <name>", "the connection")
    .option("--yes", "do not ask (needed when not on a terminal)")
    .action(
      action(async (ctx, opts: { connection: string; yes?: boolean }) => {
        if (!opts.yes) {
          if (!ctx.io.stdin.isTTY)
            throw new UsageError("destroy-all asks for confirmation: run on a terminal or pass --yes");
          const rl = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr });
          try {
            const answer = await rl.question(
              `This deletes every resource connection ${opts.connection} tracks. Type its name to go on: `,
              { signal: ctx.signal },
            );
            if (answer.trim() !== opts.connection) throw new UsageError("not confirmed: nothing was deleted");
          } finally {
            rl.close();
          }
        }
        const report: DestroyReport = await ctx.withSession(async (session) =>
          (await session.connection(opts.connection)).destroyAll({ abortSignal: ctx.signal }),
        );
        if (ctx.format !== "table") return ctx.show(report, []);
        ctx.show(report.byType, [
          { header: "TYPE", value: (t) => t.resourceType },
          { header: "DELETED", value: (t) => t.deleted },
          { header: "REMAINING", value: (t) => t.remaining.map((f) => `${f.name}: ${f.error}`) },
        ]);
        ctx.note(report.allDestroyed ? "everything destroyed" : "some resources remain (see REMAINING)");
      }),
    );
}
