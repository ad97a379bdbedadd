import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStore } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { hostKeyStoreKey, parsePublicKey, storeHostKeys } from "./host-keys.js";

function newPublicKey(): { line: string; fingerprint: string } {
  const dir = mkdtempSync(join(tmpdir(), "hostkey-test-"));
  try {
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "k")]);
    const fingerprint = execFileSync("ssh-keygen", ["-l", "-f", join(dir, "k.pub")], { encoding: "utf8" }).split(
      " ",
    )[1];
    return { line: readFileSync(join(dir, "k.pub"), "utf8"), fingerprint: fingerprint ?? "" };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("storeHostKeys", () => {
  it("pins on first use, matches after, refuses another key until re-pinned", async () => {
    const store = new MemoryStore();
    const trust = storeHostKeys(store, { now: () => new Date("2026-12-06T00:00:00Z") });
    const [first, second] = [newPublicKey(), newPublicKey()];
    const a = parsePublicKey(first.line);
    const b = parsePublicKey(second.line);
    expect(a).toMatchObject({ algorithm: "ssh-ed25519", fingerprint: first.fingerprint });

    expect(await trust.verify("vm-1", "10.0.0.5", 22, a)).toEqual({ outcome: "pinned" });
    expect(await trust.verify("vm-1", "10.0.0.5", 22, a)).toEqual({ outcome: "matched" });
    const verdict = await trust.verify("vm-1", "10.0.0.5", 22, b);
    expect(verdict).toMatchObject({ outcome: "mismatch", pinned: { fingerprint: a.fingerprint } });
    // Pins are per VM and per address: another VM or port pins its own.
    expect(await trust.verify("vm-2", "10.0.0.5", 22, b)).toEqual({ outcome: "pinned" });
    expect(await trust.verify("vm-1", "10.0.0.5", 2222, b)).toEqual({ outcome: "pinned" });

    const record = JSON.parse((await store.get(hostKeyStoreKey("vm-1", "10.0.0.5", 22)))?.value ?? "{}") as object;
    expect(record).toMatchObject({
      algorithm: "ssh-ed25519",
      fingerprint: a.fingerprint,
      pinnedAt: "2026-12-06T00:00:00.000Z",
    });
    expect(JSON.stringify(record)).not.toMatch(/PRIVATE/);

    await trust.repin("vm-1", "10.0.0.5", 22);
    expect(await trust.get("vm-1", "10.0.0.5", 22)).toBeUndefined();
    expect(await trust.verify("vm-1", "10.0.0.5", 22, b)).toEqual({ outcome: "pinned" });
    await trust.repin("vm-1", "10.0.0.5", 22, first.line);
    expect((await trust.get("vm-1", "10.0.0.5", 22))?.fingerprint).toBe(a.fingerprint);
  });

  it("lets one of two racing first connections pin, and compares the other", async () => {
    const trust = storeHostKeys(new MemoryStore());
    const [a, b] = [parsePublicKey(newPublicKey().line), parsePublicKey(newPublicKey().line)];
    const verdicts = await Promise.all([trust.verify("vm", "h", 22, a), trust.verify("vm", "h", 22, b)]);
    expect(verdicts.map((v) => v.outcome).sort()).toEqual(["mismatch", "pinned"]);
  });

  it("refuses text that is not an OpenSSH public key", () => {
    expect(() => parsePublicKey("ssh-rsa bm90IGEga2V5")).toThrow(/OpenSSH public key/);
    expect(() => parsePublicKey("")).toThrow(/OpenSSH public key/);
  });
});
