import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { BaristaError } from "@cloud-barista/core";
import { tarArchive } from "./tar.js";
import type { TarEntry } from "./tar.js";

/**
 * The launcher: starts the agent detached from the SSH session (its own session via setsid, all
 * output to agent.log), after stopping a previous one, and records its pid. Settings come from
 * the CLI's CB_AGENT_* environment; the token from the `token` file next to it, when there is one.
 */
const startScript = `#!/bin/sh
# Starts cb-monitor-agent in the background, detached from the SSH session that ran this.
set -e
cd "$(dirname "$0")"
sh ./stop.sh
if [ -f token ]; then CB_AGENT_TOKEN_FILE="$PWD/token"; export CB_AGENT_TOKEN_FILE; fi
NODE="\${CB_AGENT_NODE:-node}"
: > agent.log
if command -v setsid >/dev/null 2>&1; then
  setsid "$NODE" dist/src/cli.js >>agent.log 2>&1 </dev/null &
else
  nohup "$NODE" dist/src/cli.js >>agent.log 2>&1 </dev/null &
fi
echo $! > agent.pid
`;

/** Stops the agent (SIGTERM: it pushes what it can within its flush timeout), waiting up to 10 s. */
const stopScript = `#!/bin/sh
cd "$(dirname "$0")"
[ -f agent.pid ] || exit 0
pid=$(cat agent.pid)
if kill "$pid" 2>/dev/null; then
  i=0
  while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  kill -9 "$pid" 2>/dev/null || true
fi
rm -f agent.pid
`;

/** The directory of the installed @cloud-barista/monitor-agent package (its package.json's). */
export function agentPackageDir(): string {
  let dir = dirname(createRequire(import.meta.url).resolve("@cloud-barista/monitor-agent"));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function jsFiles(root: string, dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return jsFiles(root, path);
    return e.name.endsWith(".js") && !e.name.includes(".test.") ? [relative(root, path)] : [];
  });
}

/**
 * The agent as one tar archive: the package's package.json (it marks the files as ES modules),
 * its built `dist/src/**\/*.js` and the start/stop launchers. The package must be built
 * (`npx tsc -b packages/monitor-agent`); otherwise `InvalidArgument` says so.
 */
export function agentBundle(packageDir = agentPackageDir()): Buffer {
  const dist = join(packageDir, "dist/src");
  if (!existsSync(join(dist, "cli.js")))
    throw new BaristaError(
      "InvalidArgument",
      `the monitor agent is not built in ${packageDir} (no dist/src/cli.js): run npx tsc -b packages/monitor-agent`,
      { field: "agentDir" },
    );
  const entries: TarEntry[] = [
    { path: "package.json", data: readFileSync(join(packageDir, "package.json")) },
    ...jsFiles(packageDir, dist).map((path) => ({ path, data: readFileSync(join(packageDir, path)) })),
    { path: "start.sh", data: Buffer.from(startScript), mode: 0o755 },
    { path: "stop.sh", data: Buffer.from(stopScript), mode: 0o755 },
  ];
  return tarArchive(entries);
}
