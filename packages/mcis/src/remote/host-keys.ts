import { createHash } from "node:crypto";
import { compareAndSet, invalidArgument } from "@cloud-barista/core";
import type { Store } from "@cloud-barista/core";

/** A server's host key as presented in a handshake (public: safe to store and show). */
export interface HostKey {
  /** "ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-512"… (the key's own type name). */
  readonly algorithm: string;
  /** OpenSSH's SHA256 fingerprint, "SHA256:…" without padding. */
  readonly fingerprint: string;
  /** OpenSSH one-line form, "ssh-ed25519 AAAA…". */
  readonly publicKey: string;
}

export interface PinnedHostKey extends HostKey {
  readonly vmId: string;
  readonly host: string;
  readonly port: number;
  /** ISO time of pinning. */
  readonly pinnedAt: string;
}

/** The outcome of checking a host key: pinned now, matched, or a mismatch. */
export type HostKeyVerdict =
  { readonly outcome: "pinned" | "matched" } | { readonly outcome: "mismatch"; readonly pinned: PinnedHostKey };

/** Where host keys are pinned on first use (per VM, per address) and checked afterwards. */
export interface HostKeyTrust {
  /** Pins the key when none is pinned for this VM and address; otherwise compares. */
  verify(vmId: string, host: string, port: number, key: HostKey): Promise<HostKeyVerdict>;
  /** The key pinned for a VM and address, if any. */
  get(vmId: string, host: string, port: number): Promise<PinnedHostKey | undefined>;
  /**
   * The explicit re-pin after a host key changed (a rebuilt VM): without `publicKey` the pin is
   * dropped and the next connection pins what it sees; with it, exactly that key is pinned now.
   */
  repin(vmId: string, host: string, port: number, publicKey?: string): Promise<void>;
}

/** The store key of one pin: remote/hostkeys/<vmId>/<host>:<port>. */
export function hostKeyStoreKey(vmId: string, host: string, port: number): string {
  return `remote/hostkeys/${vmId}/${host}:${port}`;
}

/** Host key pins kept in core's Store, so every process of an installation trusts the same keys. */
export function storeHostKeys(store: Store, { now = () => new Date() }: { now?: () => Date } = {}): HostKeyTrust {
  const read = async (vmId: string, host: string, port: number) => {
    const entry = await store.get(hostKeyStoreKey(vmId, host, port));
    return entry === undefined ? undefined : { entry, pin: JSON.parse(entry.value) as PinnedHostKey };
  };
  const record = (vmId: string, host: string, port: number, key: HostKey): string =>
    JSON.stringify({ vmId, host, port, ...key, pinnedAt: now().toISOString() } satisfies PinnedHostKey);

  return {
    async verify(vmId, host, port, key) {
      // Two connections to a new VM may race to pin; the loser compares with the winner's pin.
      for (;;) {
        const found = await read(vmId, host, port);
        if (found === undefined) {
          const key_ = hostKeyStoreKey(vmId, host, port);
          if (await compareAndSet(store, key_, null, record(vmId, host, port, key))) return { outcome: "pinned" };
          continue;
        }
        const same = found.pin.fingerprint === key.fingerprint && found.pin.algorithm === key.algorithm;
        return same ? { outcome: "matched" } : { outcome: "mismatch", pinned: found.pin };
      }
    },
    async get(vmId, host, port) {
      return (await read(vmId, host, port))?.pin;
    },
    async repin(vmId, host, port, publicKey) {
      const storeKey = hostKeyStoreKey(vmId, host, port);
      if (publicKey === undefined) await store.delete(storeKey);
      else await store.put(storeKey, record(vmId, host, port, parsePublicKey(publicKey)));
    },
  };
}

/** A host key from the raw blob a server sends in its handshake. */
export function hostKeyFromBlob(blob: Buffer): HostKey {
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  const algorithm = blob.subarray(4, 4 + length).toString("latin1");
  return {
    algorithm,
    fingerprint: `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`,
    publicKey: `${algorithm} ${blob.toString("base64")}`,
  };
}

/** A host key from its OpenSSH one-line form ("ssh-ed25519 AAAA… comment"). */
export function parsePublicKey(line: string): HostKey {
  const [algorithm, base64] = line.trim().split(/\s+/);
  const blob = Buffer.from(base64 ?? "", "base64");
  const key = hostKeyFromBlob(blob);
  if (algorithm === undefined || blob.length === 0 || key.algorithm !== algorithm) {
    throw invalidArgument("publicKey", "openssh-public-key", "expected an OpenSSH public key line");
  }
  return key;
}
