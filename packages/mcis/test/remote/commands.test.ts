import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { MemoryStore } from "@cloud-barista/core";
import { sshKeyPair } from "@cloud-barista/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRemoteError, runCommand, runCommandSummary, storeHostKeys } from "../../src/index.js";
import type { RemoteEvent, RemoteTarget } from "../../src/index.js";
import { clientKey, startVms } from "./fixture.js";

// Ten real OpenSSH servers on loopback stand in for the ten VMs of an MCIS.
describe("runCommand on real sshd servers", () => {
  let vms: Awaited<ReturnType<typeof startVms>>;
  const shared = mkdtempSync(join(tmpdir(), "barista-remote-"));
  const options = () => ({ privateKey: clientKey.privateKey, hostKeys: storeHostKeys(new MemoryStore()) });

  beforeAll(async () => {
    vms = await startVms(10);
  });
  afterAll(async () => {
    await vms.close();
    rmSync(shared, { recursive: true, force: true });
  });

  it("runs on 10 VMs at once, streaming each VM's own stdout and stderr", async () => {
    // A barrier: each VM's command waits until all ten have arrived, so it only passes when the
    // ten really run at the same time. Each then prints the port its sshd serves (SSH_CONNECTION).
    const barrier = join(shared, "barrier");
    const script = [
      `mkdir -p ${barrier}; touch ${barrier}/$$`,
      "i=0; while [ $(ls " + barrier + " | wc -l) -lt 10 ]; do sleep 0.05; i=$((i+1)); [ $i -gt 400 ] && exit 9; done",
      'echo "port ${SSH_CONNECTION##* }"; echo "to stderr" >&2',
    ].join("\n");
    const events: RemoteEvent[] = [];
    for await (const event of runCommand(vms.targets, { script }, { ...options(), concurrency: 10 }))
      events.push(event);

    for (const target of vms.targets) {
      const own = events.filter((e) => e.vmId === target.vmId);
      const text = (type: string) => own.flatMap((e) => (e.type === type && "chunk" in e ? [e.chunk] : [])).join("");
      expect(text("stdout")).toBe(`port ${target.port}\n`);
      expect(text("stderr")).toBe("to stderr\n");
      const exit = own.at(-1);
      expect(exit).toMatchObject({ type: "exit", code: 0 });
      expect(exit?.type === "exit" && exit.durationMs >= 0).toBe(true);
    }
  });

  it("keeps to the concurrency limit", async () => {
    let running = 0;
    let most = 0;
    const summary = await runCommandSummary(vms.targets, ["sleep", "0.2"], {
      ...options(),
      concurrency: 3,
      onProgress: ({ state }) => {
        if (state === "connecting") most = Math.max(most, ++running);
        if (state === "exited" || state === "failed") running--;
      },
    });
    expect(summary.ok).toHaveLength(10);
    expect(most).toBe(3);
  });

  it("reports a non-zero exit and an unreachable VM without stopping the others", async () => {
    const closed = await startVms(1);
    await closed.close(); // its port now refuses connections
    const gone: RemoteTarget = { ...closed.targets[0]!, vmId: "vm-gone" };
    const targets = [...vms.targets, gone];
    const failing = vms.targets[4]!;
    // One command for all: the VM whose sshd serves the failing port exits 3.
    const script = `if [ "\${SSH_CONNECTION##* }" = ${failing.port} ]; then echo boom >&2; exit 3; fi; echo fine`;

    const summary = await runCommandSummary(targets, { script }, options());
    expect(summary.ok).toEqual(vms.targets.filter((t) => t !== failing).map((t) => t.vmId));
    expect(summary.failed).toEqual([failing.vmId, "vm-gone"]);
    const byVm = new Map(summary.results.map((r) => [r.vmId, r]));
    expect(byVm.get(failing.vmId)).toMatchObject({ code: 3, stdout: "", stderr: "boom\n" });
    expect(byVm.get(failing.vmId)?.error).toBeUndefined();
    expect(byVm.get("vm-1")).toMatchObject({ code: 0, stdout: "fine\n" });
    const unreachable = byVm.get("vm-gone");
    expect(unreachable?.code).toBeNull();
    expect(isRemoteError(unreachable?.error, "Unreachable")).toBe(true);
    expect(unreachable?.error).toMatchObject({ code: "ProviderError", unsent: true, vmId: "vm-gone" });

    // Asked to, a non-zero exit becomes a typed CommandFailed error carrying the exit code.
    const strict = await runCommandSummary([failing], { script }, { ...options(), failOnNonZero: true });
    expect(isRemoteError(strict.results[0]?.error, "CommandFailed")).toBe(true);
    expect(strict.results[0]).toMatchObject({ code: 3, error: { exitCode: 3 } });
  });

  it("refuses a key the server does not know, and never shows the key in the error", async () => {
    const stranger = sshKeyPair("stranger");
    const summary = await runCommandSummary(vms.targets.slice(0, 1), ["true"], {
      ...options(),
      privateKey: stranger.privateKey,
    });
    const error = summary.results[0]?.error;
    expect(isRemoteError(error, "AuthRefused")).toBe(true);
    expect(error).toMatchObject({ code: "Unauthenticated" });
    const body = stranger.privateKey.split("\n")[1] ?? "";
    expect(body.length).toBeGreaterThan(20);
    expect(inspect(error, { depth: 10 }) + JSON.stringify(error)).not.toContain(body.slice(0, 20));
  });

  it("passes user strings with quotes, spaces, $() and newlines to the remote program unchanged", async () => {
    const strings = [
      "it's",
      'say "hi"',
      "a  b",
      "$(touch /tmp/pwned)",
      "`id`",
      "line1\nline2",
      "$HOME",
      "*",
      "-n",
      "",
      "tab\there",
      "ünï ✓",
    ];
    const summary = await runCommandSummary(vms.targets.slice(0, 2), ["printf", "%s\\0", ...strings], options());
    for (const result of summary.results) {
      expect(result.code).toBe(0);
      expect(result.stdout.split("\0").slice(0, -1)).toEqual(strings);
    }
  });

  it("times out a VM whose command runs too long, reporting Timeout", async () => {
    const summary = await runCommandSummary(vms.targets.slice(0, 2), ["sleep", "5"], { ...options(), timeoutMs: 700 });
    for (const result of summary.results) {
      expect(isRemoteError(result.error, "Timeout")).toBe(true);
      expect(result.error).toMatchObject({ code: "Timeout" });
    }
  });

  it("aborts running and waiting VMs alike, and stops when the consumer leaves the loop", async () => {
    const controller = new AbortController();
    const events: RemoteEvent[] = [];
    const script = "echo started; sleep 5";
    for await (const event of runCommand(
      vms.targets,
      { script },
      { ...options(), concurrency: 2, abortSignal: controller.signal },
    )) {
      events.push(event);
      if (event.type === "stdout") controller.abort();
    }
    const errors = events.flatMap((e) => (e.type === "error" ? [e.error] : []));
    expect(errors).toHaveLength(10);
    expect(errors.every((e) => isRemoteError(e, "Aborted"))).toBe(true);
    expect(events.some((e) => e.type === "exit")).toBe(false);

    // Leaving the loop early ends the work still running (the generator's finally awaits it).
    let seen = 0;
    for await (const event of runCommand(vms.targets, { script }, options())) {
      if (event.type === "stdout" && ++seen === 1) break;
    }
    expect(seen).toBe(1);
  });
});
