import { MemoryStore } from "@cloud-barista/core";
import { startSshd } from "@cloud-barista/test-support";
import type { Sshd } from "@cloud-barista/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRemoteError, runCommandSummary, storeHostKeys, targetsOf } from "../../src/index.js";
import type { RemoteTarget } from "../../src/index.js";
import { clientKey, targetOf } from "./fixture.js";

// The bastion listens on 127.0.0.1, the VM behind it on 127.0.0.2 (Linux routes all of 127/8 to
// loopback). That the path really runs through the bastion is shown twice: the bastion logs the
// forwarding request, and a bastion that forbids forwarding makes the same VM unreachable.
describe("a jump host", () => {
  let bastion: Sshd;
  let closedBastion: Sshd;
  let inner: Sshd;

  beforeAll(async () => {
    [bastion, closedBastion, inner] = await Promise.all([
      startSshd({ authorizedKeys: [clientKey.publicKey], logLevel: "DEBUG1" }),
      startSshd({ authorizedKeys: [clientKey.publicKey], extraConfig: ["AllowTcpForwarding no"] }),
      startSshd({ authorizedKeys: [clientKey.publicKey], listenAddress: "127.0.0.2" }),
    ]);
  });
  afterAll(async () => void (await Promise.all([bastion, closedBastion, inner].map((s) => s.close()))));

  it("reaches a VM through the bastion, pinning each host's key under its own VM", async () => {
    const hostKeys = storeHostKeys(new MemoryStore());
    const via = targetOf("bastion", bastion);
    const [vm] = targetsOf(
      [
        {
          vmId: "inner-1",
          subGroup: "private",
          connection: "c",
          status: "Running",
          privateIp: inner.host,
          sshPort: inner.port,
          keyPair: { connection: "c", name: "k" },
        },
      ],
      { user: inner.user, via },
    );
    expect(vm).toMatchObject({ host: "127.0.0.2", via });

    const summary = await runCommandSummary([vm!], ["sh", "-c", 'echo "${SSH_CONNECTION##* }"'], {
      privateKey: clientKey.privateKey,
      hostKeys,
    });
    expect(summary.results[0]).toMatchObject({ code: 0, stdout: `${inner.port}\n` });
    expect(bastion.log()).toMatch(/server_input_channel_open: confirm direct-tcpip/);
    expect((await hostKeys.get("bastion", bastion.host, bastion.port))?.fingerprint).toBe(bastion.fingerprint);
    expect((await hostKeys.get("inner-1", inner.host, inner.port))?.fingerprint).toBe(inner.fingerprint);
  });

  it("fails as Unreachable, naming the bastion, when the bastion will not forward", async () => {
    const vm: RemoteTarget = { ...targetOf("inner-1", inner), via: targetOf("bastion-2", closedBastion) };
    const summary = await runCommandSummary([vm], ["true"], { privateKey: clientKey.privateKey });
    const error = summary.results[0]?.error;
    expect(isRemoteError(error, "Unreachable")).toBe(true);
    expect(error?.message).toMatch(/jump host bastion-2/);
  });

  it("reports a bastion's own failure (here a refused login) for the VM behind it", async () => {
    const vm: RemoteTarget = {
      ...targetOf("inner-1", inner),
      via: { ...targetOf("bastion", bastion), user: "nobody" },
    };
    const summary = await runCommandSummary([vm], ["true"], { privateKey: clientKey.privateKey });
    expect(summary.results[0]).toMatchObject({
      vmId: "inner-1",
      error: { remoteCode: "AuthRefused", vmId: "bastion" },
    });
  });
});
