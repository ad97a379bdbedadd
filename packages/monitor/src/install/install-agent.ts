import { runCommandSummary, shellQuote, uploadFile } from "@cloud-barista/mcis";
import type { RemoteError, RemoteOptions } from "@cloud-barista/mcis";
import type { BaristaError } from "@cloud-barista/core";
import type { AgentlessVm } from "../agentless/agentless-collection.js";
import { identityTags } from "../model/identity.js";
import { agentBundle } from "./agent-bundle.js";

/** How {@link installAgent} reaches the VMs and how the agent there is set up and started. */
export interface InstallAgentOptions {
  /** Keys and host-key trust, as for `runCommand`. */
  readonly ssh: Omit<RemoteOptions, "abortSignal">;
  /** The collector's URL as the VMs reach it: the agent pushes there. */
  readonly pushUrl?: string;
  /** Serve /metrics (and /healthz) on this address of each VM, for pull; a function gives each VM its own. */
  readonly listen?: string | ((vm: AgentlessVm) => string);
  /** Written to `<dir>/token` (mode 600) and used for push and /metrics; never on a command line. */
  readonly token?: string;
  /**
   * Where the agent goes, relative to the login's home unless absolute (default `cb-monitor-agent`);
   * a function gives each VM its own (VMs that share a host, as in tests).
   */
  readonly dir?: string | ((vm: AgentlessVm) => string);
  /** The Node.js program on the VMs (default `node`, from the login's PATH; Node 22 or later). */
  readonly node?: string;
  /** Sample interval (default the agent's, 2 s), e.g. "2s". */
  readonly interval?: string;
  /** More CB_AGENT_* settings, e.g. { CB_AGENT_SPOOL_DIR: "spool" } (not the token). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the agent has to report that it started (default 20 s). */
  readonly startTimeoutMs?: number;
  /** The built agent archive (default `agentBundle()` of the installed monitor-agent package). */
  readonly bundle?: Buffer;
  /**
   * Start the agent at boot too (default true): a systemd unit when systemd runs and the login is
   * root or has sudo without a password, else a crontab `@reboot` line, else nothing (`boot: "none"`).
   */
  readonly boot?: boolean;
}

/** How {@link installAgent} (or {@link stopAgent}) went on one VM. */
export interface InstallResult {
  readonly vmId: string;
  /** True when the agent was installed and reported that it started (stopAgent: was stopped). */
  readonly ok: boolean;
  /** The agent's pid on the VM. */
  readonly pid?: number;
  /** What /healthz answered, when the agent listens. */
  readonly health?: { status: string; version: string };
  /** How the agent starts at boot: a systemd unit, a crontab line, or not at all. */
  readonly boot?: "systemd" | "cron" | "none";
  /** Why it failed, when it did. */
  readonly error?: RemoteError | BaristaError | Error;
}

const envName = (tag: string): string => `CB_AGENT_${tag.toUpperCase()}`;

/**
 * Checks the agent from the VM itself: its process lives, it logged "started", and when it listens
 * its /healthz answers (fetched by the VM's own node, so no port has to be open to the caller).
 */
function healthScript(node: string, listen: string | undefined, timeoutMs: number): string {
  const port = listen ? /(\d+)$/.exec(listen)?.[1] : undefined;
  const host = listen?.includes(":") ? listen.slice(0, listen.lastIndexOf(":")).replace(/^\[|\]$/g, "") : "127.0.0.1";
  const probeHost = host === "0.0.0.0" || host === "" ? "127.0.0.1" : host;
  const fetchHealth = port
    ? `${shellQuote(node)} -e ${shellQuote(
        `fetch("http://${probeHost.includes(":") ? `[${probeHost}]` : probeHost}:${port}/healthz").then(async (r) => { if (!r.ok) process.exit(1); console.log(await r.text()); }, () => process.exit(1))`,
      )}`
    : "true";
  const tries = Math.ceil(timeoutMs / 250);
  return [
    `i=0; while [ $i -lt ${tries} ]; do`,
    `  pid=$(cat agent.pid 2>/dev/null || true)`,
    `  if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then echo "the agent exited:" >&2; tail -n 5 agent.log >&2; exit 3; fi`,
    `  if grep -q '"msg":"started"' agent.log 2>/dev/null && out=$(${fetchHealth}); then echo "pid $pid"; echo "$out"; exit 0; fi`,
    `  sleep 0.25; i=$((i + 1))`,
    `done`,
    `echo "the agent did not report started within ${timeoutMs} ms:" >&2; tail -n 5 agent.log >&2; exit 4`,
  ].join("\n");
}

/**
 * Installs and starts the monitoring agent on VMs over SSH: one upload of the agent archive per VM
 * (`uploadFile`), the token in a file of mode 600, then per VM its identity tags as CB_AGENT_*
 * settings and the launcher, which starts the agent detached; finally a health check from the VM.
 * Re-running it replaces a running agent. Needs `node` (22+), `tar` and `sh` on the VMs.
 */
