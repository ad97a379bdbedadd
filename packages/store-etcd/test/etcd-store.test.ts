import { randomUUID } from "node:crypto";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import type { Server, Socket } from "node:net";
import { compareAndSet } from "@cloud-barista/core";
import type { Store } from "@cloud-barista/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EtcdStore, openEtcdStore } from "../src/index.js";
import type { RangeResponse } from "../src/wire.js";
import { base64, etcdCall, useEtcd } from "./etcd-server.js";

const etcd = useEtcd();
const opened: Store[] = [];

async function open(prefix = `t/${randomUUID()}/`): Promise<EtcdStore> {
  const store = await openEtcdStore({ endpoints: [etcd().endpoint], prefix });
  opened.push(store);
  return store;
}

/** What etcd itself holds under a raw key (bypassing the store). */
async function raw(key: string): Promise<{ value: Buffer; mod_revision: string } | undefined> {
  const answer = await etcdCall<RangeResponse>(etcd().endpoint, "/v3/kv/range", { key: base64(key) });
  const kv = answer.kvs?.[0];
  return kv && { value: Buffer.from(kv.value ?? "", "base64"), mod_revision: kv.mod_revision ?? "" };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

describe("keys and values in etcd", () => {
  it("stores prefix + key as UTF-8 bytes, the value as exact UTF-8 bytes, revision = mod_revision", async () => {
    const prefix = `ns-${randomUUID()}/`;
    const store = await open(prefix);
    const value = "nul\u0000한글😀";
    const revision = await store.put("a/키", value);
    const stored = await raw(`${prefix}a/키`);
    expect(stored?.value.equals(Buffer.from(value, "utf8"))).toBe(true);
    expect(stored?.mod_revision).toBe(String(revision));
  });

  it("keeps namespaces apart: neither sees the other's keys", async () => {
    const a = await open();
    const b = await open();
    await a.put("k", "from a");
    await b.put("k", "from b");
    await b.put("only-b", "x");
    expect((await a.get("k"))?.value).toBe("from a");
    expect((await a.list("")).map((e) => e.key)).toEqual(["k"]);
    expect(await a.delete("only-b")).toBe(false);
    expect((await b.get("only-b"))?.value).toBe("x");
  });

  it("lists with an empty namespace prefix too", async () => {
    const store = await open("");
    const key = `empty-ns-${randomUUID()}`;
    await store.put(key, "v");
    expect((await store.list(key)).map((e) => e.key)).toEqual([key]);
    expect((await store.list("", { limit: 1000 })).map((e) => e.key)).toContain(key);
  });

  it("treats a condition on revision 0 as unmet, even for an absent key", async () => {
    const store = await open();
    expect(await store.commit([{ op: "put", key: "z", value: "v" }], { conditions: [{ key: "z", revision: 0 }] })).toBe(
      false,
    );
    expect(await store.get("z")).toBeUndefined();
  });
});

describe("two stores on one etcd (as two processes would be)", () => {
  it("see each other's writes and deletes at once", async () => {
    const prefix = `shared-${randomUUID()}/`;
    const [a, b] = [await open(prefix), await open(prefix)];
    const revision = await a.put("vm/web", '{"status":"Running"}');
    expect(await b.get("vm/web")).toEqual({ key: "vm/web", value: '{"status":"Running"}', revision });
    expect(await b.delete("vm/web")).toBe(true);
    expect(await a.get("vm/web")).toBeUndefined();
  });

  it("resolve a create race between them to exactly one winner", async () => {
    const prefix = `shared-${randomUUID()}/`;
    const stores = [await open(prefix), await open(prefix)];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => compareAndSet(stores[i % 2] as Store, "lock", null, `writer-${i}`)),
    );
    const winners = results.flatMap((won, i) => (won ? [i] : []));
    expect(winners).toHaveLength(1);
    expect((await stores[1]?.get("lock"))?.value).toBe(`writer-${winners[0]}`);
  });

  it("lose no update in read-modify-write loops spread over both", async () => {
    const prefix = `shared-${randomUUID()}/`;
    const stores = [await open(prefix), await open(prefix)];
    await stores[0]?.put("counter", "0");
    let conflicts = 0;
    const worker = async (store: Store): Promise<void> => {
      for (let done = 0; done < 5;) {
        const entry = await store.get("counter");
        if (await compareAndSet(store, "counter", entry?.revision ?? null, String(Number(entry?.value) + 1))) done++;
        else conflicts++;
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => worker(stores[i % 2] as Store)));
    expect((await stores[0]?.get("counter"))?.value).toBe("40");
    expect(conflicts).toBeGreaterThan(0); // the race happened, so the test proved something
  });
});

