import { MemoryStore } from "@cloud-barista/core";
import { startSshd } from "@cloud-barista/test-support";
import type { Sshd } from "@cloud-barista/test-support";
import { afterEach, describe, expect, it } from "vitest";
import { hostKeyStoreKey, isRemoteError, runCommandSummary, storeHostKeys } from "../../src/index.js";
import type { RemoteTarget } from "../../src/index.js";
import { clientKey, targetOf } from "./fixture.js";

describe("host keys pinned on first use", () => {
  const servers: Sshd[] = [];
  const start = async (port?: number) => {
    const server = await startSshd({ authorizedKeys: [clientKey.publicKey], ...(port ? { port } : {}) });
    servers.push(server);
    return server;
  };
  afterEach(async () => void (await Promise.all(servers.splice(0).map((s) => s.close()))));

  it("refuses a VM whose host key changed, until the caller re-pins it", async () => {
    const store = new MemoryStore();
    const hostKeys = storeHostKeys(store);
    const options = { privateKey: clientKey.privateKey, hostKeys };
    const first = await start();
    const vm = targetOf("vm-1", first);

    expect((await runCommandSummary([vm], ["true"], options)).ok).toEqual(["vm-1"]);
    const pin = await hostKeys.get("vm-1", vm.host, first.port);
    expect(pin).toMatchObject({ algorithm: "ssh-ed25519", fingerprint: first.fingerprint, publicKey: first.hostKey });
    expect(await store.get(hostKeyStoreKey("vm-1", vm.host, first.port))).toBeDefined();

    // The "VM" is rebuilt: same address and port, a new host key.
    await first.close();
    const rebuilt = await start(first.port);
    expect(rebuilt.fingerprint).not.toBe(first.fingerprint);
    const refused = await runCommandSummary([vm], ["touch", "/tmp/should-not-run"], options);
    const error = refused.results[0]?.error;
    expect(isRemoteError(error, "HostKeyMismatch")).toBe(true);
    expect(error).toMatchObject({
      code: "PermissionDenied",
      pinnedFingerprint: first.fingerprint,
      presentedFingerprint: rebuilt.fingerprint,
    });
    expect(error?.message).toContain(first.fingerprint);
    expect(error?.message).toContain(rebuilt.fingerprint);
    // Refused again on another call: nothing re-pinned it behind the caller's back.
    expect(isRemoteError((await runCommandSummary([vm], ["true"], options)).results[0]?.error, "HostKeyMismatch")).toBe(
      true,
    );

    await hostKeys.repin("vm-1", vm.host, first.port, rebuilt.hostKey);
    const accepted = await runCommandSummary([vm], ["echo", "ok"], options);
    expect(accepted.results[0]).toMatchObject({ code: 0, stdout: "ok\n" });
  });

  it("pins per VM: two VMs behind one address and port each keep their own pin", async () => {
    const server = await start();
    const hostKeys = storeHostKeys(new MemoryStore());
    const a: RemoteTarget = targetOf("vm-a", server);
    const b: RemoteTarget = targetOf("vm-b", server);
    // vm-b was pinned (by the caller) to another server's key, vm-a has no pin yet.
    await hostKeys.repin("vm-b", server.host, server.port, (await start()).hostKey);
    const summary = await runCommandSummary([a, b], ["true"], { privateKey: clientKey.privateKey, hostKeys });
    expect(summary.ok).toEqual(["vm-a"]);
    expect(isRemoteError(summary.results[1]?.error, "HostKeyMismatch")).toBe(true);
    expect((await hostKeys.get("vm-a", server.host, server.port))?.fingerprint).toBe(server.fingerprint);
  });
});
