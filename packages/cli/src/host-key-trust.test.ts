import { MemoryStore, isBaristaError } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { cliHostKeys } from "./host-key-trust.js";

const key = { algorithm: "ssh-ed25519", fingerprint: "SHA256:abc", publicKey: "ssh-ed25519 AAAA" };
const other = { ...key, fingerprint: "SHA256:def" };

describe("cb's host-key trust", () => {
  it("refuses a key seen for the first time unless told to accept it, then matches it", async () => {
    const store = new MemoryStore();
    const refused = await cliHostKeys(store, false)
      .verify("vm-1", "10.0.0.1", 22, key)
      .catch((e: unknown) => e);
    expect(isBaristaError(refused, "PermissionDenied")).toBe(true);
    expect(String((refused as Error).message)).toContain("SHA256:abc");
    expect(await store.list("")).toEqual([]);

    expect(await cliHostKeys(store, true).verify("vm-1", "10.0.0.1", 22, key)).toEqual({ outcome: "pinned" });
    // Pinned: later runs need no flag, and a changed key is a mismatch even with it.
    expect(await cliHostKeys(store, false).verify("vm-1", "10.0.0.1", 22, key)).toEqual({ outcome: "matched" });
    expect((await cliHostKeys(store, true).verify("vm-1", "10.0.0.1", 22, other)).outcome).toBe("mismatch");
  });
});
