import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCloudBarista } from "@cloud-barista/core";
import { startJsonLineChild, until } from "@cloud-barista/test-support";
import type { JsonLineChild } from "@cloud-barista/test-support";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openEtcdStore } from "../../src/index.js";
import { startEtcdCluster } from "../etcd-server.js";
import type { EtcdServer } from "../etcd-server.js";
import type { ClusterChildArgs, ClusterChildEvent } from "./child.js";

// The Sponge Lock across processes on a 3-member etcd cluster on loopback, with a member killed
// mid-run: three processes count under one exclusive key through every member (a lost update
// would show two holders at once), one process holds another key through the member that dies
// only (its lease cannot be renewed: it must be told, and stop), and one more waits for that key
// through the survivors (it must get it, and only after the holder stopped).

const here = fileURLToPath(new URL(".", import.meta.url));
const leaseTtlMs = 2000;

let cluster: EtcdServer[] = [];
beforeAll(async () => {
  // Short elections: the survivors have a leader again within a second of the kill.
  cluster = await startEtcdCluster(3, ["--election-timeout=300", "--heartbeat-interval=30"]);
});
afterAll(async () => {
  await Promise.all(cluster.map((member) => member.dispose()));
});

const startChild = (args: ClusterChildArgs): JsonLineChild<ClusterChildEvent> =>
  startJsonLineChild<ClusterChildEvent>(join(here, "child.ts"), args, { stdin: true });

it("excludes across processes through a member's death, and tells the holder of a lost lease", async () => {
  const [dying, m1, m2] = cluster.map((member) => member.endpoint) as [string, string, string];
  const prefix = `lock-cluster/${randomUUID()}/`;
  const increments = 30;
  const base = { prefix, leaseTtlMs };
  const counters = [
    [dying, m1, m2],
    [m1, m2, dying],
    [m2, dying, m1],
  ].map((endpoints) => startChild({ ...base, endpoints, role: "counter", increments }));
  const holder = startChild({ ...base, endpoints: [dying], role: "holder" });
  const waiter = startChild({ ...base, endpoints: [m1, m2], role: "waiter" });
  const children = [...counters, holder, waiter];
  await Promise.all(children.map((c) => c.next((e) => e.event === "started")));

  // This process watches through the survivors.
  const store = await openEtcdStore({ endpoints: [m1, m2], prefix });
  const watcher = createCloudBarista({ store });
  try {
    holder.send("go");
    await holder.next((e) => e.event === "holding");
    waiter.send("go");
    await until(async () =>
      (await watcher.lock.holders()).some((h) => h.owner.pid === waiter.pid && h.state === "waiting"),
    );
    for (const c of counters) c.send("go");
    await Promise.all(counters.map((c) => c.next((e) => e.event === "progress" && e.acked >= 5)));

    await cluster[0]?.stop("SIGKILL");

    const lost = await holder.next((e) => e.event === "lost" || e.event === "failed");
    expect(lost, JSON.stringify(lost)).toMatchObject({
      event: "lost",
      code: "Conflict",
      rule: "lease-lost",
      signalFired: true,
    });
    const acquired = await waiter.next((e) => e.event === "acquired" || e.event === "failed");
    expect(acquired, JSON.stringify(acquired)).toMatchObject({ event: "acquired" });
    // The holder had stopped before the waiter got the key: never two holders at once.
    if (lost.event === "lost" && acquired.event === "acquired") expect(acquired.at).toBeGreaterThanOrEqual(lost.at);

    const counted = await Promise.all(
      counters.map((c) => c.next((e) => e.event === "counted" || e.event === "failed")),
    );
    let acked = 0;
    let inDoubt = 0;
    for (const result of counted) {
      expect(result, JSON.stringify(result)).toMatchObject({ event: "counted" });
      if (result.event !== "counted") continue;
      acked += result.acked;
      inDoubt += result.inDoubt;
    }
    // Every acknowledged write survived the member's death, and no two increments overlapped:
    // a lost update would leave the count below what was acknowledged.
    const count = Number((await store.get("counter"))?.value);
    expect(count).toBeGreaterThanOrEqual(acked);
    expect(count).toBeLessThanOrEqual(acked + inDoubt);
    expect(acked).toBeGreaterThanOrEqual(counters.length * 5);

    expect(await Promise.all(children.map((c) => c.exited))).toEqual(children.map(() => ({ code: 0, signal: null })));
    // Closing instances revoke their leases: no ticket is left behind (the holder's expired).
    await until(async () => (await watcher.lock.holders()).length === 0);
  } finally {
    await watcher.close();
    await store.close();
  }
}, 60_000);
