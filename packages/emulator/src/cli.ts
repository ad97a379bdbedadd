#!/usr/bin/env node
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { listFronts } from "./fronts/registry.js";
import { startEmulator } from "./server.js";
import type { EmulatorOptions, RunningEmulator } from "./server.js";

const usage = `Usage: cloud-barista-emulator [--time-scale N] [--seed N] [--front NAME]... [--port NAME=PORT]...

Serves one emulated multi-cloud world on 127.0.0.1 over every front (or the --front ones), and prints
how to connect. --port aws=4566 fixes a front's port (default: a free one).`;

/** Reads the command line into emulator options; a bad value is an error naming the flag. */
export function parseEmulatorArgs(argv: readonly string[]): EmulatorOptions | "help" {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      "time-scale": { type: "string" },
      seed: { type: "string" },
      front: { type: "string", multiple: true },
      port: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) return "help";
  const number = (flag: string, text: string | undefined, min: number, max: number): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || n > max)
      throw new Error(`--${flag} must be a number from ${min} to ${max}, got "${text}"`);
    return n;
  };
  const ports: Record<string, number> = {};
  for (const text of values.port ?? []) {
    const [, name, port] = /^([a-z0-9-]+)=(.*)$/.exec(text) ?? [];
    if (name === undefined) throw new Error(`--port must be NAME=PORT (e.g. aws=4566), got "${text}"`);
    ports[name] = number(`port ${name}`, port, 0, 65535) ?? 0;
  }
  const timeScale = number("time-scale", values["time-scale"], 0.001, 10_000);
  const seed = number("seed", values.seed, 0, Number.MAX_SAFE_INTEGER);
  return {
    ports,
    ...(values.front === undefined ? {} : { fronts: values.front }),
    ...(timeScale === undefined ? {} : { timeScale }),
    ...(seed === undefined ? {} : { seed }),
  };
}

/** What the CLI prints: each front's endpoint, credential and region, ready to paste into configs. */
export function describeEmulator(e: RunningEmulator): string {
  const pairs = (values: string | Readonly<Record<string, string>>): string =>
    typeof values === "string"
      ? values
      : Object.entries(values)
          // A multi-line value (a PEM private key) prints on one line, escaped as in a JSON key file.
          .map(([key, value]) => `${key}=${value.includes("\n") ? JSON.stringify(value) : value}`)
          .join("  ");
  const fronts = Object.values(e.fronts).flatMap((front) => [
    "",
    `${front.provider} (${front.name})  ${front.endpoint}  account ${front.account}`,
    `  credential           ${pairs(front.credential)}`,
    ...(front.connectionEndpoint === undefined ? [] : [`  connection endpoint  ${pairs(front.connectionEndpoint)}`]),
    `  region               ${front.region}${front.zone === undefined ? "" : `  zone ${front.zone}`}`,
    `  use                  ${front.usage}`,
    // An HTTPS front's own certificate, for the client's trust store (e.g. NODE_EXTRA_CA_CERTS=file).
    ...(front.caCertificate === undefined
      ? []
      : ["  certificate (trust it in your client):", front.caCertificate.trimEnd()]),
  ]);
  const lines = [
    "Cloud-Barista emulator: one simulated world, on loopback only.",
    ...fronts,
    "",
    "Press Ctrl-C to stop.",
  ];
  return lines.join("\n");
}

async function main(): Promise<void> {
  const fail = (error: unknown, exitCode: number, hint = ""): void => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${hint}`);
    process.exitCode = exitCode;
  };
  let options: EmulatorOptions | "help";
  try {
    options = parseEmulatorArgs(process.argv.slice(2));
  } catch (error) {
    return fail(error, 2, `\n${usage}\n`);
  }
  if (options === "help") {
    const fronts = (await listFronts()).map((f) => `  ${f.name.padEnd(10)} ${f.provider}: ${f.description}`);
    process.stdout.write(`${usage}\n\nFronts:\n${fronts.join("\n")}\n`);
    return;
  }
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    return fail(error, 1);
  }
  process.stdout.write(`${describeEmulator(emulator)}\n`);
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
