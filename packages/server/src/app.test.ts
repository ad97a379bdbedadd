import { createRoute, z } from "@hono/zod-openapi";
import { MemoryStore, createCloudBarista } from "@cloud-barista/core";
import { afterAll, describe, expect, it } from "vitest";
import { createServerApp } from "./app.js";
import { tenantsByToken } from "./http/tenancy.js";

const barista = createCloudBarista({ store: new MemoryStore() });
const token = "token-of-tenant-a-0123456789";
const app = createServerApp({ tenants: tenantsByToken([{ id: "a", barista, tokens: [token] }]), bodyLimitBytes: 64 });
afterAll(() => barista.close());

describe("createServerApp", () => {
  it("answers Spider's health check and version without credentials", async () => {
    const health = await app.request("/spider/healthcheck");
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ message: "cloud-barista server is ready" });
    expect(await (await app.request("/spider/version")).json()).toEqual({
      Version: expect.stringMatching(/^cloud-barista server /),
    });
  });

  it("refuses API routes without a known token: 401 with a JSON message", async () => {
    const none = await app.request("/spider/vpc?ConnectionName=x");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Basic");
    expect(await none.json()).toMatchObject({ code: "Unauthenticated", message: expect.any(String) });
    const wrong = await app.request("/spider/vpc?ConnectionName=x", {
      headers: { authorization: "Bearer not-the-token-at-all" },
    });
    expect(wrong.status).toBe(401);
  });

  it("answers an unknown route with 404 JSON, and a body over the limit with 413", async () => {
    const missing = await app.request("/spider/nothing", { headers: { authorization: `Bearer ${token}` } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: "NotFound" });
    const big = await app.request("/spider/vpc", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ ConnectionName: "x".repeat(100) }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: "InvalidArgument", field: "body", rule: "max-size" });
  });

  it("serves an OpenAPI 3.1 document generated from the routes", async () => {
    const doc = (await (await app.request("/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/spider/healthcheck");
  });
});

describe("response validation", () => {
  it("turns an answer that breaks its route's schema into a 500 naming the field", async () => {
    const strict = createServerApp({
      tenants: tenantsByToken([{ id: "a", barista, tokens: [token] }]),
      validateResponses: true,
    });
    const schema = z.object({ count: z.number() });
    strict.openapi(
      createRoute({
        method: "get",
        path: "/spider/broken",
        responses: { 200: { description: "ok", content: { "application/json": { schema } } } },
      }),
      // A handler that lies about its answer (the cast hides it from the type checker).
      (c) => c.json({ count: "many" } as unknown as { count: number }, 200),
    );
    const answer = await strict.request("/spider/broken", { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(500);
    expect(await answer.json()).toMatchObject({ code: "Internal", field: "count" });
    expect((await strict.request("/spider/version")).status).toBe(200);
  });
});
