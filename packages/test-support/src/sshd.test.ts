import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sshFingerprint, sshKeyPair, startSshd } from "./sshd.js";
import type { Sshd } from "./sshd.js";

const run = promisify(execFile);

// OpenSSH's own client checks the harness: the host key it reports must be the one the server
// proves, and the authorized key must run a real command as the current user.
describe("startSshd", () => {
  const client = sshKeyPair("client");
  const dir = mkdtempSync(join(tmpdir(), "barista-sshd-test-"));
  let sshd: Sshd;

  beforeAll(async () => {
    sshd = await startSshd({ authorizedKeys: [client.publicKey] });
  });
  afterAll(async () => {
    await sshd.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function ssh(key: string, knownHost: string, command: string): Promise<{ stdout: string; stderr: string }> {
    writeFileSync(join(dir, "id"), key, { mode: 0o600 });
    writeFileSync(join(dir, "known_hosts"), `[${sshd.host}]:${sshd.port} ${knownHost}\n`);
    return run("ssh", [
      ...["-i", join(dir, "id"), "-p", String(sshd.port), "-F", "/dev/null"],
      ...["-o", `UserKnownHostsFile=${join(dir, "known_hosts")}`, "-o", "StrictHostKeyChecking=yes"],
      ...["-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", `${sshd.user}@${sshd.host}`, command],
    ]);
  }

  it("runs a command as the current user, proving the host key it reports", async () => {
    expect(sshd.host).toBe("127.0.0.1");
    expect(sshd.hostKey).toMatch(/^ssh-ed25519 AAAA/);
    expect(sshd.fingerprint).toBe(sshFingerprint(sshd.hostKey));
    const { stdout } = await ssh(client.privateKey, sshd.hostKey, "id -un; echo $((6 * 7))");
    expect(stdout).toBe(`${sshd.user}\n42\n`);
    expect(sshd.log()).toContain("Accepted publickey");
  });

  it("gives sessions a HOME of their own, so the machine's dotfiles stay out of the output", async () => {
    writeFileSync(join(sshd.home, ".bashrc"), "echo from-isolated-bashrc >&2\n");
    const { stdout, stderr } = await ssh(client.privateKey, sshd.hostKey, 'echo "$HOME"; pwd');
    const [home, cwd] = stdout.trim().split("\n");
    expect(home).toBe(sshd.home);
    expect(cwd).not.toBe(sshd.home);
    // A bash login reads the isolated .bashrc (proof the lookup moved there); other shells read none.
    if (userInfo().shell?.endsWith("bash")) expect(stderr).toContain("from-isolated-bashrc");
  });

  it("refuses a key it was not given and a client expecting another host key", async () => {
    await expect(ssh(sshKeyPair("stranger").privateKey, sshd.hostKey, "true")).rejects.toThrow(/Permission denied/);
    const other = sshKeyPair("other-host").publicKey.split(" ").slice(0, 2).join(" ");
    await expect(ssh(client.privateKey, other, "true")).rejects.toThrow(/HOST IDENTIFICATION HAS CHANGED/);
  });

  it("fingerprints like ssh-keygen -l", async () => {
    writeFileSync(join(dir, "host.pub"), `${sshd.hostKey}\n`);
    const { stdout } = await run("ssh-keygen", ["-l", "-f", join(dir, "host.pub")]);
    expect(stdout.split(" ")[1]).toBe(sshd.fingerprint);
  });

  it("restarts on the same port with a new host key, and close removes the server", async () => {
    const first = await startSshd({ authorizedKeys: [client.publicKey] });
    await first.close();
    const second = await startSshd({ authorizedKeys: [client.publicKey], port: first.port });
    try {
      expect(second.port).toBe(first.port);
      expect(second.fingerprint).not.toBe(first.fingerprint);
    } finally {
      await second.close();
    }
    await expect(
      startSshd({ authorizedKeys: [], port: second.port, startTimeoutMs: 50, extraConfig: ["Bogus yes"] }),
    ).rejects.toThrow(/did not start/);
  });
});
