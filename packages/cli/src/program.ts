import { Command, Option } from "commander";
import { actionFor } from "./commands/action.js";
import { completeCommand } from "./commands/complete.js";
import { destroyAllCommand } from "./commands/destroy-all.js";
import { emulatorCommand } from "./commands/emulator.js";
import { historyCommand, mcisCommands } from "./commands/mcis.js";
import { monitorCommands } from "./commands/monitor.js";
import { placeCommand } from "./commands/place.js";
import { remoteCommands } from "./commands/remote.js";
import { resourceChangeCommands } from "./commands/resource-changes.js";
import { resourceCommands } from "./commands/resources.js";
import { connectionCommands, credentialCommands, driverCommands, regionCommands } from "./commands/registration.js";
import { completionScript, completionShells } from "./completion.js";
import type { CliIo } from "./context.js";
import { cliVersion } from "./index.js";
import { outputFormats } from "./output.js";

/** The whole `cb` command tree. */
export function buildProgram(io: CliIo): Command {
  const program = new Command("cb")
    .description("Cloud-Barista: every SDK capability from a terminal")
    .version(cliVersion)
    .addOption(new Option("--profile <name>", "profile to use (default: $CB_PROFILE, else default)"))
    .addOption(new Option("-o, --output <format>", "output format").choices(outputFormats).default("table"))
    .option("--no-color", "no colours (also when NO_COLOR is set or output is not a terminal)")
    .showSuggestionAfterError(true)
    .enablePositionalOptions(false)
    // Set before the subcommands are added: they copy these settings when created.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  const action = actionFor(io);
  driverCommands(program, action);
  credentialCommands(program, action);
  regionCommands(program, action);
  connectionCommands(program, action);
  emulatorCommand(program, action);
  resourceCommands(program, action);
  resourceChangeCommands(program, action);
  mcisCommands(program, action);
  historyCommand(program, action);
  placeCommand(program, action);
  remoteCommands(program, action);
  monitorCommands(program, action);
  destroyAllCommand(program, action);
  completeCommand(program, action);
  program
    .command("completion <shell>")
    .description(`print a shell completion script (${completionShells.join(", ")})`)
    .action(
      action((ctx, shell: string) => {
        ctx.io.stdout.write(completionScript(program, shell));
      }),
    );
  return program;
}
