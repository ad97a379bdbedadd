import { isBaristaError } from "@cloud-barista/core";
import type { AgentlessVm, Grouping, InstallResult, MetricQuery, Statistic } from "@cloud-barista/monitor";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { RemoteFailure, UsageError } from "../exit-codes.js";
import { profileFiles, readProfiles } from "../profile.js";
import type { RemoteFlags, RemotePlan } from "../remote-targets.js";
import type { CliAction } from "./action.js";
import { remoteOptions } from "./remote.js";
import { withMcis } from "./with-mcis.js";

const unitMs: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "30s", "5m", "2h", "7d" in milliseconds. */
export function durationMs(flag: string, text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text);
  const ms = match ? Number(match[1]) * (unitMs[match[2] ?? ""] ?? 0) : 0;
  if (ms <= 0) throw new UsageError(`${flag} must be a count and s, m, h or d (e.g. 5m), got "${text}"`);
  return ms;
}

/** The profile's metric store directory (what `cb monitor collect` writes and `cb monitor` reads). */
function metricsDir(ctx: CliContext): string {
  const profile = readProfiles(ctx.paths).profiles[ctx.profile] ?? {};
  return profileFiles(ctx.paths, ctx.profile, profile).metricsDir;
}

function tokenFrom(ctx: CliContext, variable: string | undefined): string | undefined {
  if (variable === undefined) return undefined;
  const token = ctx.io.env[variable];
  if (!token) throw new UsageError(`--token-env ${variable}: the variable is not set`);
  return token;
}

type QueryOpts = {
  namespace: string;
  subGroup?: string;
  vm?: string;
  metric: string;
  field?: string;
  statistic: string;
  since: string;
  step: string;
  groupBy?: string;
};

/** The agents' per-VM settings as targets with identity tags (as the fleet helpers tag them). */
async function agentVms(
  ctx: CliContext,
  name: string,
  opts: RemoteFlags & { namespace: string },
  work: (vms: AgentlessVm[], ssh: RemotePlan["options"]) => Promise<InstallResult[]>,
): Promise<InstallResult[]> {
  return withMcis(ctx, { namespace: opts.namespace, name }, async (mcis, session) => {
    const ref = { namespace: opts.namespace, name };
    const [info, access] = await Promise.all([
      mcis.get(ref, { abortSignal: ctx.signal }),
      mcis.accessInfo(ref, { abortSignal: ctx.signal }),
    ]);
    const { remotePlan } = await import("../remote-targets.js");
    const plan = remotePlan(ctx.paths, session, access, opts);
    for (const vm of plan.skipped) ctx.note(`skipped ${vm.vmId}: ${vm.status}, not Running`);
    if (plan.targets.length === 0) throw new UsageError(`no running VM of MCIS ${opts.namespace}/${name} is chosen`);
    const vms: AgentlessVm[] = [];
    for (const target of plan.targets) {
      const vm = info.vms.find((v) => v.id === target.vmId);
      const connection = await session.barista.connections.get(vm?.connection ?? "");
      const region = await session.barista.regions.get(connection.region);
      vms.push({
        target,
        tags: {
          ns: info.namespace,
          mcis: info.name,
          subgroup: vm?.subGroup ?? "",
          vm: target.vmId,
          provider: region.provider,
          region: region.region,
          ...(vm?.coreName ? { host: vm.coreName } : {}),
        },
      });
    }
    return work(vms, plan.options);
  });
}

function showResults(ctx: CliContext, results: readonly InstallResult[]): void {
  const rows = results.map((r) => ({
    vmId: r.vmId,
    ok: r.ok,
    ...(r.pid === undefined ? {} : { pid: r.pid }),
    ...(r.error === undefined
      ? {}
      : {
          error: {
            code: isBaristaError(r.error) ? r.error.code : "Error",
            message: r.error.message.replace(/\s*\n\s*/g, " "),
          },
        }),
  }));
  ctx.show(rows, [
    { header: "VM", value: (r) => r.vmId },
    { header: "OK", value: (r) => (r.ok ? "yes" : "no") },
    { header: "PID", value: (r) => r.pid },
    { header: "ERROR", value: (r) => r.error && `${r.error.code}: ${r.error.message}` },
  ]);
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    throw new RemoteFailure(
      `failed on ${failed.length} of ${results.length} VMs: ${failed.map((r) => r.vmId).join(", ")}`,
    );
  }
}

