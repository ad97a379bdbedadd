import { isBaristaError } from "@cloud-barista/core";
import type { CloudBarista } from "@cloud-barista/core";
import type { McisInfo, McisPlan, McisService, McisStatusInfo } from "@cloud-barista/mcis";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { UsageError } from "../exit-codes.js";
import type { Column } from "../output.js";
import { progressView } from "../progress.js";
import { readRequestFile } from "../request-file.js";
import type { CliAction } from "./action.js";
import { withMcis } from "./with-mcis.js";

type NsOpts = { namespace: string };

const mcisColumns: Column<McisInfo>[] = [
  { header: "NAMESPACE", value: (m) => m.namespace },
  { header: "NAME", value: (m) => m.name },
  { header: "STATUS", value: (m) => m.status },
  { header: "VMS", value: (m) => m.vms.map((v) => `${v.id} ${v.status} ${v.connection}`) },
];
const statusColumns: Column<McisStatusInfo["vms"][number]>[] = [
  { header: "VM", value: (v) => v.id },
  { header: "SUB-GROUP", value: (v) => v.subGroup },
  { header: "CONNECTION", value: (v) => v.connection },
  { header: "STATUS", value: (v) => v.status },
  { header: "TARGET", value: (v) => `${v.targetAction} -> ${v.targetStatus}` },
  { header: "REASON", value: (v) => (v.reason ? `${v.reason.code}: ${v.reason.message}` : undefined) },
];

/**
 * Runs an MCIS operation with progress; on Ctrl-C (an abort) reports which VMs the MCIS holds
 * and in what state, so nothing is left unknown, and how to remove them.
 */
async function withProgress<T>(
  ctx: CliContext,
  mcis: McisService,
  ref: { namespace: string; name: string },
  run: (onProgress: ReturnType<typeof progressView>["listener"]) => Promise<T>,
): Promise<T> {
  const view = progressView(ctx);
  try {
    return await run(view.listener);
  } catch (error) {
    if (ctx.signal.aborted || isBaristaError(error, "Aborted")) {
      view.done();
      try {
        const left = await mcis.status(ref);
        ctx.note(
          `interrupted: MCIS ${ref.namespace}/${ref.name} is ${left.status}; its VMs are tracked:\n` +
            left.vms.map((v) => `  ${v.id} ${v.status} ${v.connection}`).join("\n") +
            `\nremove them with: cb mcis delete ${ref.name} -n ${ref.namespace} --terminate`,
        );
      } catch {
        ctx.note(`interrupted before MCIS ${ref.namespace}/${ref.name} was recorded: nothing was made`);
      }
    }
    throw error;
  } finally {
    view.done();
  }
}

function showCreated(ctx: CliContext, result: McisInfo | McisPlan): void {
  if ("vms" in result && "status" in result) ctx.show(result, mcisColumns);
  else ctx.show(result as never, []); // a dry run's plan: JSON or YAML shows it whole
}

/** The namespace and name a request names, both strings. */
function refOf(request: Record<string, unknown>): { namespace: string; name: string } {
  const { namespace, name } = request;
  if (typeof name !== "string") throw new UsageError("give the MCIS a name");
  if (typeof namespace !== "string") throw new UsageError("the namespace must be a string");
  return { namespace, name };
}

function subGroupConnections(request: Record<string, unknown>): string[] {
  const groups = request.subGroups;
  if (!Array.isArray(groups)) throw new UsageError("the request needs subGroups (a list)");
  return groups.map((g) => String((g as { connection?: unknown }).connection));
}

