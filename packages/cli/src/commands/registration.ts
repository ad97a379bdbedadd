import { alreadyExists, isProviderName, notFound, providerNames } from "@cloud-barista/core";
import type { ConnectionConfig, CredentialSummary, ProviderName, RegionConfig } from "@cloud-barista/core";
import type { Command } from "commander";
import { BaristaError } from "@cloud-barista/core";
import { createDriver } from "../drivers.js";
import { UsageError } from "../exit-codes.js";
import type { DriverEntry } from "../profile.js";
import { readProfiles, updateProfile } from "../profile.js";
import { credentialValuesFromEnv, credentialValuesFromFile, credentialValuesFromPrompt } from "../secrets.js";
import type { CliAction } from "./action.js";
import { keyValues, repeatable } from "./action.js";

function provider(value: string): ProviderName {
  const upper = value.toUpperCase();
  if (!isProviderName(upper)) throw new UsageError(`--provider must be one of ${providerNames.join(", ")}`);
  return upper;
}

const driverColumns = [
  { header: "NAME", value: (d: DriverEntry) => d.name },
  { header: "PROVIDER", value: (d: DriverEntry) => d.provider },
  { header: "OPTIONS", value: (d: DriverEntry) => Object.entries(d.options ?? {}).map(([k, v]) => `${k}=${v}`) },
];
const credentialColumns = [
  { header: "NAME", value: (c: CredentialSummary) => c.name },
  { header: "PROVIDER", value: (c: CredentialSummary) => c.provider },
  { header: "KEYS", value: (c: CredentialSummary) => c.keys },
  { header: "CREATED", value: (c: CredentialSummary) => c.createdAt.toISOString() },
];
const regionColumns = [
  { header: "NAME", value: (r: RegionConfig) => r.name },
  { header: "PROVIDER", value: (r: RegionConfig) => r.provider },
  { header: "REGION", value: (r: RegionConfig) => r.region },
  { header: "ZONE", value: (r: RegionConfig) => r.zone },
];
const connectionColumns = [
  { header: "NAME", value: (c: ConnectionConfig) => c.name },
  { header: "DRIVER", value: (c: ConnectionConfig) => c.driver },
  { header: "CREDENTIAL", value: (c: ConnectionConfig) => c.credential },
  { header: "REGION", value: (c: ConnectionConfig) => c.region },
  { header: "ENDPOINT", value: (c: ConnectionConfig) => c.endpoint },
];

/** `cb driver ...`: drivers live in the profile (the SDK keeps them in memory), registered on every run. */
export function driverCommands(program: Command, action: CliAction): void {
  const driver = program.command("driver").description("drivers of the profile, by provider name");
  driver
    .command("add <name>")
    .description(`register a driver (providers: ${providerNames.join(", ")})`)
    .requiredOption("--provider <provider>", "the cloud the driver is for")
    .option("--option <key=value>", "a driver setting (MOCK: endpoint; AZURE: caFile)", repeatable, [])
    .action(
      action(async (ctx, name: string, opts: { provider: string; option: string[] }) => {
        const entry: DriverEntry = { name, provider: provider(opts.provider) };
        const options = keyValues("--option", opts.option);
        if (Object.keys(options).length > 0) entry.options = options;
        await createDriver(entry.provider, entry.options); // refuses unknown options before anything is written
        updateProfile(ctx.paths, ctx.profile, (profile) => {
          if ((profile.drivers ?? []).some((d) => d.name === name)) throw alreadyExists("driver", name);
          return { ...profile, drivers: [...(profile.drivers ?? []), entry] };
        });
        ctx.show(entry, driverColumns);
      }),
    );
  driver
    .command("list")
    .description("list the profile's drivers")
    .action(action((ctx) => ctx.show(readProfiles(ctx.paths).profiles[ctx.profile]?.drivers ?? [], driverColumns)));
  driver
    .command("get <name>")
    .description("show one driver")
    .action(
      action((ctx, name: string) => {
        const found = readProfiles(ctx.paths).profiles[ctx.profile]?.drivers?.find((d) => d.name === name);
        if (!found) throw notFound("driver", name);
        ctx.show(found, driverColumns);
      }),
    );
  driver
    .command("remove <name>")
    .description("remove a driver no connection uses")
    .action(
      action(async (ctx, name: string) => {
        const users = await ctx.withSession(async ({ barista }) =>
          (await barista.connections.list()).filter((c) => c.driver === name).map((c) => c.name),
        );
        if (users.length > 0) {
          throw new BaristaError("Conflict", `driver "${name}" is used by connection(s) ${users.join(", ")}`);
        }
        updateProfile(ctx.paths, ctx.profile, (profile) => {
          if (!(profile.drivers ?? []).some((d) => d.name === name)) throw notFound("driver", name);
          return { ...profile, drivers: (profile.drivers ?? []).filter((d) => d.name !== name) };
        });
        ctx.note(`driver ${name} removed`);
      }),
    );
}