export function monitorCommands(program: Command, action: CliAction): void {
  const monitor = program
    .command("monitor")
    .description(
      "metrics of an MCIS's VMs: cb monitor MCIS --metric cpu --field usage_user --since 5m; collect; install-agent",
    )
    .argument("[mcis]", "the MCIS to query")
    .option("-n, --namespace <namespace>", "the MCIS namespace", "default")
    .option("--sub-group <name>", "only this sub-group")
    .option("--vm <id>", "only this VM")
    .option(
      "--metric <name>",
      "cpu, memory, disk, diskio, network, cpufreq, or a measurement (mem, net, system...)",
      "cpu",
    )
    .option("--field <field>", "the measurement's field (default: every field)")
    .option("--statistic <s>", "min, max, avg, last or p95", "avg")
    .option("--since <duration>", "how far back: 30s, 5m, 2h, 7d", "10m")
    .option("--step <duration>", "bucket size", "1m")
    .option("--group-by <g>", "vm, subgroup, mcis or series (default: the target's level)")
    .action(
      action(async (ctx, name: string | undefined, opts: QueryOpts) => {
        if (name === undefined)
          throw new UsageError("give an MCIS: cb monitor NAME (or cb monitor collect|install-agent)");
        const { dragonflyMetrics, isMeasurementName, measurements, openEmbeddedStore } =
          await import("@cloud-barista/monitor");
        const measurement = (dragonflyMetrics as Record<string, string>)[opts.metric] ?? opts.metric;
        if (!isMeasurementName(measurement)) {
          throw new UsageError(
            `--metric: no metric "${opts.metric}"; one of ${Object.keys(dragonflyMetrics).join(", ")} or a measurement`,
          );
        }
        const fields = opts.field === undefined ? Object.keys(measurements[measurement].fields) : [opts.field];
        const stepMs = durationMs("--step", opts.step);
        const now = Date.now();
        const to = Math.floor(now / stepMs) * stepMs + stepMs;
        const from = Math.floor((now - durationMs("--since", opts.since)) / stepMs) * stepMs;
        const target = {
          namespace: opts.namespace,
          name,
          ...(opts.subGroup === undefined ? {} : { subGroup: opts.subGroup }),
          ...(opts.vm === undefined ? {} : { vm: opts.vm }),
        };
        // The store is one process's at a time: while `cb monitor collect` runs this is a Conflict.
        const store = await openEmbeddedStore({ dir: metricsDir(ctx), maintenanceIntervalMs: 0 });
        try {
          const answers = fields.map((field) => {
            const query: MetricQuery = {
              target,
              measurement,
              field,
              statistic: opts.statistic as Statistic,
              from,
              to,
              stepMs,
              ...(opts.groupBy === undefined ? {} : { groupBy: opts.groupBy as Grouping }),
            };
            return { field, series: store.query(query).series };
          });
          if (ctx.format !== "table") {
            return ctx.show({ measurement, statistic: opts.statistic, from, to, stepMs, fields: answers }, []);
          }
          const rows = answers.flatMap(({ field, series }) =>
            series.flatMap((s) => s.points.map(([time, value]) => ({ field, tags: s.tags, time, value }))),
          );
          ctx.show(rows, [
            { header: "TIME", value: (r) => new Date(r.time).toISOString() },
            {
              header: "SERIES",
              value: (r) =>
                Object.entries(r.tags)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(" "),
            },
            { header: "FIELD", value: (r) => r.field },
            { header: opts.statistic.toUpperCase(), value: (r) => Number(r.value.toPrecision(6)) },
          ]);
        } finally {
          await store.close({ snapshot: false });
        }
      }),
    );

  monitor
    .command("collect")
    .description("run the metric collector on the profile's metric store until Ctrl-C (agents push to it)")
    .option("--listen <host:port>", "where to listen", "127.0.0.1:8086")
    .option("--token-env <variable>", "require this variable's value as the agents' bearer token")
    .action(
      action(async (ctx, opts: { listen: string; tokenEnv?: string }) => {
        const at = opts.listen.lastIndexOf(":");
        const port = Number(opts.listen.slice(at + 1));
        if (at <= 0 || !Number.isInteger(port) || port < 0 || port > 65_535) {
          throw new UsageError(`--listen must be HOST:PORT, got "${opts.listen}"`);
        }
        const token = tokenFrom(ctx, opts.tokenEnv);
        const { openEmbeddedStore, startCollector } = await import("@cloud-barista/monitor");
        const store = await openEmbeddedStore({ dir: metricsDir(ctx) });
        try {
          const collector = await startCollector({
            store,
            listen: { host: opts.listen.slice(0, at).replace(/^\[|\]$/g, ""), port },
            ...(token === undefined ? {} : { token }),
          });
          try {
            ctx.out(`collector ready: ${collector.url}`);
            ctx.note("agents push to it (cb monitor install-agent --push-url URL); Ctrl-C stops it");
            await new Promise<void>((resolve) => {
              if (ctx.signal.aborted) resolve();
              ctx.signal.addEventListener("abort", () => resolve(), { once: true });
              process.once("SIGTERM", () => resolve());
            });
          } finally {
            await collector.close();
          }
        } finally {
          await store.close();
        }
      }),
    );

  remoteOptions(
    monitor
      .command("install-agent <mcis>")
      .description("install and start the monitoring agent on the MCIS's VMs over SSH (needs node 22+, tar, sh there)")
      .requiredOption("--push-url <url>", "the collector as the VMs reach it")
      .option("--token-env <variable>", "the collector's token, from this variable (written to a 0600 file on each VM)")
      .option("--node <path>", "the node program on the VMs", "node")
      .option("--interval <duration>", "sample interval, e.g. 2s")
      .option("--agent-dir <dir>", "where the agent goes on each VM ({vmId} is replaced)", "cb-monitor-agent"),
  ).action(
    action(
      async (
        ctx,
        name: string,
        opts: RemoteFlags & {
          namespace: string;
          pushUrl: string;
          tokenEnv?: string;
          node: string;
          interval?: string;
          agentDir: string;
        },
      ) => {
        const token = tokenFrom(ctx, opts.tokenEnv);
        const { installAgent } = await import("@cloud-barista/monitor");
        const results = await agentVms(ctx, name, opts, (vms, ssh) =>
          installAgent(vms, {
            ssh,
            pushUrl: opts.pushUrl,
            node: opts.node,
            dir: (vm) => opts.agentDir.replaceAll("{vmId}", vm.target.vmId),
            ...(token === undefined ? {} : { token }),
            ...(opts.interval === undefined ? {} : { interval: opts.interval }),
          }),
        );
        showResults(ctx, results);
      },
    ),
  );

  remoteOptions(
    monitor
      .command("stop-agent <mcis>")
      .description("stop the monitoring agent on the MCIS's VMs (--remove deletes its directory)")
      .option("--agent-dir <dir>", "where the agent is on each VM ({vmId} is replaced)", "cb-monitor-agent")
      .option("--remove", "delete the agent's directory too"),
  ).action(
    action(async (ctx, name: string, opts: RemoteFlags & { namespace: string; agentDir: string; remove?: boolean }) => {
      const { stopAgent } = await import("@cloud-barista/monitor");
      const results = await agentVms(ctx, name, opts, (vms, ssh) =>
        stopAgent(vms, {
          ssh,
          dir: (vm) => opts.agentDir.replaceAll("{vmId}", vm.target.vmId),
          remove: opts.remove === true,
        }),
      );
      showResults(ctx, results);
    }),
  );
}
