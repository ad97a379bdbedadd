import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "@cloud-barista/emulator/server";
import type { RunningEmulator } from "@cloud-barista/emulator/server";
import { startSshd } from "@cloud-barista/test-support";
import type { Sshd } from "@cloud-barista/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeEmulatorProfile } from "../src/commands/emulator.js";
import { cliPaths } from "../src/paths.js";
import { cb, cbHome, cbJson, startCb, waitForOutput } from "./cb-process.js";

// cb exec and cb scp through the real binary on an emulated MCIS whose VMs are backed by real
// OpenSSH servers on loopback: the emulator's world maps each VM's made-up public IP to one
// (world.sshEndpoints), and the profile's ssh.endpoints tell cb the same. The servers let in the
// key `cb mcis create` saved for the MCIS's default key pair.

type Access = {
  subGroups: {
    vms: { vmId: string; publicIp: string; privateIp: string; keyPair: { connection: string; name: string } }[];
  }[];
};

let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;
const servers: Sshd[] = [];
/** The saved private key of the MCIS's default key pair, its name and public key. */
let keyFile: string;
let keyPairName: string;
let publicKey: string;
/** The login user of the sshd servers (the one running the tests). */
let user: string;
let vms: Access["subGroups"][number]["vms"];

beforeAll(async () => {
  emulator = await startEmulator({ fronts: ["aws"], timeScale: 500 });
  env = { ...cbHome(), CB_PROFILE: "emu" };
  await writeEmulatorProfile(cliPaths(env), "emu", emulator, env);
  const created = await cb(
    ["mcis", "create", "dynamic", "fleet", "-c", "aws", "--spec", "t3.micro", "--image", "ubuntu 22.04", "--size", "2"],
    env,
  );
  expect(created.code).toBe(0);
  const saved = /private key of key pair (\S+) \(aws\) saved to (\S+)/.exec(created.stderr);
  expect(saved).not.toBeNull();
  keyFile = saved![2]!;
  keyPairName = saved![1]!;

  const access = await cbJson<Access>(["mcis", "access", "fleet"], env);
  vms = access.subGroups.flatMap((g) => g.vms);
  publicKey = execFileSync("ssh-keygen", ["-y", "-f", keyFile], { encoding: "utf8" }).trim();
  for (const vm of vms) {
    const server = await startSshd({ authorizedKeys: [publicKey], logLevel: "QUIET" });
    servers.push(server);
    emulator.world.sshEndpoints.set(vm.publicIp, { host: server.host, port: server.port });
  }
  user = servers[0]!.user;
  const endpoints = vms.flatMap((vm) => {
    const to = emulator.world.sshEndpoints.resolveEndpoint(vm);
    return ["--endpoint", `${vm.publicIp}=${to.host}:${to.port}`];
  });
  expect((await cb(["ssh", "config", "--user", user, ...endpoints], env)).code).toBe(0);
}, 240_000);
/** Agents the monitor test started (this machine's processes: ended by pid if the test fails). */
const agentPids: number[] = [];

afterAll(async () => {
  for (const pid of agentPids) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await Promise.all(servers.map((s) => s.close()));
  await emulator?.close();
});

describe("cb exec and cb scp", () => {
  it(
    "runs commands on every VM with prefixed output, pins host keys only when told, copies files",
    { timeout: 240_000 },
    async () => {
      expect(readFileSync(keyFile, "utf8")).toContain("PRIVATE KEY");
      expect(vms.map((v) => v.keyPair.name)).toEqual([keyPairName, keyPairName]);

      // A host key seen for the first time is refused without --accept-new-host-keys.
      const refused = await cb(["exec", "fleet", "--", "echo", "hi"], env);
      expect(refused.code).toBe(6);
      expect(refused.stderr).toContain(`unknown host key ${servers[0]!.fingerprint}`);
      expect(refused.stdout).toBe("");

      const ran = await cb(
        ["exec", "fleet", "--accept-new-host-keys", "--", "sh", "-c", "echo out; echo err >&2"],
        env,
      );
      expect(ran.code).toBe(0);
      expect(ran.stdout.split("\n").filter(Boolean).sort()).toEqual(["g1-1 | out", "g1-2 | out"]);
      expect(ran.stderr).toContain("g1-1 ! err");
      expect(ran.stderr).toContain("2/2 VMs exited 0");
      const pins = await cbJson<{ vmId: string; fingerprint: string }[]>(["ssh", "hostkeys"], env);
      expect(pins.map((p) => [p.vmId, p.fingerprint]).sort()).toEqual([
        ["g1-1", servers[0]!.fingerprint],
        ["g1-2", servers[1]!.fingerprint],
      ]);

      // Pinned now: no flag needed. One argument is a shell script; a non-zero exit is exit code 6.
      const failed = await cb(["exec", "fleet", "--vm", "g1-2", "--", "echo bad >&2; exit 3"], env);
      expect(failed.code).toBe(6);
      expect(failed.stderr).toMatch(/g1-2 exit 3/);
      expect(failed.stderr).toContain("failed on 1 of 1 VMs: g1-2");
      const json = await cb(["exec", "fleet", "-o", "json", "--", "printf", "%s", "a b"], env);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toMatchObject([
        { vmId: "g1-1", code: 0, stdout: "a b" },
        { vmId: "g1-2", code: 0, stdout: "a b" },
      ]);

      // The VM "rebuilt": a new sshd (a new host key) on the same address. Refused even with the
      // flag until its pin is forgotten explicitly.
      await servers[0]!.close();
      const rebuilt = await startSshd({ authorizedKeys: [publicKey], logLevel: "QUIET", port: servers[0]!.port });
      servers.push(rebuilt);
      const changed = await cb(["exec", "fleet", "--vm", "g1-1", "--accept-new-host-keys", "--", "true"], env);
      expect(changed.code).toBe(6);
      expect(changed.stderr).toContain(`presented ${rebuilt.fingerprint}`);
      expect((await cb(["ssh", "forget", "g1-1"], env)).code).toBe(0);
      expect((await cb(["exec", "fleet", "--vm", "g1-1", "--accept-new-host-keys", "--", "true"], env)).code).toBe(0);

      // Through a jump host: the VM is reached at its private IP from the bastion.
      const bastion = await startSshd({ authorizedKeys: [publicKey], logLevel: "DEBUG1" });
      servers.push(bastion);
      const second = vms[1]!;
      const jumped = await cb(
        [
          "exec",
          "fleet",
          "--vm",
          "g1-2",
          "--jump",
          `${user}@${bastion.host}:${bastion.port}`,
          "--endpoint",
          `${second.privateIp}=${servers[1]!.host}:${servers[1]!.port}`,
          "--accept-new-host-keys",
          // The jump host's key: -i (or ssh.keyFile); cb saved keys for the VMs only.
          "-i",
          keyFile,
          "--",
          "echo",
          "via",
        ],
        env,
      );
      expect(jumped.stderr).toContain("1/1 VMs exited 0");
      expect(jumped.stdout).toBe("g1-2 | via\n");
      expect(bastion.log()).toMatch(/direct-tcpip/);

      // Files both ways over SFTP; downloads from several VMs need {vmId} in the local path.
      const dir = env.HOME!;
      writeFileSync(join(dir, "up.txt"), "payload\n");
      const up = await cb(["scp", "fleet", "--vm", "g1-2", join(dir, "up.txt"), `:${join(dir, "remote.txt")}`], env);
      expect(up.code).toBe(0);
      expect(readFileSync(join(dir, "remote.txt"), "utf8")).toBe("payload\n");
      const down = await cb(
        ["scp", "fleet", "--vm", "g1-2", `:${join(dir, "remote.txt")}`, join(dir, "down-{vmId}.txt")],
        env,
      );
      expect(down.code).toBe(0);
      expect(readFileSync(join(dir, "down-g1-2.txt"), "utf8")).toBe("payload\n");
      expect((await cb(["scp", "fleet", "a", "b"], env)).code).toBe(2);
    },
  );
});

