import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStore } from "@cloud-barista/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadFile, isRemoteError, storeHostKeys, uploadFile } from "../../src/index.js";
import type { TransferProgress } from "../../src/index.js";
import { clientKey, startVms } from "./fixture.js";

const sha256 = (data: Buffer): string => createHash("sha256").update(data).digest("hex");

// The servers run as this user on this machine, so "remote" paths are in a local temp dir; each
// VM gets its own remote directory so that no two uploads can satisfy each other's checks.
describe("uploadFile and downloadFile over SFTP", () => {
  let vms: Awaited<ReturnType<typeof startVms>>;
  const dir = mkdtempSync(join(tmpdir(), "barista-files-"));
  const options = () => ({ privateKey: clientKey.privateKey, hostKeys: storeHostKeys(new MemoryStore()) });

  beforeAll(async () => {
    vms = await startVms(3);
  });
  afterAll(async () => {
    await vms.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("uploads a file of a few MB and downloads identical bytes, with progress", async () => {
    const data = randomBytes(3 * 1024 * 1024 + 12_345);
    const local = join(dir, "payload.bin");
    writeFileSync(local, data);
    const remote = join(dir, "remote-payload.bin");
    const targets = vms.targets.slice(0, 1);

    const up: TransferProgress[] = [];
    const uploaded = await uploadFile(targets, local, remote, { ...options(), onProgress: (p) => up.push(p) });
    expect(uploaded.ok).toEqual(["vm-1"]);
    expect(uploaded.results[0]?.bytes).toBe(data.length);
    expect(sha256(readFileSync(remote))).toBe(sha256(data));
    expect(up.every((p) => p.totalBytes === data.length && p.vmId === "vm-1")).toBe(true);
    expect(up.at(-1)?.bytes).toBe(data.length);
    expect(up.length).toBeGreaterThan(2);
    expect(up.map((p) => p.bytes)).toEqual([...up.map((p) => p.bytes)].sort((a, b) => a - b));

    rmSync(local);
    const down: TransferProgress[] = [];
    const downloaded = await downloadFile(targets, remote, join(dir, "back-{vmId}.bin"), {
      ...options(),
      onProgress: (p) => down.push(p),
    });
    expect(downloaded.ok).toEqual(["vm-1"]);
    expect(sha256(readFileSync(join(dir, "back-vm-1.bin")))).toBe(sha256(data));
    expect(down.at(-1)).toEqual({ vmId: "vm-1", bytes: data.length, totalBytes: data.length });
  });

  it("uploads bytes from memory to many VMs and downloads each VM's copy to its own file", async () => {
    const data = randomBytes(1024 * 1024 + 7);
    const remotePath = (vmId: string) => join(dir, `mem-${vmId}.bin`);
    // The "VMs" share this machine's disk, so each gets its own remote name.
    for (const target of vms.targets) {
      const up = await uploadFile([target], data, remotePath(target.vmId), options());
      expect(up.ok).toEqual([target.vmId]);
    }
    const progress: TransferProgress[] = [];
    const down = await Promise.all(
      vms.targets.map((t) =>
        downloadFile([t], remotePath(t.vmId), (target) => join(dir, `copy-${target.vmId}.bin`), {
          ...options(),
          onProgress: (p) => progress.push(p),
        }),
      ),
    );
    expect(down.flatMap((s) => s.ok)).toEqual(["vm-1", "vm-2", "vm-3"]);
    for (const t of vms.targets) expect(sha256(readFileSync(join(dir, `copy-${t.vmId}.bin`)))).toBe(sha256(data));
    expect(new Set(progress.map((p) => p.vmId))).toEqual(new Set(["vm-1", "vm-2", "vm-3"]));
  });

  it("reports a missing remote file per VM, leaves no partial file, and refuses a shared local path", async () => {
    const summary = await downloadFile(vms.targets.slice(0, 2), join(dir, "missing"), join(dir, "x-{vmId}"), options());
    expect(summary.failed).toEqual(["vm-1", "vm-2"]);
    expect(isRemoteError(summary.results[0]?.error, "TransferFailed")).toBe(true);
    expect(() => readFileSync(join(dir, "x-vm-1.part"))).toThrow();
    await expect(downloadFile(vms.targets, "/etc/hostname", join(dir, "same"), options())).rejects.toThrow(/\{vmId\}/);
  });
});
