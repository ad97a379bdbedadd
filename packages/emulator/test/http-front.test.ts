import { Agent, request } from "node:http";
import { describe, expect, it } from "vitest";
import { World, startFront } from "../src/index.js";

describe("startFront", () => {
  it("serves a handler on loopback, passes method, path, headers and body, and closes", async () => {
    const front = await startFront({
      handler: async (req) => ({
        status: 201,
        headers: { "content-type": "application/json", "x-seen": req.headers["x-probe"] as string },
        body: JSON.stringify({
          method: req.method,
          path: req.url.pathname,
          query: req.url.searchParams.get("q"),
          body: req.body.toString(),
        }),
      }),
    });
    expect(front.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${front.url}/a/b?q=1`, { method: "POST", headers: { "x-probe": "yes" }, body: "hello" });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-seen")).toBe("yes");
    expect(await res.json()).toEqual({ method: "POST", path: "/a/b", query: "1", body: "hello" });
    await front.close();
    await expect(fetch(front.url)).rejects.toThrow();
  });

  it("keeps connections alive for a minute, so a client reuses one socket", async () => {
    const front = await startFront({ handler: async () => ({ status: 200, body: "ok" }) });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ reused: boolean; keepAlive: string | undefined }>((resolve, reject) => {
        const req = request(front.url, { agent }, (res) => {
          res.resume();
          res.on("end", () =>
            resolve({ reused: req.reusedSocket, keepAlive: res.headers["keep-alive"] as string | undefined }),
          );
        });
        req.on("error", reject);
        req.end();
      });
    const answers = [await get(), await get(), await get()];
    expect(answers.map((a) => a.reused)).toEqual([false, true, true]);
    expect(answers[0]?.keepAlive).toBe("timeout=60");
    agent.destroy();
    await front.close();
  });

  it("answers 500 when the handler throws", async () => {
    const front = await startFront({ name: "t", handler: async () => Promise.reject(new Error("boom")) });
    const res = await fetch(front.url);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain("boom");
    await front.close();
  });
});

describe("IdentityBook", () => {
  it("finds identities by provider and key, and refuses incomplete ones", () => {
    const world = new World();
    world.identities.add({ provider: "AWS", key: "AKIAEXAMPLE", secret: "s3cret", account: "123456789012" });
    expect(world.identities.find("AWS", "AKIAEXAMPLE")).toMatchObject({ account: "123456789012", secret: "s3cret" });
    expect(world.identities.find("OPENSTACK", "AKIAEXAMPLE")).toBeUndefined();
    expect(() => world.identities.add({ provider: "AWS", key: "k", secret: "", account: "a" })).toThrow();
  });
});