describe("cb monitor", () => {
  it(
    "installs the agent on the MCIS over SSH, collects what it pushes, and queries it per VM",
    { timeout: 240_000 },
    async () => {
      const withToken = { ...env, CB_MONITOR_TOKEN: "monitor-test-token" };
      const collector = startCb(
        ["monitor", "collect", "--listen", "127.0.0.1:0", "--token-env", "CB_MONITOR_TOKEN"],
        withToken,
      );
      let url: string;
      try {
        url = /collector ready: (\S+)/.exec(await waitForOutput(collector, "collector ready"))![1]!;
        // The agents run on this machine (the VMs' sshd are local): each in its own directory.
        const installed = await cb(
          [
            ...["monitor", "install-agent", "fleet", "--accept-new-host-keys", "--push-url", url],
            ...["--token-env", "CB_MONITOR_TOKEN", "--node", process.execPath, "--interval", "500ms"],
            ...["--agent-dir", join(env.HOME!, "agent-{vmId}"), "-o", "json"],
          ],
          withToken,
        );
        const results = JSON.parse(installed.stdout) as { vmId: string; ok: boolean; pid?: number }[];
        agentPids.push(...results.flatMap((r) => (r.pid === undefined ? [] : [r.pid])));
        expect(installed.code, installed.stderr).toBe(0);
        expect(results.map((r) => [r.vmId, r.ok])).toEqual([
          ["g1-1", true],
          ["g1-2", true],
        ]);
        // The store is the collector's while it runs: wait on its /metrics until both VMs reported cpu.
        const auth = { Authorization: "Bearer monitor-test-token" };
        for (let i = 0; ; i++) {
          const text = await (await fetch(`${url}/metrics`, { headers: auth })).text();
          if (["g1-1", "g1-2"].every((vm) => new RegExp(`cb_cpu_usage_user\\{[^}]*vm="${vm}"`).test(text))) break;
          if (i > 300) throw new Error(`no cpu from both VMs: ${text.slice(0, 500)}`);
          await new Promise((r) => setTimeout(r, 100));
        }
        const busy = await cb(["monitor", "fleet"], env);
        expect(busy.code).toBe(4); // the collector holds the store
        const stopped = await cb(
          ["monitor", "stop-agent", "fleet", "--agent-dir", join(env.HOME!, "agent-{vmId}")],
          env,
        );
        expect(stopped.code, stopped.stderr).toBe(0);
      } finally {
        collector.kill("SIGINT");
      }
      expect((await collector.output).code).toBe(0);

      type Answer = {
        measurement: string;
        fields: { field: string; series: { tags: { vm: string }; points: [number, number][] }[] }[];
      };
      const answer = await cbJson<Answer>(
        ["monitor", "fleet", "--metric", "cpu", "--field", "usage_user", "--since", "5m", "--group-by", "vm"],
        env,
      );
      expect(answer.measurement).toBe("cpu");
      const series = answer.fields[0]!.series;
      expect(series.map((s) => s.tags.vm).sort()).toEqual(["g1-1", "g1-2"]);
      for (const s of series) {
        expect(s.points.length).toBeGreaterThan(0);
        for (const [, value] of s.points) expect(value).toBeGreaterThanOrEqual(0);
      }
      const table = await cb(
        ["monitor", "fleet", "--vm", "g1-2", "--metric", "memory", "--field", "used_percent"],
        env,
      );
      expect(table.stdout).toMatch(/vm=g1-2/);
      expect(table.stdout).toContain("used_percent");
    },
  );
});