export async function installAgent(
  vms: readonly AgentlessVm[],
  options: InstallAgentOptions,
): Promise<InstallResult[]> {
  const dirOf = agentDir(options.dir);
  const node = options.node ?? "node";
  const results = new Map<string, InstallResult>();
  const fail = (vmId: string, error: InstallResult["error"]): void =>
    void results.set(vmId, { vmId, ok: false, ...(error ? { error } : {}) });
  const alive = (): typeof vms => vms.filter((vm) => !results.has(vm.target.vmId));

  const bundle = options.bundle ?? agentBundle();
  const token = options.token === undefined ? undefined : Buffer.from(`${options.token}\n`);
  /** The VM's settings as the CLI's CB_AGENT_* variables, in `agent.env` (start.sh reads it). */
  // Asked once per VM: the settings file and the health check must agree.
  const listens = new Map(
    vms.map((vm) => [vm, typeof options.listen === "function" ? options.listen(vm) : options.listen]),
  );
  const settings = (vm: AgentlessVm): Buffer => {
    const listen = listens.get(vm);
    const env: Record<string, string> = { ...options.env, CB_AGENT_NODE: node };
    if (options.pushUrl !== undefined) env.CB_AGENT_PUSH_URL = options.pushUrl;
    if (listen !== undefined) env.CB_AGENT_LISTEN = listen;
    if (options.interval !== undefined) env.CB_AGENT_INTERVAL = options.interval;
    const extra: string[] = [];
    for (const [key, value] of Object.entries(vm.tags))
      if ((identityTags as readonly string[]).includes(key)) env[envName(key)] = value;
      else extra.push(`${key}=${value}`);
    if (extra.length > 0) env.CB_AGENT_TAGS = extra.join(",");
    return Buffer.from(
      Object.entries(env)
        .map(([k, v]) => `${k}=${shellQuote(v)}; export ${k}\n`)
        .join(""),
    );
  };
  // Per VM (directories may differ): make the directory, upload the archive, settings and token.
  await Promise.all(
    vms.map(async (vm) => {
      const dir = dirOf(vm);
      const made = await runCommandSummary(
        [vm.target],
        ["sh", "-c", 'mkdir -p "$1" && chmod 700 "$1"', "sh", dir],
        options.ssh,
      );
      const r = made.results[0];
      if (r?.error || r?.code !== 0)
        return fail(vm.target.vmId, r?.error ?? new Error(`mkdir failed: ${r?.stderr.trim()}`));
      const files = [[bundle, "agent.tar"], [settings(vm), "agent.env"], ...(token ? [[token, "token"] as const] : [])];
      for (const [data, name] of files as [Buffer, string][]) {
        const sent = await uploadFile([vm.target], data, `${dir}/${name}`, { ...options.ssh, mode: 0o600 });
        const error = sent.results[0]?.error;
        if (error) return fail(vm.target.vmId, error);
      }
    }),
  );

  const startTimeoutMs = options.startTimeoutMs ?? 20_000;
  await Promise.all(
    alive().map(async (vm) => {
      const listen = listens.get(vm);
      const script = [
        `cd ${shellQuote(dirOf(vm))}`,
        "tar -xf agent.tar",
        options.boot === false ? "sh ./start.sh && echo 'boot: none'" : "sh ./boot.sh",
        healthScript(node, listen, startTimeoutMs),
      ].join(" && \\\n");
      const summary = await runCommandSummary([vm.target], { script: `set -e\n${script}` }, options.ssh);
      const r = summary.results[0];
      if (!r) return;
      if (r.error || r.code !== 0)
        return fail(r.vmId, r.error ?? new Error(`the agent did not start (exit ${r.code}): ${r.stderr.trim()}`));
      const pid = Number(/^pid (\d+)$/m.exec(r.stdout)?.[1]);
      const healthLine = r.stdout.split("\n").find((l) => l.startsWith("{"));
      let health: InstallResult["health"];
      try {
        health = healthLine ? (JSON.parse(healthLine) as { status: string; version: string }) : undefined;
      } catch {
        health = undefined;
      }
      const boot = /^boot: (systemd|cron|none)/m.exec(r.stdout)?.[1] as InstallResult["boot"];
      results.set(r.vmId, {
        vmId: r.vmId,
        ok: true,
        ...(boot ? { boot } : {}),
        ...(Number.isInteger(pid) ? { pid } : {}),
        ...(health ? { health } : {}),
      });
    }),
  );
  return vms.map((vm) => results.get(vm.target.vmId) ?? { vmId: vm.target.vmId, ok: false });
}

/**
 * Stops the agent on VMs (SIGTERM, so it flushes) and removes its boot entry (systemd unit or
 * crontab line: a stopped agent stays stopped); with `remove`, deletes its directory too.
 */
export async function stopAgent(
  vms: readonly AgentlessVm[],
  options: { ssh: Omit<RemoteOptions, "abortSignal">; dir?: InstallAgentOptions["dir"]; remove?: boolean },
): Promise<InstallResult[]> {
  const dirOf = agentDir(options.dir);
  return Promise.all(
    vms.map(async (vm) => {
      const dir = dirOf(vm);
      const stop = shellQuote(`${dir}/stop.sh`);
      const boot = shellQuote(`${dir}/boot.sh`);
      const script = `if [ -f ${boot} ]; then sh ${boot} remove; elif [ -f ${stop} ]; then sh ${stop}; fi${options.remove ? ` && rm -rf ${shellQuote(dir)}` : ""}`;
      const r = (await runCommandSummary([vm.target], { script }, options.ssh)).results[0];
      const vmId = vm.target.vmId;
      if (r && !r.error && r.code === 0) return { vmId, ok: true };
      return { vmId, ok: false, error: r?.error ?? new Error(r?.stderr.trim() ?? "no result") };
    }),
  );
}

function agentDir(dir: InstallAgentOptions["dir"]): (vm: AgentlessVm) => string {
  return typeof dir === "function" ? dir : () => dir ?? "cb-monitor-agent";
}
