import { outputFormat } from "./output.js";
import type { Column, OutputFormat } from "./output.js";
import { render } from "./output.js";
import { cliPaths } from "./paths.js";
import type { CliPaths } from "./paths.js";
import { profileName } from "./profile.js";
import { openSession } from "./session.js";
import type { Session } from "./session.js";
import { styleFor } from "./style.js";
import type { Style } from "./style.js";

/** The process around a command: its streams, environment and the abort signal Ctrl-C fires. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

/** The global options every command has. */
export interface GlobalOptions {
  profile?: string;
  output?: string;
  color?: boolean;
}

/** What a command's action works with. */
export class CliContext {
  readonly io: CliIo;
  readonly paths: CliPaths;
  readonly profile: string;
  readonly format: OutputFormat;
  readonly style: Style;
  readonly errStyle: Style;

  constructor(io: CliIo, options: GlobalOptions) {
    this.io = io;
    this.paths = cliPaths(io.env);
    this.profile = profileName(options.profile, io.env);
    this.format = outputFormat(options.output ?? "table");
    this.style = styleFor(io.stdout, io.env, options.color === false);
    this.errStyle = styleFor(io.stderr, io.env, options.color === false);
  }

  get signal(): AbortSignal {
    return this.io.signal;
  }

  /** Terminal width for tables (100 when not a terminal, so piped tables stay the same). */
  get width(): number {
    return this.io.stdout.isTTY && this.io.stdout.columns ? this.io.stdout.columns : 100;
  }

  out(text: string): void {
    this.io.stdout.write(`${text}\n`);
  }

  /** Messages for people (progress, notes): stderr, so stdout stays the data. */
  note(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  show<T>(data: T | readonly T[], columns: readonly Column<T>[]): void {
    this.out(render(data, this.format, columns, this.style, this.width));
  }

  /** Runs `work` on an SDK instance over the profile, closing it afterwards (also on errors). */
  async withSession<R>(work: (session: Session) => Promise<R>): Promise<R> {
    const trace = this.io.env.CB_TRACE_DRIVERS;
    const session = await openSession(this.paths, this.profile, this.io.env, {
      ...(trace ? { onDriverLoaded: (d) => this.note(`driver loaded: ${d.name} (${d.provider})`) } : {}),
    });
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  }
}
