import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { compareAndSet } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import type { TestContext } from "vitest";
import type { EtcdStore } from "../src/index.js";
import { leaseSeconds } from "../src/etcd-store.js";
import { openEtcdStore } from "../src/index.js";
import type { RangeResponse } from "../src/wire.js";
import { base64, etcdCall, useEtcd } from "./etcd-server.js";

// Real time against a real etcd with default settings (election timeout 1 s, so etcd's minimum
// lease TTL is 2 s). etcd revokes expired leases in a loop that runs every 500 ms.

const etcd = useEtcd();

/** A store in a fresh namespace, closed when the (possibly concurrent) test finishes. */
async function open(context: TestContext): Promise<{ store: EtcdStore; prefix: string }> {
  const prefix = `ttl/${randomUUID()}/`;
  const store = await openEtcdStore({ endpoints: [etcd().endpoint], prefix });
  context.onTestFinished(() => store.close());
  return { store, prefix };
}

/** The lease etcd attached to a key ("0" or absent: none), and that lease's granted TTL. */
async function leaseOf(key: string): Promise<{ id: string; grantedTtl: number } | undefined> {
  const range = await etcdCall<RangeResponse>(etcd().endpoint, "/v3/kv/range", { key: base64(key) });
  const id = range.kvs?.[0]?.lease;
  if (id === undefined || id === "0") return undefined;
  const ttl = await etcdCall<{ grantedTTL?: string }>(etcd().endpoint, "/v3/lease/timetolive", { ID: id });
  return { id, grantedTtl: Number(ttl.grantedTTL) };
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(25);
  }
}

describe("lease TTL rounding", () => {
  it("rounds ttlMs up to whole seconds", () => {
    expect([1, 999, 1000, 1001, 2500, 60_000].map(leaseSeconds)).toEqual([1, 1, 1, 2, 3, 60]);
  });
});

describe.concurrent("TTL in real time", () => {
  it("a 1 s TTL lives for etcd's 2 s minimum, then the entry is gone for every call", async (context) => {
    const { store, prefix } = await open(context);
    const started = Date.now();
    const revision = await store.put("a", "a", { ttlMs: 1000 });
    await store.put("b", "b");
    expect((await leaseOf(`${prefix}a`))?.grantedTtl).toBe(2); // etcd raised the 1 s we asked for

    await sleep(1300 - (Date.now() - started));
    expect((await store.get("a"))?.value).toBe("a"); // past the 1 s asked for: documented rounding

    await waitUntil(async () => (await store.get("a")) === undefined, 3000);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1950); // never before the lease's 2 s
    expect(elapsed).toBeLessThan(3500); // 2 s + etcd's 500 ms revoke loop + slack
    expect((await store.list("")).map((e) => e.key)).toEqual(["b"]);
    expect(await store.delete("a")).toBe(false);
    expect(await compareAndSet(store, "a", revision, "stale holder")).toBe(false);
    expect(await compareAndSet(store, "a", null, "new holder")).toBe(true);
    expect(await leaseOf(`${prefix}a`)).toBeUndefined(); // the new entry has no TTL
  });

  it("shares one lease per TTL within a commit; a later put without TTL detaches the key", async (context) => {
    const { store, prefix } = await open(context);
    await store.commit([
      { op: "put", key: "x", value: "x", ttlMs: 1500 },
      { op: "put", key: "y", value: "y", ttlMs: 1200 }, // also 2 s: the same lease
      { op: "put", key: "z", value: "z", ttlMs: 5000 },
      { op: "put", key: "w", value: "w" },
    ]);
    const [x, y, z, w] = await Promise.all(["x", "y", "z", "w"].map((key) => leaseOf(prefix + key)));
    expect(x?.grantedTtl).toBe(2);
    expect(y?.id).toBe(x?.id);
    expect(z?.grantedTtl).toBe(5);
    expect(z?.id).not.toBe(x?.id);
    expect(w).toBeUndefined();

    await store.put("y", "y2"); // no TTL: y leaves the lease
    await waitUntil(async () => (await store.get("x")) === undefined, 4000);
    expect((await store.list("")).map((e) => [e.key, e.value])).toEqual([
      ["w", "w"],
      ["y", "y2"],
      ["z", "z"],
    ]);
  });

  it("keeps entries of a store lease while it is renewed, and drops them once it is not", async (context) => {
    const { store, prefix } = await open(context);
    const lease = await store.leases.grant(2000);
    expect(lease.ttlMs).toBe(2000);
    await store.put("held", "by me", { lease: lease.id });
    expect((await leaseOf(`${prefix}held`))?.id).toBe(lease.id); // an etcd lease, attached by etcd
    const started = Date.now();
    for (let i = 0; i < 3; i++) {
      await sleep(800);
      expect(await store.leases.keepAlive(lease.id)).toBe(true);
    }
    expect(Date.now() - started).toBeGreaterThan(2000); // past one TTL, alive thanks to renewals
    expect((await store.get("held"))?.value).toBe("by me");
    const lastRenewal = Date.now();
    await waitUntil(async () => (await store.get("held")) === undefined, 4000);
    expect(Date.now() - lastRenewal).toBeGreaterThanOrEqual(1950);
    expect(await store.leases.keepAlive(lease.id)).toBe(false);
    await expect(store.put("again", "x", { lease: lease.id })).rejects.toMatchObject({ code: "NotFound" });
  });

  it("restarts the TTL on rewrite", async (context) => {
    const { store, prefix } = await open(context);
    await store.put("a", "1", { ttlMs: 2000 });
    const first = await leaseOf(`${prefix}a`);
    await sleep(1200);
    await store.put("a", "2", { ttlMs: 2000 });
    expect((await leaseOf(`${prefix}a`))?.id).not.toBe(first?.id);
    // 2.8 s after the first write: etcd has revoked the first lease; the second lasts until >= 3.2 s.
    await sleep(1600);
    expect((await store.get("a"))?.value).toBe("2");
  });
});

describe("leases of a failed commit", () => {
  it("are revoked, not left to expire", async (context) => {
    const { store } = await open(context);
    const leases = async (): Promise<string[]> =>
      ((await etcdCall<{ leases?: { ID: string }[] }>(etcd().endpoint, "/v3/lease/leases", {})).leases ?? []).map(
        (lease) => lease.ID,
      );
    const before = await leases();
    const ok = await store.commit([{ op: "put", key: "a", value: "v", ttlMs: 60_000 }], {
      conditions: [{ key: "a", revision: 12345 }],
    });
    expect(ok).toBe(false);
    // Other tests' leases may expire meanwhile; what matters is that no new one is left behind.
    expect((await leases()).filter((id) => !before.includes(id))).toEqual([]);
  });
});