export function mcisCommands(program: Command, action: CliAction): void {
  const mcis = program.command("mcis").description("multi-cloud infrastructure services: groups of VMs over clouds");
  const ns = (command: Command): Command =>
    command.option("-n, --namespace <namespace>", "the MCIS namespace", "default");

  const create = ns(
    mcis
      .command("create")
      .description("create an MCIS from -f FILE (an McisCreateRequest), or `create dynamic` from specs and images")
      .option("-f, --file <file>", "McisCreateRequest as YAML or JSON")
      .option("--name <name>", "MCIS name (overrides the file's)")
      .option("--dry-run", "plan only: show what would be made"),
  ).action(
    action(async (ctx, opts: NsOpts & { file?: string; name?: string; dryRun?: boolean }) => {
      if (opts.file === undefined) throw new UsageError("give -f FILE, or use `cb mcis create dynamic`");
      const request = { namespace: opts.namespace, ...readRequestFile(opts.file) } as Record<string, unknown>;
      if (opts.name !== undefined) request.name = opts.name;
      if (opts.dryRun) request.dryRun = true;
      const ref = refOf(request);
      const result = await withMcis(ctx, subGroupConnections(request), (service) =>
        withProgress(ctx, service, ref, (onProgress) =>
          service.create(request as never, { abortSignal: ctx.signal, onProgress }),
        ),
      );
      showCreated(ctx, result);
    }),
  );
  ns(
    create
      .command("dynamic [name]")
      .description("create an MCIS from specs and images (one sub-group by flags, or -f FILE: an McisDynamicRequest)")
      .option("-f, --file <file>", "McisDynamicRequest as YAML or JSON")
      .option("-c, --connection <name>", "the sub-group's connection")
      .option("--spec <spec>", "spec name")
      .option("--image <image>", "image id, name or OS text (e.g. 'ubuntu 24.04')")
      .option("--size <n>", "number of VMs", "1")
      .option("--sub-group <name>", "sub-group name", "g1"),
  ).action(
    action(
      async (
        ctx,
        name: string | undefined,
        opts: NsOpts & {
          file?: string;
          connection?: string;
          spec?: string;
          image?: string;
          size: string;
          subGroup: string;
        },
      ) => {
        const request: Record<string, unknown> = opts.file
          ? { namespace: opts.namespace, ...readRequestFile(opts.file) }
          : {
              namespace: opts.namespace,
              subGroups: [
                {
                  name: opts.subGroup,
                  connection: opts.connection,
                  spec: opts.spec,
                  image: opts.image,
                  size: Number(opts.size),
                },
              ],
            };
        if (name !== undefined) request.name = name;
        const ref = refOf(request);
        const result = await withMcis(ctx, subGroupConnections(request), (service) =>
          withProgress(ctx, service, ref, (onProgress) =>
            service.createDynamic(request as never, { abortSignal: ctx.signal, onProgress }),
          ),
        );
        showCreated(ctx, result);
      },
    ),
  );

  ns(mcis.command("list").description("list the MCIS of a namespace")).action(
    action(async (ctx, opts: NsOpts) => {
      ctx.show(
        await withMcis(ctx, { namespace: opts.namespace }, (s) => s.list(opts.namespace, { abortSignal: ctx.signal })),
        mcisColumns,
      );
    }),
  );
  ns(mcis.command("get <name>").description("show an MCIS and its VMs")).action(
    action(async (ctx, name: string, opts: NsOpts) => {
      const info = await withMcis(ctx, { namespace: opts.namespace, name }, (s) =>
        s.get({ namespace: opts.namespace, name }, { abortSignal: ctx.signal }),
      );
      ctx.show(info, mcisColumns);
    }),
  );
  ns(mcis.command("status <name>").description("the MCIS status and each VM's")).action(
    action(async (ctx, name: string, opts: NsOpts) => {
      const status = await withMcis(ctx, { namespace: opts.namespace, name }, (s) =>
        s.status({ namespace: opts.namespace, name }, { abortSignal: ctx.signal }),
      );
      if (ctx.format !== "table") return ctx.show(status, []);
      ctx.out(`MCIS ${status.namespace}/${status.name}: ${status.status}`);
      ctx.show(status.vms, statusColumns);
    }),
  );
  ns(mcis.command("access <name>").description("how to reach each VM: addresses, SSH port, user, key pair")).action(
    action(async (ctx, name: string, opts: NsOpts) => {
      const access = await withMcis(ctx, { namespace: opts.namespace, name }, (s) =>
        s.accessInfo({ namespace: opts.namespace, name }, { abortSignal: ctx.signal }),
      );
      if (ctx.format !== "table") return ctx.show(access, []);
      ctx.show(
        access.subGroups.flatMap((g) => g.vms),
        [
          { header: "VM", value: (v) => v.vmId },
          { header: "STATUS", value: (v) => v.status },
          { header: "PUBLIC IP", value: (v) => v.publicIp },
          { header: "PRIVATE IP", value: (v) => v.privateIp },
          { header: "SSH PORT", value: (v) => v.sshPort },
          { header: "USER", value: (v) => v.user },
          { header: "KEY PAIR", value: (v) => `${v.keyPair.connection}/${v.keyPair.name}` },
        ],
      );
    }),
  );
  for (const verb of ["suspend", "resume", "reboot", "terminate"] as const) {
    ns(mcis.command(`${verb} <name>`).description(`${verb} the MCIS (or one sub-group or VM)`))
      .option("--sub-group <name>", "only this sub-group")
      .option("--vm <id>", "only this VM")
      .action(
        action(async (ctx, name: string, opts: NsOpts & { subGroup?: string; vm?: string }) => {
          const target = {
            namespace: opts.namespace,
            name,
            ...(opts.subGroup === undefined ? {} : { subGroup: opts.subGroup }),
            ...(opts.vm === undefined ? {} : { vm: opts.vm }),
          };
          const info = await withMcis(ctx, target, (s) =>
            withProgress(ctx, s, target, (onProgress) => s[verb](target, { abortSignal: ctx.signal, onProgress })),
          );
          ctx.show(info, mcisColumns);
        }),
      );
  }
  ns(mcis.command("scale-out <name>").description("add VMs to a sub-group"))
    .requiredOption("--sub-group <name>", "the sub-group")
    .requiredOption("--count <n>", "how many VMs to add")
    .action(
      action(async (ctx, name: string, opts: NsOpts & { subGroup: string; count: string }) => {
        const ref = { namespace: opts.namespace, name };
        const info = await withMcis(ctx, ref, (s) =>
          withProgress(ctx, s, ref, (onProgress) =>
            s.scaleOut({ ...ref, subGroup: opts.subGroup }, Number(opts.count), {
              abortSignal: ctx.signal,
              onProgress,
            }),
          ),
        );
        ctx.show(info, mcisColumns);
      }),
    );
  ns(mcis.command("delete <name>").description("delete the MCIS (its VMs must be terminated, or pass --terminate)"))
    .option("--terminate", "terminate running VMs first")
    .option("--sub-group <name>", "only this sub-group")
    .option("--vm <id>", "only this VM")
    .action(
      action(async (ctx, name: string, opts: NsOpts & { terminate?: boolean; subGroup?: string; vm?: string }) => {
        const target = {
          namespace: opts.namespace,
          name,
          ...(opts.subGroup === undefined ? {} : { subGroup: opts.subGroup }),
          ...(opts.vm === undefined ? {} : { vm: opts.vm }),
        };
        await withMcis(ctx, target, (s) =>
          withProgress(ctx, s, target, (onProgress) =>
            s.delete(target, { abortSignal: ctx.signal, onProgress, terminate: opts.terminate === true }),
          ),
        );
        ctx.note(
          `MCIS ${opts.namespace}/${name}${opts.subGroup ? ` sub-group ${opts.subGroup}` : ""}${opts.vm ? ` VM ${opts.vm}` : ""} deleted`,
        );
      }),
    );
}

