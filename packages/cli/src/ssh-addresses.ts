import type { RemoteTarget } from "@cloud-barista/mcis";
import { UsageError } from "./exit-codes.js";

// Parsers of the SSH addresses users type (endpoints, jump hosts). Kept apart from the remote
// plan so that `cb ssh config` loads no part of the MCIS package.

/** "host:port" or "[v6]:port". */
export function parseHostPort(text: string, what: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2];
  if (host === undefined || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new UsageError(`${what} must be HOST:PORT, got "${text}"`);
  }
  return { host, port };
}

/** A jump host `user@host[:port]`, its own target (its key pinned under "jump:host"). */
export function parseJumpHost(text: string): RemoteTarget {
  const at = text.indexOf("@");
  if (at <= 0) throw new UsageError(`the jump host must be USER@HOST[:PORT], got "${text}"`);
  const rest = text.slice(at + 1);
  const { host, port } = /:\d+$/.test(rest) ? parseHostPort(rest, "the jump host") : { host: rest, port: 22 };
  if (host === "") throw new UsageError(`the jump host must be USER@HOST[:PORT], got "${text}"`);
  return { vmId: `jump:${host}`, host, port, user: text.slice(0, at) };
}

/** "IP=HOST:PORT" pairs of `--endpoint` over the profile's `ssh.endpoints`. */
export function endpointMap(
  profileEndpoints: Record<string, string> | undefined,
  flags: readonly string[],
): Map<string, { host: string; port: number }> {
  const map = new Map<string, { host: string; port: number }>();
  for (const [address, where] of Object.entries(profileEndpoints ?? {})) {
    map.set(address, parseHostPort(where, `ssh.endpoints["${address}"]`));
  }
  for (const pair of flags) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`--endpoint must be IP=HOST:PORT, got "${pair}"`);
    map.set(pair.slice(0, at), parseHostPort(pair.slice(at + 1), "--endpoint"));
  }
  return map;
}
