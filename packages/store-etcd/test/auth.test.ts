import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { EtcdStore, openEtcdStore } from "../src/index.js";
import { base64, etcdCall, useEtcd } from "./etcd-server.js";

// Simple tokens expire after 1 s without use here, so token renewal is exercised quickly.
const etcd = useEtcd(["--auth-token-ttl=1"]);
const root = { username: "root", password: "root-secret" };
const reader = { username: "reader", password: "reader-secret" };
/** Used by the token expiry test alone, so its logins can be counted while other tests run. */
const renewer = { username: "renewer", password: "renewer-secret" };

beforeAll(async () => {
  const call = (path: string, body: object): Promise<unknown> => etcdCall(etcd().endpoint, path, body);
  await call("/v3/auth/role/add", { name: "root" });
  await call("/v3/auth/user/add", { name: root.username, password: root.password });
  await call("/v3/auth/user/grant", { user: root.username, role: "root" });
  await call("/v3/auth/user/add", { name: renewer.username, password: renewer.password });
  await call("/v3/auth/user/grant", { user: renewer.username, role: "root" });
  await call("/v3/auth/role/add", { name: "read-only" });
  // Read access to the default namespace "cloud-barista/" only: [cloud-barista/, cloud-barista0).
  const perm = { permType: "READ", key: base64("cloud-barista/"), range_end: base64("cloud-barista0") };
  await call("/v3/auth/role/grant", { name: "read-only", perm });
  await call("/v3/auth/user/add", { name: reader.username, password: reader.password });
  await call("/v3/auth/user/grant", { user: reader.username, role: "read-only" });
  await call("/v3/auth/enable", {});
});

describe.concurrent("etcd auth", () => {
  it("works with valid credentials", async () => {
    const store = await openEtcdStore({ endpoints: [etcd().endpoint], auth: root, prefix: `auth/${randomUUID()}/` });
    const revision = await store.put("a", "1");
    expect(await store.get("a")).toEqual({ key: "a", value: "1", revision });
    await store.close();
  });

  it("fails to open with a wrong password: Unauthenticated", async () => {
    const auth = { ...root, password: "wrong" };
    await expect(openEtcdStore({ endpoints: [etcd().endpoint], auth })).rejects.toMatchObject({
      name: "BaristaError",
      code: "Unauthenticated",
      provider: "etcd",
      retryable: false,
    });
  });

  it("rejects calls without credentials: Unauthenticated", async () => {
    const store = new EtcdStore({ endpoints: [etcd().endpoint] });
    await expect(store.get("a")).rejects.toMatchObject({ code: "Unauthenticated" });
    await store.close();
  });

  it("maps a missing permission to PermissionDenied", async () => {
    const store = await openEtcdStore({ endpoints: [etcd().endpoint], auth: reader });
    expect(await store.list("")).toEqual([]);
    await expect(store.put("a", "1")).rejects.toMatchObject({ code: "PermissionDenied", retryable: false });
    await store.close();
  });

  it("logs in again, once, when the token has expired", async ({ onTestFinished }) => {
    const prefix = `auth/${randomUUID()}/`;
    const store = await openEtcdStore({ endpoints: [etcd().endpoint], auth: renewer, prefix });
    await store.put("a", "1");
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    onTestFinished(() => fetchSpy.mockRestore());
    // etcd drops a token at its first once-a-second sweep after --auth-token-ttl=1 s without use.
    await sleep(2200);
    const results = await Promise.all([store.get("a"), store.get("a"), store.list("")]);
    expect(results[0]?.value).toBe("1");
    const logins = fetchSpy.mock.calls.filter(
      ([url, init]) =>
        typeof url === "string" &&
        url.endsWith("/v3/auth/authenticate") &&
        typeof init?.body === "string" &&
        init.body.includes('"renewer"'),
    );
    expect(logins).toHaveLength(1); // the token had expired, and the three calls shared one new login
    await store.close();
  });
});
