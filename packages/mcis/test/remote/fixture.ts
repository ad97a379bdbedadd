import { sshKeyPair, startSshd } from "@cloud-barista/test-support";
import type { Sshd, SshdOptions } from "@cloud-barista/test-support";
import type { RemoteTarget } from "../../src/index.js";

/** The client key every test server lets in (made once per test file). */
export const clientKey = sshKeyPair("barista-remote-test");

/** Starts `count` servers standing in for VMs vm-1…vm-N, and their targets. */
export async function startVms(
  count: number,
  options: Partial<SshdOptions> = {},
): Promise<{ servers: Sshd[]; targets: RemoteTarget[]; close: () => Promise<void> }> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => startSshd({ authorizedKeys: [clientKey.publicKey], ...options })),
  );
  return {
    servers,
    targets: servers.map((s, i) => targetOf(`vm-${i + 1}`, s)),
    close: async () => void (await Promise.all(servers.map((s) => s.close()))),
  };
}

export function targetOf(vmId: string, server: Sshd): RemoteTarget {
  return { vmId, host: server.host, port: server.port, user: server.user };
}
