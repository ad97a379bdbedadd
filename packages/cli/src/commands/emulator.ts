import { rmSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { BaristaError } from "@cloud-barista/core";
import type { StartedFront } from "@cloud-barista/emulator";
import type { RunningEmulator } from "@cloud-barista/emulator/server";
import type { Command } from "commander";
import { UsageError } from "../exit-codes.js";
import type { CliPaths } from "../paths.js";
import type { DriverEntry } from "../profile.js";
import { profileFiles, profileName, readProfiles, updateProfile } from "../profile.js";
import { openSession } from "../session.js";
import type { CliAction } from "./action.js";
import { repeatable } from "./action.js";

/**
 * The accounts behind the fronts: one GUID (it is also the Azure subscription id), except GCP's, a
 * project id, and Alibaba's and Tencent's, numeric account ids.
 */
const accounts = {
  account: "c1b4e5a0-0000-4000-8000-0000000000cb",
  accounts: { gcp: "cb-emulated-project", alibaba: "5000000000000001", tencent: "100000000001" },
};

/** The driver entry reaching a front: the mock driver over its HTTP front, Azure trusting the front's CA. */
function driverFor(front: StartedFront, caDir: string): DriverEntry {
  if (front.provider === "MOCK") return { name: front.name, provider: "MOCK", options: { endpoint: front.endpoint } };
  if (front.caCertificate !== undefined) {
    const caFile = join(caDir, `${front.name}-ca.pem`);
    writeFileSync(caFile, front.caCertificate, { mode: 0o600 });
    return { name: front.name, provider: front.provider, options: { caFile } };
  }
  return { name: front.name, provider: front.provider };
}

function number(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got "${text}"`);
  return n;
}

/**
 * Points the profile `name` at a running emulator: a driver and a connection named after each
 * front, in the profile's store. Also used by tests that run the emulator themselves.
 */
export async function writeEmulatorProfile(
  paths: CliPaths,
  name: string,
  emulator: RunningEmulator,
  env: NodeJS.ProcessEnv,
): Promise<StartedFront[]> {
  const { addFrontConnection } = await import("@cloud-barista/emulator");
  mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  const fronts = Object.values(emulator.fronts);
  const drivers = fronts.map((front) => driverFor(front, paths.dataDir));
  updateProfile(paths, name, (profile) => ({ ...profile, emulator: true, drivers }));
  const session = await openSession(paths, name, env);
  try {
    for (const front of fronts) {
      await session.useDriver(front.name);
      await addFrontConnection(session.barista, front, { connection: front.name, driver: front.name });
    }
  } finally {
    await session.close();
  }
  return fronts;
}

export function emulatorCommand(program: Command, action: CliAction): void {
  program
    .command("emulator")
    .description(
      'start the local emulator and write a profile (default "emulator") with a connection per front; Ctrl-C stops it',
    )
    .option("--time-scale <n>", "emulated time runs n times faster (VMs boot sooner)", "1")
    .option("--front <name>", "serve only this front (repeatable; default: all)", repeatable, [])
    .option("--seed <n>", "seed of the emulated world", "1")
    .action(
      action(async (ctx, opts: { timeScale: string; front: string[]; seed: string }) => {
        // Without --profile or CB_PROFILE the emulator gets a profile of its own.
        const flag = (program.opts<{ profile?: string }>().profile ?? ctx.io.env.CB_PROFILE) || "emulator";
        const name = profileName(flag, {});
        const existing = readProfiles(ctx.paths).profiles[name];
        if (existing !== undefined && existing.emulator !== true) {
          throw new BaristaError(
            "Conflict",
            `profile "${name}" is not an emulator profile; pick another with --profile (cb emulator rewrites its profile)`,
          );
        }
        // A new world each start: the profile's old store describes the last one, so it goes.
        const files = profileFiles(ctx.paths, name, existing ?? {});
        for (const suffix of ["", "-wal", "-shm"]) rmSync(`${files.store}${suffix}`, { force: true });
        rmSync(files.sshKeysDir, { recursive: true, force: true });
        const { startEmulator } = await import("@cloud-barista/emulator/server");
        const emulator = await startEmulator({
          timeScale: number("--time-scale", opts.timeScale),
          seed: number("--seed", opts.seed),
          ...accounts,
          ...(opts.front.length > 0 ? { fronts: opts.front } : {}),
        });
        try {
          const fronts = await writeEmulatorProfile(ctx.paths, name, emulator, ctx.io.env);
          ctx.note(
            fronts
              .map((f) => `${f.name.padEnd(10)} ${f.provider.padEnd(10)} ${f.endpoint}  region ${f.region}`)
              .join("\n"),
          );
          ctx.out(`emulator ready: profile ${name}, connections ${fronts.map((f) => f.name).join(", ")}`);
          ctx.note(`use it with: export CB_PROFILE=${name}   (Ctrl-C stops the emulator)`);
          await new Promise<void>((resolve) => {
            if (ctx.signal.aborted) resolve();
            ctx.signal.addEventListener("abort", () => resolve(), { once: true });
            process.once("SIGTERM", () => resolve());
          });
        } finally {
          await emulator.close();
        }
      }),
    );
}
