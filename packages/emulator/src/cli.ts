#!/usr/bin/env node
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { startEmulator } from "./server.js";
import type { EmulatorOptions, RunningEmulator } from "./server.js";

const usage = `Usage: cloud-barista-emulator [--time-scale N] [--seed N] [--aws-port P] [--openstack-port P] [--mock-port P]

Serves one emulated multi-cloud world on 127.0.0.1 over the AWS (EC2, ELBv2, Pricing), OpenStack
(Keystone, Nova, Glance, Neutron, Cinder, Octavia) and mock fronts, and prints how to connect.`;

/** Reads the command line into emulator options; a bad value is an error naming the flag. */
export function parseEmulatorArgs(argv: readonly string[]): EmulatorOptions | "help" {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      "time-scale": { type: "string" },
      seed: { type: "string" },
      "aws-port": { type: "string" },
      "openstack-port": { type: "string" },
      "mock-port": { type: "string" },
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
  const port = (flag: string, text: string | undefined): number | undefined => number(flag, text, 0, 65535);
  const ports = {
    ...(values["aws-port"] === undefined ? {} : { aws: port("aws-port", values["aws-port"]) }),
    ...(values["openstack-port"] === undefined ? {} : { openstack: port("openstack-port", values["openstack-port"]) }),
    ...(values["mock-port"] === undefined ? {} : { mock: port("mock-port", values["mock-port"]) }),
  };
  const timeScale = number("time-scale", values["time-scale"], 0.001, 10_000);
  const seed = number("seed", values.seed, 0, Number.MAX_SAFE_INTEGER);
  return { ports, ...(timeScale === undefined ? {} : { timeScale }), ...(seed === undefined ? {} : { seed }) };
}

/** What the CLI prints: endpoints and credentials, ready to paste into connection configs. */
export function describeEmulator(e: RunningEmulator): string {
  return [
    "Cloud-Barista emulator: one simulated world, on loopback only.",
    "",
    `AWS        endpoint ${e.aws.endpoint}  (driver-aws: connection endpoint)`,
    `           accessKeyId ${e.aws.accessKeyId}  secretAccessKey ${e.aws.secretAccessKey}`,
    `OpenStack  authUrl ${e.openstack.authUrl}`,
    `           username ${e.openstack.username}  password ${e.openstack.password}  projectName ${e.openstack.projectName}  (domains ${e.openstack.userDomainName})`,
    `MOCK       endpoint ${e.mock.endpoint}  (createMockDriver({ endpoint }), credential mockName ${e.mock.mockName})`,
    "",
    "Press Ctrl-C to stop.",
  ].join("\n");
}

async function main(): Promise<void> {
  let options: EmulatorOptions | "help";
  try {
    options = parseEmulatorArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    process.exitCode = 2;
    return;
  }
  if (options === "help") {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const emulator = await startEmulator(options);
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
