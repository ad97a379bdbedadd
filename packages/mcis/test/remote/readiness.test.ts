import { MemoryStore } from "@cloud-barista/core";
import { sshKeyPair, startSshd } from "@cloud-barista/test-support";
import type { Sshd } from "@cloud-barista/test-support";
import { afterEach, describe, expect, it } from "vitest";
import { isRemoteError, storeHostKeys, waitForSsh } from "../../src/index.js";
import { clientKey, targetOf } from "./fixture.js";

describe("waitForSsh", () => {
  const servers: Sshd[] = [];
  const start = async (port?: number): Promise<Sshd> => {
    const server = await startSshd({ authorizedKeys: [clientKey.publicKey], ...(port ? { port } : {}) });
    servers.push(server);
    return server;
  };
  afterEach(async () => void (await Promise.all(servers.splice(0).map((s) => s.close()))));

  /** A port on which nothing listens (a server that was started and closed again). */
  async function deadTarget(vmId: string) {
    const server = await startSshd({ authorizedKeys: [] });
    await server.close();
    return targetOf(vmId, server);
  }

  it("waits for a VM whose SSH server comes up late, and reports one that never does", async () => {
    const late = await deadTarget("vm-late");
    const never = await deadTarget("vm-never");
    const options = { privateKey: clientKey.privateKey, hostKeys: storeHostKeys(new MemoryStore()), intervalMs: 100 };
    const waiting = Promise.all([
      waitForSsh([late], { ...options, deadlineMs: 20_000 }),
      waitForSsh([never], { ...options, deadlineMs: 1_500 }),
    ]).then((results) => results.flat());
    await new Promise((resolve) => setTimeout(resolve, 500));
    await start(late.port);
    const [lateResult, neverResult] = await waiting;
    expect(lateResult).toMatchObject({ vmId: "vm-late", ready: true });
    expect(lateResult?.attempts).toBeGreaterThan(1);
    expect(neverResult).toMatchObject({ vmId: "vm-never", ready: false });
    expect(isRemoteError(neverResult?.error, "Timeout")).toBe(true);
    expect(neverResult?.error?.message).toMatch(/last: .*ECONNREFUSED/);
  });

  it("keeps trying a refused login until the deadline, but stops at once on a changed host key", async () => {
    const server = await start();
    const vm = targetOf("vm-1", server);
    const refused = await waitForSsh([vm], { privateKey: sshKeyPair().privateKey, deadlineMs: 2_000, intervalMs: 100 });
    expect(refused[0]).toMatchObject({ ready: false, error: { remoteCode: "Timeout" } });
    expect(refused[0]?.attempts).toBeGreaterThan(1);
    expect(refused[0]?.error?.message).toMatch(/last: .*login as/);

    const hostKeys = storeHostKeys(new MemoryStore());
    await hostKeys.repin("vm-1", server.host, server.port, (await start()).hostKey);
    const changed = await waitForSsh([vm], {
      privateKey: clientKey.privateKey,
      hostKeys,
      deadlineMs: 10_000,
      intervalMs: 100,
    });
    expect(changed[0]).toMatchObject({ ready: false, attempts: 1, error: { remoteCode: "HostKeyMismatch" } });
  });

  it("stops waiting when aborted", async () => {
    const controller = new AbortController();
    const waiting = waitForSsh([await deadTarget("vm-x")], {
      privateKey: clientKey.privateKey,
      deadlineMs: 10_000,
      intervalMs: 100,
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(), 300);
    const [result] = await waiting;
    expect(result).toMatchObject({ ready: false, error: { remoteCode: "Aborted" } });
  });
});