describe("connecting", () => {
  it("fails fast with a retryable ProviderError when nothing listens", async () => {
    const port = await unusedPort();
    await expect(openEtcdStore({ endpoints: [`127.0.0.1:${port}`] })).rejects.toMatchObject({
      name: "BaristaError",
      code: "ProviderError",
      provider: "etcd",
      retryable: true,
      nativeCode: "ECONNREFUSED",
    });
  });

  it("moves on to the next endpoint when one is down, when opening and on any call", async () => {
    const dead = `http://127.0.0.1:${await unusedPort()}`;
    const endpoints = [dead, etcd().endpoint];
    const store = await openEtcdStore({ endpoints, prefix: `t/${randomUUID()}/` });
    opened.push(store);
    const revision = await store.put("a", "1");
    expect((await store.get("a"))?.revision).toBe(revision);
    // Not opened: the first call itself meets the dead endpoint (a refused connection never
    // delivered the write, so sending it to the next endpoint cannot apply it twice).
    const unopened = new EtcdStore({ endpoints, prefix: `t/${randomUUID()}/` });
    opened.push(unopened);
    expect(await unopened.put("b", "2")).toBeGreaterThan(revision);
  });

  it("says so when the endpoint is not etcd", async () => {
    const web = createHttpServer((_, response) => response.end("<html>hello</html>"));
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    const address = web.address();
    const endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    try {
      await expect(openEtcdStore({ endpoints: [endpoint] })).rejects.toMatchObject({
        code: "ProviderError",
        retryable: false,
        message: expect.stringContaining("did not answer like etcd"),
      });
    } finally {
      web.closeAllConnections();
      await new Promise((resolve) => web.close(resolve));
    }
  });

  it("rejects bad options with InvalidArgument", async () => {
    const invalid = { name: "BaristaError", code: "InvalidArgument" };
    await expect(openEtcdStore({ endpoints: [] })).rejects.toMatchObject({ ...invalid, field: "endpoints" });
    await expect(openEtcdStore({ endpoints: ["http://[bad"] })).rejects.toMatchObject(invalid);
    await expect(openEtcdStore({ endpoints: [etcd().endpoint], prefix: "\uD800" })).rejects.toMatchObject(invalid);
    await expect(openEtcdStore({ endpoints: [etcd().endpoint], dialTimeoutMs: 0 })).rejects.toMatchObject(invalid);
    const store = await open();
    await expect(store.put("a", "v", { ttlMs: 1e16 })).rejects.toMatchObject({ ...invalid, field: "ttlMs" });
  });
});

describe("an endpoint that accepts connections but never answers", () => {
  let silent: Server;
  let endpoint: string;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it("times out opening after dialTimeoutMs", async () => {
    const started = Date.now();
    await expect(openEtcdStore({ endpoints: [endpoint], dialTimeoutMs: 200 })).rejects.toMatchObject({
      code: "Timeout",
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("times out a call after requestTimeoutMs", async () => {
    const store = new EtcdStore({ endpoints: [endpoint], requestTimeoutMs: 200 });
    opened.push(store);
    await expect(store.get("a")).rejects.toMatchObject({ code: "Timeout", provider: "etcd" });
  });

  it("rejects a call in flight with Aborted when its signal fires", async () => {
    const store = new EtcdStore({ endpoints: [endpoint] });
    opened.push(store);
    const controller = new AbortController();
    const call = store.put("a", "v", { abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toMatchObject({ name: "BaristaError", code: "Aborted" });
  });

  it("rejects calls in flight when the store closes", async () => {
    const store = new EtcdStore({ endpoints: [endpoint] });
    const call = store.list("");
    setTimeout(() => void store.close(), 50);
    await expect(call).rejects.toMatchObject({ name: "BaristaError", code: "Conflict", rule: "closed" });
  });

  it("rejects a call waiting for its login when the store closes", async () => {
    const store = new EtcdStore({ endpoints: [endpoint], auth: { username: "u", password: "p" } });
    const call = store.get("a");
    setTimeout(() => void store.close(), 50);
    await expect(call).rejects.toMatchObject({ name: "BaristaError", code: "Conflict", rule: "closed" });
  });
});

function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
