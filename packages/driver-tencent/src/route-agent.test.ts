import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { routeAgent } from "./route-agent.js";

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A loopback server that answers each request with the Host header it got, counting connections. */
async function hostEcho(connections: { count: number } = { count: 0 }): Promise<string> {
  const server = createServer((req, res) => res.end(req.headers.host ?? ""));
  server.on("connection", () => connections.count++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function get(url: string, agent: Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve(body));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("routeAgent", () => {
  it("hands the application's agent each header as one string (node-fetch sets one-value arrays)", async () => {
    const origin = await hostEcho();
    const base = new Agent();
    const seen: unknown[] = [];
    const internals = base as unknown as { addRequest(req: { getHeader(n: string): unknown }, options: object): void };
    const addRequest = internals.addRequest.bind(base);
    internals.addRequest = (req, options) => {
      seen.push(req.getHeader("x-trace"));
      addRequest(req, options);
    };
    const agent = routeAgent(origin, base);
    await new Promise<void>((resolve, reject) => {
      const req = request("http://cvm.tencentcloudapi.com/", { agent, headers: { "x-trace": ["t-1"] } }, (res) => {
        res.resume();
        res.on("end", resolve);
      });
      req.on("error", reject);
      req.end();
    });
    expect(seen).toEqual(["t-1"]);
    base.destroy();
  });

  it("carries a request for cvm.tencentcloudapi.com to the route, keeping its Host header", async () => {
    const origin = await hostEcho();
    const agent = routeAgent(origin);
    expect(await get("http://cvm.tencentcloudapi.com/", agent)).toBe("cvm.tencentcloudapi.com");
    expect(await get("http://vpc.tencentcloudapi.com/", agent)).toBe("vpc.tencentcloudapi.com");
    agent.destroy();
  });

  it("keeps its connection open for the next request, as a keep-alive agent; not when the application's agent does not", async () => {
    const kept = { count: 0 };
    const agent = routeAgent(await hostEcho(kept));
    for (const service of ["cvm", "vpc", "cvm"]) await get(`http://${service}.tencentcloudapi.com/`, agent);
    expect(kept.count).toBe(1);
    agent.destroy();

    const closed = { count: 0 };
    const base = new Agent({ keepAlive: false });
    const once = routeAgent(await hostEcho(closed), base);
    for (const service of ["cvm", "cvm"]) await get(`http://${service}.tencentcloudapi.com/`, once);
    expect(closed.count).toBe(2);
    base.destroy();
  });

  it("goes through the application's agent, which it leaves open", async () => {
    const origin = await hostEcho();
    const base = new Agent({ keepAlive: true });
    const seen: string[] = [];
    const internals = base as unknown as { addRequest(req: unknown, options: { host?: string }): void };
    const addRequest = internals.addRequest.bind(base);
    internals.addRequest = (req, options) => {
      seen.push(String(options.host));
      addRequest(req, options);
    };
    const agent = routeAgent(origin, base);
    expect(await get("http://clb.tencentcloudapi.com/", agent)).toBe("clb.tencentcloudapi.com");
    expect(seen).toEqual(["127.0.0.1"]);
    agent.destroy();
    expect(await get("http://tag.tencentcloudapi.com/", agent)).toBe("tag.tencentcloudapi.com");
    base.destroy();
  });
});