/** `cb history`: call counts, errors and latency percentiles, per provider and API. */
export function historyCommand(program: Command, action: CliAction): void {
  program
    .command("history")
    .description("summary of recorded cloud calls, with p50/p95/p99 latency")
    .option("--by <group>", "group by api, provider, connection or resourceType", "api")
    .action(
      action(async (ctx, opts: { by: string }) => {
        if (!["api", "provider", "connection", "resourceType"].includes(opts.by)) {
          throw new UsageError("--by must be api, provider, connection or resourceType");
        }
        const summary = await ctx.withSession(({ barista }: { barista: CloudBarista }) =>
          barista.history.summarize({ groupBy: opts.by as "api" }),
        );
        const rows = Object.entries(summary).map(([key, s]) => ({ group: key, ...s }));
        ctx.show(rows, [
          { header: opts.by.toUpperCase(), value: (r) => r.group },
          { header: "CALLS", value: (r) => r.count },
          { header: "ERRORS", value: (r) => r.errorCount },
          { header: "P50 ms", value: (r) => r.elapsedMs.p50 },
          { header: "P95 ms", value: (r) => r.elapsedMs.p95 },
          { header: "P99 ms", value: (r) => r.elapsedMs.p99 },
          { header: "MAX ms", value: (r) => r.elapsedMs.max },
        ]);
      }),
    );
}
