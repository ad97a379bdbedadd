import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import { MemoryStore, createCloudBarista } from "@cloud-barista/core";
import { createServerApp, nodeListener, tenantsByToken } from "@cloud-barista/server";
import { afterAll, describe, expect, it } from "vitest";

const barista = createCloudBarista({ store: new MemoryStore(), encryptionKey: randomBytes(32) });
const token = `embedding-${randomBytes(12).toString("hex")}`;
const tenants = tenantsByToken([{ id: "t", barista, tokens: [token] }]);
const auth = { authorization: `Bearer ${token}` };
afterAll(() => barista.close());

describe("embedding the server", () => {
  it("as a fetch handler for serverless hosts: app.fetch(Request) -> Response", async () => {
    const app = createServerApp({ tenants });
    const health = await app.fetch(new Request("https://example.test/spider/healthcheck"));
    expect(health.status).toBe(200);
    const cloudos = await app.fetch(new Request("https://example.test/spider/cloudos", { headers: auth }));
    expect(await cloudos.json()).toEqual({ cloudos: expect.arrayContaining(["AWS", "MOCK"]) });
  });

  it("mounted under a prefix in a plain node:http server, beside the host's own routes", async () => {
    const api = nodeListener(createServerApp({ tenants, basePath: "/cb" }));
    const host = createServer((request, response) => {
      if (request.url?.startsWith("/cb/")) return void api(request, response);
      response.end("the host's own page");
    });
    await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
      expect(await (await fetch(`${base}/`)).text()).toBe("the host's own page");
      expect(await (await fetch(`${base}/cb/spider/cloudos`, { headers: auth })).json()).toMatchObject({
        cloudos: expect.any(Array),
      });
      expect((await fetch(`${base}/cb/spider/cloudos`)).status).toBe(401);
      const doc = (await (await fetch(`${base}/cb/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toContain("/cb/spider/vm/{Name}");
    } finally {
      await new Promise((resolve) => host.close(resolve));
    }
  });

  it("routed under a prefix of another Hono app", async () => {
    const parent = new Hono();
    parent.get("/", (c) => c.text("parent"));
    parent.route("/cb", createServerApp({ tenants }));
    expect(await (await parent.request("/")).text()).toBe("parent");
    expect((await parent.request("/cb/spider/healthcheck")).status).toBe(200);
    expect((await parent.request("/cb/spider/driver", { headers: auth })).status).toBe(200);
  });

  it("sends no CORS headers unless origins are given, and then only for those", async () => {
    const closed = createServerApp({ tenants });
    const preflight = {
      method: "OPTIONS",
      headers: { origin: "https://evil.test", "access-control-request-method": "GET" },
    };
    expect((await closed.request("/spider/cloudos", preflight)).headers.get("access-control-allow-origin")).toBeNull();
    const open = createServerApp({ tenants, cors: { origins: ["https://console.test"] } });
    const allowed = await open.request("/spider/cloudos", { headers: { origin: "https://console.test", ...auth } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://console.test");
    const other = await open.request("/spider/cloudos", { headers: { origin: "https://evil.test", ...auth } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("publishes an OpenAPI 3.1 document generated from the route schemas", async () => {
    const doc = (await (await createServerApp({ tenants }).request("/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/spider/vm"]?.post?.requestBody).toBeDefined();
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(["VMInfo", "VPCInfo", "SecurityInfo", "Error"]),
    );
    expect(Object.keys(doc.components.securitySchemes)).toEqual(["bearer", "basic"]);
  });

  it(
    "standalone: the cloud-barista-server bin with Spider's SPIDER_USERNAME/SPIDER_PASSWORD",
    { timeout: 30_000 },
    async () => {
      // The built bin (npx tsc -b first), as a user runs it.
      const main = fileURLToPath(new URL("../dist/src/main.js", import.meta.url));
      const child = spawn(process.execPath, [main, "--port", "0"], {
        env: {
          ...process.env,
          SPIDER_USERNAME: "admin",
          SPIDER_PASSWORD: "bin-test-password",
          CLOUD_BARISTA_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
          CLOUD_BARISTA_SERVER_TENANTS: "",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let out = "";
          child.stdout.on("data", (chunk: Buffer) => {
            out += chunk.toString();
            const match = /listening on (http:\/\/\S+)/.exec(out);
            if (match?.[1]) resolve(match[1]);
          });
          child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
        });
        expect((await fetch(`${url}/spider/healthcheck`)).status).toBe(200);
        const basic = `Basic ${Buffer.from("admin:bin-test-password").toString("base64")}`;
        const answer = await fetch(`${url}/spider/connectionconfig`, { headers: { authorization: basic } });
        expect(await answer.json()).toEqual({ connectionconfig: [] });
      } finally {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
    },
  );
});
