import type { Duplex } from "node:stream";
import { invalidArgument } from "@cloud-barista/core";
import ssh2 from "ssh2";
import type { Client, ConnectConfig } from "ssh2";
import { RemoteError, describeCause } from "./errors.js";
import { hostKeyFromBlob } from "./host-keys.js";
import type { HostKey, HostKeyTrust, PinnedHostKey } from "./host-keys.js";
import { portOf } from "./target.js";
import type { RemoteTarget } from "./target.js";

/** How to log in. The SDK keeps no private key: it is used for the handshake and dropped. */
export interface RemoteAuth {
  /** The private key (OpenSSH or PEM text) for every target and jump host. */
  readonly privateKey?: string | Buffer;
  /** Or a key per target (called for each VM and each jump host, when connecting). */
  readonly keyProvider?: (target: RemoteTarget) => Promise<string | Buffer> | string | Buffer;
  /** For an encrypted private key. */
  readonly passphrase?: string;
}

export interface SessionOptions extends RemoteAuth {
  readonly hostKeys: HostKeyTrust;
  /** Milliseconds for the TCP connect plus SSH handshake and login of each hop (default 20 000). */
  readonly connectTimeoutMs?: number;
}

/** An authenticated SSH connection to a target, with the jump hosts it went through. */
export interface Session {
  readonly client: Client;
  /** Ends the connection and every jump host's connection behind it. */
  readonly close: () => void;
}

/** Connects (through `via` hops, each checked against its own pinned host key) and logs in. */
export async function openSession(
  target: RemoteTarget,
  options: SessionOptions,
  signal: AbortSignal,
): Promise<Session> {
  if (signal.aborted) throw signal.reason;
  if (target.via === undefined) {
    const client = await login(target, options, signal, undefined);
    return { client, close: () => client.end() };
  }
  const hop = await openSession(target.via, options, signal);
  try {
    const tunnel = await forward(hop.client, target, signal);
    const client = await login(target, options, signal, tunnel);
    return {
      client,
      close() {
        client.end();
        hop.close();
      },
    };
  } catch (error) {
    hop.close();
    throw error;
  }
}

function where(target: RemoteTarget): { vmId: string; host: string; port: number } {
  return { vmId: target.vmId, host: target.host, port: portOf(target) };
}

/** A TCP stream from the jump host to the target (ssh2's direct-tcpip channel). */
function forward(hop: Client, target: RemoteTarget, signal: AbortSignal): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    hop.forwardOut("127.0.0.1", 0, target.host, portOf(target), (error, channel) => {
      signal.removeEventListener("abort", onAbort);
      if (error) {
        const reason = `the jump host ${target.via?.vmId ?? ""} could not reach it: ${describeCause(error)}`;
        reject(new RemoteError("Unreachable", reason, { ...where(target), cause: error }));
      } else resolve(channel);
    });
  });
}

async function privateKeyFor(target: RemoteTarget, options: SessionOptions): Promise<string | Buffer> {
  const key = options.privateKey ?? (await options.keyProvider?.(target));
  if (key === undefined) throw invalidArgument("privateKey", "required", "pass privateKey or keyProvider");
  return key;
}

function login(
  target: RemoteTarget,
  options: SessionOptions,
  signal: AbortSignal,
  sock: Duplex | undefined,
): Promise<Client> {
  return privateKeyFor(target, options).then(
    (privateKey) =>
      new Promise<Client>((resolve, reject) => {
        const client = new ssh2.Client();
        let settled = false;
        let presented: HostKey | undefined;
        let mismatch: PinnedHostKey | undefined;
        let trustFailure: unknown;
        const settle = (error: Error): void => {
          if (settled) return;
          settled = true;
          signal.removeEventListener("abort", onAbort);
          client.end();
          reject(error);
        };
        const onAbort = (): void => settle(signal.reason as Error); // scope.ts aborts with a RemoteError
        signal.addEventListener("abort", onAbort, { once: true });

        client.once("ready", () => {
          if (settled) return void client.end();
          settled = true;
          signal.removeEventListener("abort", onAbort);
          resolve(client);
        });
        client.on("error", (error: Error & { level?: string; code?: string }) => {
          if (mismatch !== undefined && presented !== undefined) {
            const text = `host key changed: pinned ${mismatch.fingerprint} (${mismatch.algorithm}), presented ${presented.fingerprint} (${presented.algorithm}); re-pin explicitly if the VM was rebuilt`;
            const fingerprints = {
              pinnedFingerprint: mismatch.fingerprint,
              presentedFingerprint: presented.fingerprint,
            };
            return settle(new RemoteError("HostKeyMismatch", text, { ...where(target), ...fingerprints }));
          }
          if (trustFailure !== undefined) return settle(trustFailure as Error);
          settle(classify(error, target, options.connectTimeoutMs ?? 20_000));
        });
        client.on("close", () =>
          settle(new RemoteError("Unreachable", "connection closed before login", where(target))),
        );

        const config: ConnectConfig = {
          host: target.host,
          port: portOf(target),
          username: target.user,
          privateKey,
          readyTimeout: options.connectTimeoutMs ?? 20_000,
          hostVerifier: (blob: Buffer, verify: (valid: boolean) => void): void => {
            const key = hostKeyFromBlob(blob);
            presented = key;
            options.hostKeys.verify(target.vmId, target.host, portOf(target), key).then(
              (verdict) => {
                if (verdict.outcome === "mismatch") mismatch = verdict.pinned;
                verify(verdict.outcome !== "mismatch");
              },
              (error: unknown) => {
                trustFailure = error;
                verify(false);
              },
            );
          },
          ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
          ...(sock === undefined ? {} : { sock }),
        };
        try {
          client.connect(config);
        } catch {
          // ssh2 throws here for a key it cannot parse; its message is not repeated (no key material).
          settle(invalidArgument("privateKey", "parse", `the private key for ${target.vmId} could not be parsed`));
        }
      }),
  );
}

const unreachableCodes = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

function classify(
  error: Error & { level?: string; code?: string },
  target: RemoteTarget,
  timeoutMs: number,
): RemoteError {
  const details = { ...where(target), cause: error };
  if (error.level === "client-authentication") {
    return new RemoteError("AuthRefused", `login as ${target.user} refused: ${describeCause(error)}`, details);
  }
  if (error.level === "client-timeout") {
    return new RemoteError("Timeout", `SSH handshake not finished within ${timeoutMs} ms`, details);
  }
  if (error.level === "client-socket" || error.level === "client-dns" || unreachableCodes.has(error.code ?? "")) {
    return new RemoteError("Unreachable", describeCause(error), details);
  }
  return new RemoteError("Unreachable", `SSH handshake failed: ${describeCause(error)}`, details);
}
