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
export const startScript = `#!/bin/sh
# Starts cb-monitor-agent in the background, detached from the SSH session that ran this.
set -e
cd "$(dirname "$0")"
# The settings installAgent wrote (so systemd or cron at boot start the agent the same way).
if [ -f agent.env ]; then . ./agent.env; fi
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

/**
 * Makes the agent start at boot, then (re)starts it; prints "boot: systemd <unit>", "boot: cron"
 * or "boot: none". With systemd running and root (or sudo without a password): a unit of Type
 * forking that runs start.sh and tracks agent.pid, enabled and restarted, so systemd supervises
 * the agent now and starts it at boot. Otherwise, with crontab: an "@reboot" line. Otherwise none.
 * "boot.sh remove" undoes it and stops the agent. CB_AGENT_SYSTEMD_RUN and CB_AGENT_UNIT_DIR
 * replace /run/systemd/system and /etc/systemd/system (tests).
 */
export const bootScript = `#!/bin/sh
set -e
cd "$(dirname "$0")"
dir=$PWD
unit="cb-monitor-agent-$(printf %s "$dir" | cksum | cut -d' ' -f1).service"
unit_dir="\${CB_AGENT_UNIT_DIR:-/etc/systemd/system}"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi
systemd=no
if [ -d "\${CB_AGENT_SYSTEMD_RUN:-/run/systemd/system}" ] && command -v systemctl >/dev/null 2>&1; then
  if [ -z "$SUDO" ] || sudo -n true 2>/dev/null; then systemd=yes; fi
fi
if [ "$1" = remove ]; then
  if [ -f "$unit_dir/$unit" ]; then
    $SUDO systemctl disable --now "$unit" >/dev/null 2>&1 || true
    $SUDO rm -f "$unit_dir/$unit"
    $SUDO systemctl daemon-reload || true
  fi
  if command -v crontab >/dev/null 2>&1; then
    { crontab -l 2>/dev/null || true; } | { grep -v -F "$dir/start.sh" || true; } | crontab -
  fi
  sh ./stop.sh
  exit 0
fi
if [ $systemd = yes ]; then
  cat > unit.tmp <<EOF
[Unit]
Description=Cloud-Barista monitoring agent in $dir
After=network-online.target
Wants=network-online.target

[Service]
Type=forking
User=$(id -un)
ExecStart=/bin/sh $dir/start.sh
ExecStop=/bin/sh $dir/stop.sh
PIDFile=$dir/agent.pid
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
EOF
  $SUDO cp unit.tmp "$unit_dir/$unit"
  rm -f unit.tmp
  $SUDO systemctl daemon-reload
  $SUDO systemctl enable "$unit" >/dev/null 2>&1
  $SUDO systemctl restart "$unit"
  echo "boot: systemd $unit"
  exit 0
fi
if command -v crontab >/dev/null 2>&1; then
  { crontab -l 2>/dev/null || true; } | { grep -v -F "$dir/start.sh" || true; echo "@reboot /bin/sh $dir/start.sh"; } | crontab -
  sh ./start.sh
  echo "boot: cron"
  exit 0
fi
sh ./start.sh
echo "boot: none"
`;

/** Stops the agent (SIGTERM: it pushes what it can within its flush timeout), waiting up to 10 s. */
export const stopScript = `#!/bin/sh
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
    { path: "boot.sh", data: Buffer.from(bootScript), mode: 0o755 },
  ];
  return tarArchive(entries);
}
