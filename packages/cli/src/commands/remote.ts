import { isBaristaError } from "@cloud-barista/core";
import type { PinnedHostKey, RemoteCommand, RemoteEvent, TransferSummary } from "@cloud-barista/mcis";
import type { Command } from "commander";
import { RemoteFailure, UsageError } from "../exit-codes.js";
import { sshConfig } from "../ssh-config.js";
import type { RemoteFlags } from "../remote-targets.js";
import type { CliAction } from "./action.js";
import { repeatable } from "./action.js";
import { withMcis } from "./with-mcis.js";

type TargetOpts = RemoteFlags & { namespace: string };

/** The options every command on an MCIS's VMs takes. */
export function remoteOptions(command: Command): Command {
  return command
    .option("-n, --namespace <namespace>", "the MCIS namespace", "default")
    .option("--sub-group <name>", "only this sub-group (repeatable)", repeatable, [])
    .option("--vm <id>", "only this VM (repeatable)", repeatable, [])
    .option(
      "-i, --identity <file>",
      "private key file for every VM (default: the key cb saved for the VM's key pair, else ssh.keyFile)",
    )
    .option("--user <user>", "login user (default: ssh.user, else the MCIS's)")
    .option("--jump <user@host[:port]>", "reach the VMs through this jump host (default: ssh.jumpHost)")
    .option("--endpoint <ip=host:port>", "reach this address at another host and port (repeatable)", repeatable, [])
    .option("--accept-new-host-keys", "pin host keys seen for the first time (otherwise they are refused)")
    .option("--concurrency <n>", "VMs worked on at once (default 10)")
    .option("--timeout <seconds>", "per VM: connect, log in and finish within this time");
}

interface ExecResult {
  vmId: string;
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
  durationMs: number;
  error?: { code: string; remoteCode?: string; message: string };
}

