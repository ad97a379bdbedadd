import { spawn, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

// Remote-command tests talk to real OpenSSH servers (Debian's openssh-server) on loopback ports,
// one per emulated VM. Each server lives in its own temp dir with its own host key and config,
// runs in the foreground as the current user, and lets that user in with the given public keys.

const SSHD = process.env["SSHD_PATH"] ?? "/usr/sbin/sshd";

export interface SshdOptions {
  /** Public keys (OpenSSH one-line format) allowed to log in as the current user. */
  readonly authorizedKeys: readonly string[];
  /** Address to listen on (default 127.0.0.1; any 127.x.y.z works on Linux loopback). */
  readonly listenAddress?: string;
  /** A fixed port (e.g. to restart a "VM" with a new host key on the same port); default: a free one. */
  readonly port?: number;
  /** sshd's LogLevel (default VERBOSE; DEBUG1 shows forwarding requests). */
  readonly logLevel?: "QUIET" | "INFO" | "VERBOSE" | "DEBUG1";
  /** Extra sshd_config lines; they come first, so they override the defaults (no Match blocks). */
  readonly extraConfig?: readonly string[];
  /**
   * Whether sshd asks PAM (default: not as root, so containers need no PAM session modules; yes as
   * another user, because sshd without PAM cannot read the shadow file then and refuses accounts it
   * takes for locked, as many CI and service users are).
   */
  readonly usePam?: boolean;
  /** Milliseconds to wait for the banner (default 10 000). */
  readonly startTimeoutMs?: number;
}

export interface Sshd {
  readonly host: string;
  readonly port: number;
  /** The server's public host key, OpenSSH one-line format ("ssh-ed25519 AAAA..."). */
  readonly hostKey: string;
  /** The host key's fingerprint as OpenSSH prints it ("SHA256:..." without padding). */
  readonly fingerprint: string;
  /** The user commands run as (the one running the tests). */
  readonly user: string;
  /**
   * The sessions' HOME: an empty directory of this server's, so login shells never read the
   * machine's dotfiles (a CI host's ~/.bashrc may print to stderr under concurrent logins).
   */
  readonly home: string;
  /** Everything sshd logged so far (connections, auth decisions, forwarding at DEBUG1). */
  readonly log: () => string;
  /** Kills the server (SIGTERM, then SIGKILL) and removes its directory. */
  readonly close: () => Promise<void>;
}

export interface SshKeyPair {
  /** OpenSSH private key text (unencrypted). */
  readonly privateKey: string;
  /** OpenSSH one-line public key. */
  readonly publicKey: string;
}

/** A fresh ed25519 key pair made by ssh-keygen (for clients or servers in tests). */
export function sshKeyPair(comment = "test"): SshKeyPair {
  const dir = mkdtempSync(join(tmpdir(), "barista-key-"));
  try {
    const file = join(dir, "id_ed25519");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file], {
      stdio: "ignore",
    });
    return { privateKey: readFileSync(file, "utf8"), publicKey: readFileSync(`${file}.pub`, "utf8").trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** OpenSSH's SHA256 fingerprint of a one-line public key. */
export function sshFingerprint(publicKey: string): string {
  const blob = Buffer.from(publicKey.trim().split(/\s+/)[1] ?? "", "base64");
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** Starts a real sshd on loopback; resolves once it answers with an SSH banner. */
export async function startSshd(options: SshdOptions): Promise<Sshd> {
  const host = options.listenAddress ?? "127.0.0.1";
  // As root, sshd separates privileges into a chroot that must exist (systemd makes it at boot,
  // containers usually lack it). As another user sshd runs unprivileged and needs none.
  if (process.getuid?.() === 0) mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), "barista-sshd-"));
  try {
    const hostKeyFile = join(dir, "ssh_host_ed25519_key");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "barista-test-host", "-f", hostKeyFile], {
      stdio: "ignore",
    });
    const hostKey = readFileSync(`${hostKeyFile}.pub`, "utf8").trim().split(/\s+/).slice(0, 2).join(" ");
    writeFileSync(join(dir, "authorized_keys"), options.authorizedKeys.map((k) => `${k.trim()}\n`).join(""), {
      mode: 0o600,
    });
    // A port picked free can be taken before sshd binds it; pick again then (never for a fixed port).
    for (let attempt = 1; ; attempt++) {
      const port = options.port ?? (await freePort(host));
      try {
        return await launch(dir, host, port, hostKey, hostKeyFile, options);
      } catch (error) {
        if (options.port !== undefined || attempt >= 5 || !String(error).includes("Bind to port")) throw error;
      }
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function launch(
  dir: string,
  host: string,
  port: number,
  hostKey: string,
  hostKeyFile: string,
  options: SshdOptions,
): Promise<Sshd> {
  const config = join(dir, "sshd_config");
  const home = join(dir, "home");
  mkdirSync(home, { recursive: true });
  writeFileSync(
    config,
    [
      // sshd keeps the first value it reads for a keyword: the caller's lines override the defaults.
      ...(options.extraConfig ?? []),
      `ListenAddress ${host}`,
      `Port ${port}`,
      `HostKey ${hostKeyFile}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      "StrictModes no",
      `UsePAM ${usePam(options) ? "yes" : "no"}`,
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PubkeyAuthentication yes",
      // Tests run as root in CI and containers; root logs in with a key like anyone else here.
      "PermitRootLogin prohibit-password",
      "AllowTcpForwarding yes",
      "Subsystem sftp internal-sftp",
      // Many "VMs" may share one server and connect at once; sshd's defaults would drop some.
      "MaxStartups 500",
      "MaxSessions 100",
      "UseDNS no",
      "PrintMotd no",
      "PrintLastLog no",
      // sshd still starts sessions in the account's home directory; only dotfile lookups move.
      `SetEnv HOME=${home}`,
      `LogLevel ${options.logLevel ?? "VERBOSE"}`,
      "",
    ].join("\n"),
  );
  const child = spawn(SSHD, ["-D", "-e", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  child.once("error", (error) => (log += `spawn failed: ${error.message}\n`));

  const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  while (!(await answersBanner(host, port))) {
    if (gone || Date.now() > deadline) {
      child.kill("SIGKILL");
      await exited;
      throw new Error(`sshd on ${host}:${port} did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  let closed: Promise<void> | undefined;
  return {
    host,
    port,
    hostKey,
    fingerprint: sshFingerprint(hostKey),
    user: userInfo().username,
    home,
    log: () => log,
    close: () =>
      (closed ??= (async () => {
        if (!gone) {
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
          await exited;
          clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true });
      })()),
  };
}

function usePam(options: SshdOptions): boolean {
  return options.usePam ?? (process.getuid?.() !== 0 && existsSync("/etc/pam.d/sshd"));
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True once the port accepts and the server sends its identification line. */
function answersBanner(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let seen = "";
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("error", () => done(false));
    socket.on("data", (d: Buffer) => {
      seen += d.toString("latin1");
      if (seen.includes("\n")) done(seen.startsWith("SSH-2.0-"));
    });
    socket.once("end", () => done(false));
  });
}
