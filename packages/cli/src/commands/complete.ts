import type { Command } from "commander";
import { completionKinds } from "../completion.js";
import type { CompletionKind } from "../completion.js";
import { UsageError } from "../exit-codes.js";
import { readProfiles } from "../profile.js";
import type { CliAction } from "./action.js";

// The store keys of core's tracked resources (iid/<connection>/<type>/<owner>/<name>) and of
// MCIS records (mcis/head/<namespace>/<name>): read directly, so listing names loads no driver.
const resourceTypes: Partial<Record<CompletionKind, string>> = {
  vpc: "vpc",
  sg: "securityGroup",
  keypair: "keyPair",
  vm: "vm",
  disk: "disk",
  myimage: "myImage",
  nlb: "nlb",
};

/** `cb __complete KIND`: names for the completion scripts, one per line (hidden). */
export function completeCommand(program: Command, action: CliAction): void {
  program
    .command("__complete <kind>", { hidden: true })
    .option("-c, --connection <name>", "only this connection's resources")
    .option("-n, --namespace <namespace>", "the MCIS namespace", "default")
    .action(
      action(async (ctx, kind: string, opts: { connection?: string; namespace: string }) => {
        if (!(completionKinds as readonly string[]).includes(kind)) {
          throw new UsageError(`__complete: kind must be one of ${completionKinds.join(", ")}`);
        }
        const profiles = readProfiles(ctx.paths).profiles;
        let names: string[];
        if (kind === "profile") names = Object.keys(profiles);
        else if (kind === "driver") names = (profiles[ctx.profile]?.drivers ?? []).map((d) => d.name);
        else {
          names = await ctx.withSession(async ({ barista, store }) => {
            if (kind === "credential") return (await barista.credentials.list()).map((c) => c.name);
            if (kind === "region") return (await barista.regions.list()).map((r) => r.name);
            if (kind === "connection") return (await barista.connections.list()).map((c) => c.name);
            if (kind === "mcis") {
              return (await store.list(`mcis/head/${opts.namespace}/`)).map((e) => e.key.split("/").pop() ?? "");
            }
            const type = resourceTypes[kind as CompletionKind];
            const connection = opts.connection ?? ctx.io.env.CB_CONNECTION;
            const prefix = connection ? `iid/${connection}/` : "iid/";
            return (await store.list(prefix))
              .map((e) => e.key.split("/"))
              .filter((parts) => parts[2] === type)
              .map((parts) => parts[4] ?? "");
          });
        }
        const unique = [...new Set(names.filter((n) => n !== ""))].sort();
        if (unique.length > 0) ctx.out(unique.join("\n"));
      }),
    );
}
