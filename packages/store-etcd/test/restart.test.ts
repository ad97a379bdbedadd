import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openEtcdStore } from "../src/index.js";
import { startEtcd } from "./etcd-server.js";
import type { EtcdServer } from "./etcd-server.js";

let server: EtcdServer;
beforeAll(async () => {
  // A short election timeout lets a restarted single member lead again in ~0.3 s instead of ~1.3 s.
  server = await startEtcd(["--election-timeout=300", "--heartbeat-interval=30"]);
});
afterAll(async () => {
  await server?.dispose();
});

it("keeps acknowledged writes across an etcd crash and restart, and reconnects by itself", async () => {
  const prefix = `restart/${randomUUID()}/`;
  const store = await openEtcdStore({ endpoints: [server.endpoint], prefix });
  try {
    const r1 = await store.put("vm/web", '{"status":"Running"}');
    await store.commit([
      { op: "put", key: "vm/db", value: "db" },
      { op: "put", key: "vm/cache", value: "cache" },
    ]);
    const before = await store.list("");

    await server.stop("SIGKILL"); // no graceful shutdown: etcd must have synced before answering
    await expect(store.get("vm/web")).rejects.toMatchObject({
      name: "BaristaError",
      code: "ProviderError",
      provider: "etcd",
      retryable: true,
    });

    await server.start(); // same data directory and ports
    expect(await store.list("")).toEqual(before); // the same store instance, new connections
    expect((await store.get("vm/web"))?.revision).toBe(r1);
    expect(await store.put("vm/web", "after")).toBeGreaterThan(Math.max(...before.map((e) => e.revision)));

    const reopened = await openEtcdStore({ endpoints: [server.endpoint], prefix });
    expect((await reopened.get("vm/web"))?.value).toBe("after");
    await reopened.close();
  } finally {
    await store.close();
  }
});