export function credentialCommands(program: Command, action: CliAction): void {
  const credential = program
    .command("credential")
    .description("credentials, sealed in the store; values never shown and never taken from arguments");
  credential
    .command("add <name>")
    .description("register a credential: values from --from-file, --from-env (CB_CRED_<KEY>) or a prompt")
    .requiredOption("--provider <provider>", "the cloud the credential is for")
    .option("--from-file <file>", "YAML or JSON mapping of credential keys to values")
    .option("--from-env", "read each key from CB_CRED_<KEY> (accessKeyId: CB_CRED_ACCESS_KEY_ID)")
    .action(
      action(async (ctx, name: string, opts: { provider: string; fromFile?: string; fromEnv?: boolean }) => {
        const cloud = provider(opts.provider);
        if (opts.fromFile !== undefined && opts.fromEnv)
          throw new UsageError("give --from-file or --from-env, not both");
        const summary = await ctx.withSession(async ({ barista, useProvider }) => {
          await useProvider(cloud);
          const keys = async () => {
            const registered = barista.drivers.byProvider(cloud);
            if (registered) return registered.credentialKeys;
            if (cloud === "MOCK") return { required: ["mockName"] };
            return (await createDriver(cloud)).credentialKeys;
          };
          let values: Record<string, string>;
          if (opts.fromFile !== undefined) values = credentialValuesFromFile(opts.fromFile);
          else if (opts.fromEnv) values = credentialValuesFromEnv(await keys(), ctx.io.env);
          else if (ctx.io.stdin.isTTY) values = await credentialValuesFromPrompt(await keys(), ctx.signal);
          else
            throw new UsageError(
              "no credential values: give --from-file or --from-env, or run on a terminal to be asked",
            );
          return barista.credentials.add({ name, provider: cloud, values });
        });
        ctx.show(summary, credentialColumns);
      }),
    );
  credential
    .command("list")
    .description("list credentials (names and keys only)")
    .action(
      action(async (ctx) =>
        ctx.show(await ctx.withSession(({ barista }) => barista.credentials.list()), credentialColumns),
      ),
    );
  credential
    .command("get <name>")
    .description("show a credential's provider and keys")
    .action(
      action(async (ctx, name: string) =>
        ctx.show(await ctx.withSession(({ barista }) => barista.credentials.get(name)), credentialColumns),
      ),
    );
  credential
    .command("remove <name>")
    .description("remove a credential no connection uses")
    .action(
      action(async (ctx, name: string) => {
        await ctx.withSession(({ barista }) => barista.credentials.remove(name));
        ctx.note(`credential ${name} removed`);
      }),
    );
}

export function regionCommands(program: Command, action: CliAction): void {
  const region = program.command("region").description("region configs: a cloud's region (and zone) under a name");
  region
    .command("add <name>")
    .description("register a region config")
    .requiredOption("--provider <provider>", "the cloud")
    .requiredOption("--region <region>", "the cloud's region name, e.g. ap-northeast-2")
    .option("--zone <zone>", "the zone new resources go to")
    .action(
      action(async (ctx, name: string, opts: { provider: string; region: string; zone?: string }) => {
        const config: RegionConfig = { name, provider: provider(opts.provider), region: opts.region };
        if (opts.zone !== undefined) config.zone = opts.zone;
        ctx.show(await ctx.withSession(({ barista }) => barista.regions.add(config)), regionColumns);
      }),
    );
  region
    .command("list")
    .description("list region configs")
    .action(
      action(async (ctx) => ctx.show(await ctx.withSession(({ barista }) => barista.regions.list()), regionColumns)),
    );
  region
    .command("get <name>")
    .description("show a region config")
    .action(
      action(async (ctx, name: string) =>
        ctx.show(await ctx.withSession(({ barista }) => barista.regions.get(name)), regionColumns),
      ),
    );
  region
    .command("remove <name>")
    .description("remove a region config no connection uses")
    .action(
      action(async (ctx, name: string) => {
        await ctx.withSession(({ barista }) => barista.regions.remove(name));
        ctx.note(`region ${name} removed`);
      }),
    );
}

export function connectionCommands(program: Command, action: CliAction): void {
  const connection = program.command("connection").description("connections: a driver, a credential and a region");
  connection
    .command("add <name>")
    .description("register a connection")
    .requiredOption("--driver <driver>", "a driver of the profile")
    .requiredOption("--credential <credential>", "a credential name")
    .requiredOption("--region <region>", "a region config name")
    .option("--endpoint <url|service=url>", "endpoint override (repeat service=url for several)", repeatable, [])
    .option("--no-derive-cloud-names", "send names to the cloud unchanged")
    .action(
      action(
        async (
          ctx,
          name: string,
          opts: { driver: string; credential: string; region: string; endpoint: string[]; deriveCloudNames: boolean },
        ) => {
          const config: ConnectionConfig = {
            name,
            driver: opts.driver,
            credential: opts.credential,
            region: opts.region,
          };
          if (opts.endpoint.length === 1 && !opts.endpoint[0]?.includes("=")) config.endpoint = opts.endpoint[0];
          else if (opts.endpoint.length > 0) config.endpoint = keyValues("--endpoint", opts.endpoint);
          if (!opts.deriveCloudNames) config.deriveCloudNames = false;
          ctx.show(
            await ctx.withSession(async ({ barista, useDriver }) => {
              await useDriver(config.driver);
              return barista.connections.add(config);
            }),
            connectionColumns,
          );
        },
      ),
    );
  connection
    .command("list")
    .description("list connections")
    .action(
      action(async (ctx) =>
        ctx.show(await ctx.withSession(({ barista }) => barista.connections.list()), connectionColumns),
      ),
    );
  connection
    .command("get <name>")
    .description("show a connection")
    .action(
      action(async (ctx, name: string) =>
        ctx.show(await ctx.withSession(({ barista }) => barista.connections.get(name)), connectionColumns),
      ),
    );
  connection
    .command("remove <name>")
    .description("remove a connection that tracks no resources (--force forgets them, leaving them in the cloud)")
    .option("--force", "forget tracked resources")
    .action(
      action(async (ctx, name: string, opts: { force?: boolean }) => {
        await ctx.withSession(({ barista }) => barista.connections.remove(name, { force: opts.force === true }));
        ctx.note(`connection ${name} removed`);
      }),
    );
}
