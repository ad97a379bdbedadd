import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bootScript, startScript, stopScript } from "./agent-bundle.js";

// boot.sh runs on the VMs; here it runs on this machine against stand-ins for systemctl and
// crontab (scripts on PATH that record what they were asked; sudo runs its command), since this
// machine has neither a running systemd nor cron. The agent itself is a stand-in that logs "started" and waits.
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    if (existsSync(join(d, "agent", "stop.sh"))) execFileSync("sh", [join(d, "agent", "stop.sh")]);
    rmSync(d, { recursive: true, force: true });
  }
});

function setUp(): { root: string; agent: string; env: NodeJS.ProcessEnv; log: string; crontab: string } {
  const root = mkdtempSync(join(tmpdir(), "cb-boot-"));
  dirs.push(root);
  const agent = join(root, "agent");
  const bin = join(root, "bin");
  mkdirSync(join(agent, "dist/src"), { recursive: true });
  mkdirSync(bin);
  mkdirSync(join(root, "units"));
  mkdirSync(join(root, "run-systemd"));
  writeFileSync(join(agent, "start.sh"), startScript);
  writeFileSync(join(agent, "stop.sh"), stopScript);
  writeFileSync(join(agent, "boot.sh"), bootScript);
  writeFileSync(join(agent, "agent.env"), `CB_AGENT_NODE='${process.execPath}'; export CB_AGENT_NODE\n`);
  writeFileSync(
    join(agent, "dist/src/cli.js"),
    `console.log(JSON.stringify({ msg: "started", node: process.env.CB_AGENT_NODE })); setInterval(() => {}, 1000);`,
  );
  const log = join(root, "calls.log");
  const crontab = join(root, "crontab.txt");
  const fake = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  fake("systemctl", `echo "systemctl $*" >> ${log}`);
  // Replaced once its input is complete, as crontab does (boot.sh pipes "crontab -l" into it).
  fake(
    "crontab",
    `if [ "$1" = -l ]; then cat ${crontab} 2>/dev/null; else cat > ${crontab}.new && mv ${crontab}.new ${crontab}; fi`,
  );
  fake("sudo", `if [ "$1" = -n ]; then shift; fi; exec "$@"`);
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    CB_AGENT_UNIT_DIR: join(root, "units"),
    CB_AGENT_SYSTEMD_RUN: join(root, "run-systemd"),
  };
  return { root, agent, env, log, crontab };
}

const run = (script: string, env: NodeJS.ProcessEnv, ...args: string[]) =>
  execFileSync("sh", [script, ...args], { env, encoding: "utf8" });

describe("boot.sh (the agent at boot)", () => {
  it("writes, enables and restarts a systemd unit when systemd runs", () => {
    const { agent, env, log, root } = setUp();
    const out = run(join(agent, "boot.sh"), env);
    const unit = /^boot: systemd (cb-monitor-agent-\d+\.service)$/m.exec(out)?.[1] as string;
    expect(unit).toBeDefined();
    const text = readFileSync(join(root, "units", unit), "utf8");
    expect(text).toContain(`ExecStart=/bin/sh ${agent}/start.sh`);
    expect(text).toContain(`PIDFile=${agent}/agent.pid`);
    expect(text).toContain("Type=forking");
    expect(text).toContain("WantedBy=multi-user.target");
    expect(readFileSync(log, "utf8").trim().split("\n")).toEqual([
      "systemctl daemon-reload",
      `systemctl enable ${unit}`,
      `systemctl restart ${unit}`,
    ]);
    run(join(agent, "boot.sh"), env, "remove");
    expect(existsSync(join(root, "units", unit))).toBe(false);
    expect(readFileSync(log, "utf8")).toContain(`systemctl disable --now ${unit}`);
  });

  // The unit boot.sh writes, checked by systemd's own parser: `systemd-analyze verify` loads a unit
  // file without a running systemd and fails on a setting that would stop it from starting.
  it("writes a unit that systemd-analyze verify accepts without a warning", () => {
    const { agent, env, root } = setUp();
    const unit = /^boot: systemd (\S+)$/m.exec(run(join(agent, "boot.sh"), env))?.[1] as string;
    const file = join(root, "units", unit);
    const verify = (path: string) =>
      spawnSync("systemd-analyze", ["verify", "--man=no", path], { encoding: "utf8", timeout: 60_000 });
    const ok = verify(file);
    expect(ok.error).toBeUndefined(); // systemd-analyze is there (scripts/run installs Debian's systemd)
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: "" });
    // The same unit with its start command missing is refused: the check is live.
    const broken = join(root, "units", `broken-${unit}`);
    writeFileSync(broken, readFileSync(file, "utf8").replace("ExecStart=/bin/sh", "ExecStart=/nonexistent/sh"));
    const bad = verify(broken);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("/nonexistent/sh");
  });

  it("falls back to one crontab @reboot line, starts the agent with its settings, and removes the line", () => {
    const { agent, env, crontab, root } = setUp();
    const noSystemd = { ...env, CB_AGENT_SYSTEMD_RUN: join(root, "absent") };
    writeFileSync(crontab, "0 * * * * other-job\n");
    expect(run(join(agent, "boot.sh"), noSystemd)).toContain("boot: cron");
    expect(run(join(agent, "boot.sh"), noSystemd)).toContain("boot: cron"); // re-install: still one line
    expect(readFileSync(crontab, "utf8")).toBe(`0 * * * * other-job\n@reboot /bin/sh ${agent}/start.sh\n`);
    // start.sh read agent.env: the agent runs with the settings installAgent wrote.
    const pid = Number(readFileSync(join(agent, "agent.pid"), "utf8"));
    for (let i = 0; i < 200 && !readFileSync(join(agent, "agent.log"), "utf8").includes("started"); i++)
      execFileSync("sleep", ["0.05"]);
    expect(JSON.parse(readFileSync(join(agent, "agent.log"), "utf8"))).toEqual({
      msg: "started",
      node: process.execPath,
    });
    expect(() => process.kill(pid, 0)).not.toThrow();
    run(join(agent, "boot.sh"), noSystemd, "remove");
    expect(readFileSync(crontab, "utf8")).toBe("0 * * * * other-job\n");
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