export function remoteCommands(program: Command, action: CliAction): void {
  remoteOptions(
    program
      .command("exec <mcis> <command...>")
      .description(
        "run a command on the MCIS's VMs over SSH: cb exec NAME -- ARGV... (one argument runs as a sh -c script)",
      ),
  ).action(
    action(async (ctx, name: string, argv: string[], opts: TargetOpts) => {
      const command: RemoteCommand = argv.length === 1 ? { script: argv[0] ?? "" } : argv;
      const { runCommand } = await import("@cloud-barista/mcis");
      // Opened inside withMcis so the store (host-key pins) stays open while commands run.
      await withMcis(ctx, { namespace: opts.namespace, name }, async (mcis, session) => {
        const access = await mcis.accessInfo({ namespace: opts.namespace, name }, { abortSignal: ctx.signal });
        const { remotePlan } = await import("../remote-targets.js");
        const { targets, skipped, options } = remotePlan(ctx.paths, session, access, opts);
        for (const vm of skipped) ctx.note(`skipped ${vm.vmId}: ${vm.status}, not Running`);
        if (targets.length === 0) throw new UsageError(`no running VM of MCIS ${opts.namespace}/${name} is chosen`);
        const width = Math.max(...targets.map((t) => t.vmId.length));
        const results = new Map<string, ExecResult>(
          targets.map((t) => [t.vmId, { vmId: t.vmId, code: null, stdout: "", stderr: "", durationMs: 0 }]),
        );
        const streaming = ctx.format === "table";
        const partial = new Map<string, string>();
        const print = (vmId: string, stream: "stdout" | "stderr", line: string): void => {
          const prefix = `${vmId.padEnd(width)} ${stream === "stderr" ? "!" : "|"} `;
          if (stream === "stdout") ctx.out(`${ctx.style.paint("cyan", prefix)}${line}`);
          else ctx.note(`${ctx.errStyle.paint("yellow", prefix)}${line}`);
        };
        const flush = (vmId: string): void => {
          for (const stream of ["stdout", "stderr"] as const) {
            const rest = partial.get(`${vmId}\0${stream}`);
            if (rest) print(vmId, stream, rest);
            partial.delete(`${vmId}\0${stream}`);
          }
        };
        const onEvent = (event: RemoteEvent): void => {
          const result = results.get(event.vmId);
          if (result === undefined) return;
          if ("chunk" in event) {
            result[event.type] += event.chunk;
            if (!streaming) return;
            // Chunks may end inside a line: print whole lines with the VM's prefix, keep the rest.
            const key = `${event.vmId}\0${event.type}`;
            const lines = `${partial.get(key) ?? ""}${event.chunk}`.split("\n");
            partial.set(key, lines.pop() ?? "");
            for (const line of lines) print(event.vmId, event.type, line);
            return;
          }
          if (streaming) flush(event.vmId);
          result.durationMs = event.durationMs;
          if (event.type === "exit") {
            result.code = event.code;
            if (event.signal !== undefined) result.signal = event.signal;
          } else {
            const remoteCode = (event.error as { remoteCode?: string }).remoteCode;
            result.error = {
              code: event.error.code,
              ...(remoteCode === undefined ? {} : { remoteCode }),
              message: event.error.message,
            };
          }
        };
        for await (const event of runCommand(targets, command, { ...options, abortSignal: ctx.signal })) {
          onEvent(event);
        }
        const all = [...results.values()];
        const failed = all.filter((r) => r.error !== undefined || r.code !== 0);
        if (streaming) {
          for (const r of all) {
            const outcome = r.error
              ? ctx.errStyle.paint("red", `failed ${r.error.remoteCode ?? r.error.code}: ${r.error.message}`)
              : r.code === 0
                ? ctx.errStyle.paint("green", "exit 0")
                : ctx.errStyle.paint("red", r.code === null ? `killed by ${r.signal ?? "a signal"}` : `exit ${r.code}`);
            ctx.note(`${r.vmId.padEnd(width)} ${outcome} (${r.durationMs} ms)`);
          }
        } else ctx.show(all, []);
        if (ctx.signal.aborted) throw ctx.signal.reason;
        if (failed.length > 0) {
          throw new RemoteFailure(
            `failed on ${failed.length} of ${all.length} VMs: ${failed.map((r) => r.vmId).join(", ")}`,
          );
        }
        ctx.note(`${all.length}/${all.length} VMs exited 0`);
      });
    }),
  );

  remoteOptions(
    program
      .command("scp <mcis> <source> <destination>")
      .description(
        "copy a file to the VMs (cb scp NAME LOCAL :REMOTE) or from them (cb scp NAME :REMOTE LOCAL, {vmId} in LOCAL for several VMs), over SFTP",
      )
      .option("--mode <octal>", "permissions of an uploaded file", "644"),
  ).action(
    action(async (ctx, name: string, source: string, destination: string, opts: TargetOpts & { mode: string }) => {
      const up = !source.startsWith(":") && destination.startsWith(":");
      const down = source.startsWith(":") && !destination.startsWith(":");
      if (!up && !down) throw new UsageError("exactly one of SOURCE and DESTINATION is remote: prefix it with ':'");
      const mode = Number.parseInt(opts.mode, 8);
      if (!/^[0-7]{3,4}$/.test(opts.mode)) throw new UsageError(`--mode must be octal like 644, got "${opts.mode}"`);
      const { downloadFile, uploadFile } = await import("@cloud-barista/mcis");
      const summary: TransferSummary = await withMcis(
        ctx,
        { namespace: opts.namespace, name },
        async (mcis, session) => {
          const access = await mcis.accessInfo({ namespace: opts.namespace, name }, { abortSignal: ctx.signal });
          const { remotePlan } = await import("../remote-targets.js");
          const { targets, skipped, options } = remotePlan(ctx.paths, session, access, opts);
          for (const vm of skipped) ctx.note(`skipped ${vm.vmId}: ${vm.status}, not Running`);
          if (targets.length === 0) throw new UsageError(`no running VM of MCIS ${opts.namespace}/${name} is chosen`);
          const transfer = { ...options, abortSignal: ctx.signal };
          return up
            ? uploadFile(targets, source, destination.slice(1), { ...transfer, mode })
            : downloadFile(targets, source.slice(1), destination, transfer);
        },
      );
      const rows = summary.results.map((r) => ({
        vmId: r.vmId,
        bytes: r.bytes,
        durationMs: r.durationMs,
        ...(r.error === undefined
          ? {}
          : { error: { code: r.error.code, message: r.error.message, ...remoteCodeOf(r.error) } }),
      }));
      ctx.show(rows, [
        { header: "VM", value: (r) => r.vmId },
        { header: "BYTES", value: (r) => r.bytes },
        { header: "MS", value: (r) => r.durationMs },
        { header: "ERROR", value: (r) => r.error && `${r.error.remoteCode ?? r.error.code}: ${r.error.message}` },
      ]);
      if (summary.failed.length > 0) {
        throw new RemoteFailure(
          `failed on ${summary.failed.length} of ${summary.results.length} VMs: ${summary.failed.join(", ")}`,
        );
      }
    }),
  );

  const ssh = program
    .command("ssh")
    .description("how cb exec and cb scp reach VMs: key file, user, jump host, endpoints, host keys");
  ssh
    .command("config")
    .description("show or change the profile's SSH settings (no secrets: key files are named, not copied)")
    .option("--key-file <file>", "private key file for VMs whose key cb did not save")
    .option("--user <user>", "login user for every VM")
    .option("--jump-host <user@host[:port]>", "a jump host for every VM")
    .option("--endpoint <ip=host:port>", "reach this address at another host and port (repeatable)", repeatable, [])
    .option("--remove-endpoint <ip>", "forget an endpoint (repeatable)", repeatable, [])
    .option("--unset <setting>", "clear keyFile, user or jumpHost (repeatable)", repeatable, [])
    .action(
      action(
        (
          ctx,
          opts: {
            keyFile?: string;
            user?: string;
            jumpHost?: string;
            endpoint: string[];
            removeEndpoint: string[];
            unset: string[];
          },
        ) => {
          const settings = sshConfig(ctx.paths, ctx.profile, opts);
          ctx.show(settings, [
            { header: "KEY FILE", value: (s) => s.keyFile },
            { header: "USER", value: (s) => s.user },
            { header: "JUMP HOST", value: (s) => s.jumpHost },
            { header: "ENDPOINTS", value: (s) => Object.entries(s.endpoints ?? {}).map(([ip, to]) => `${ip}=${to}`) },
          ]);
        },
      ),
    );
  ssh
    .command("hostkeys")
    .description("the host keys pinned in the profile's store")
    .action(
      action(async (ctx) => {
        const pins = await ctx.withSession(async ({ store }) =>
          (await store.list("remote/hostkeys/")).map((e) => JSON.parse(e.value) as PinnedHostKey),
        );
        ctx.show(pins, [
          { header: "VM", value: (p) => p.vmId },
          { header: "ADDRESS", value: (p) => `${p.host}:${p.port}` },
          { header: "ALGORITHM", value: (p) => p.algorithm },
          { header: "FINGERPRINT", value: (p) => p.fingerprint },
          { header: "PINNED", value: (p) => p.pinnedAt },
        ]);
      }),
    );
  ssh
    .command("forget <vm>")
    .description("drop a VM's pinned host keys (after it was rebuilt); the next --accept-new-host-keys pins anew")
    .option("--address <host:port>", "only the pin for this address")
    .action(
      action(async (ctx, vm: string, opts: { address?: string }) => {
        const dropped = await ctx.withSession(async ({ store }) => {
          const prefix = `remote/hostkeys/${vm}/`;
          const entries = (await store.list(prefix)).filter(
            (e) => opts.address === undefined || e.key === `${prefix}${opts.address}`,
          );
          for (const entry of entries) await store.delete(entry.key);
          return entries.length;
        });
        if (dropped === 0)
          throw new UsageError(`no host key is pinned for ${vm}${opts.address ? ` at ${opts.address}` : ""}`);
        ctx.note(`${dropped} host key pin(s) of ${vm} dropped`);
      }),
    );
}

function remoteCodeOf(error: unknown): { remoteCode?: string } {
  const code = isBaristaError(error) ? (error as { remoteCode?: string }).remoteCode : undefined;
  return code === undefined ? {} : { remoteCode: code };
}
