import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Debian's `kubectl` (or `$CB_KUBECTL`) with `kubeconfig` and `args`, its JSON output parsed
 * (`-o json` is added). It runs with a HOME and cache of its own, removed afterwards, so the
 * host's kubeconfig and dotfiles never take part; a refusal rejects with kubectl's stderr.
 */
export async function kubectl(kubeconfig: string, ...args: string[]): Promise<unknown> {
  const dir = await mkdtemp(join(tmpdir(), "cb-kubectl-"));
  try {
    const file = join(dir, "config");
    await writeFile(file, kubeconfig, { mode: 0o600 });
    const { stdout } = await run(
      process.env["CB_KUBECTL"] ?? "kubectl",
      ["--kubeconfig", file, "--cache-dir", join(dir, "cache"), ...args, "-o", "json"],
      { env: { PATH: process.env["PATH"] ?? "", HOME: dir }, timeout: 20_000 },
    );
    return JSON.parse(stdout) as unknown;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface NodeList {
  items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[];
}

/** The names of the nodes `kubectl get nodes` shows Ready. */
export async function readyNodes(kubeconfig: string): Promise<string[]> {
  const list = (await kubectl(kubeconfig, "get", "nodes")) as NodeList;
  return list.items
    .filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"))
    .map((n) => n.metadata.name);
}

/** The `gitVersion` `kubectl version` reads from the server. */
export async function serverVersion(kubeconfig: string): Promise<string> {
  const version = (await kubectl(kubeconfig, "version")) as { serverVersion?: { gitVersion?: string } };
  return version.serverVersion?.gitVersion ?? "";
}
