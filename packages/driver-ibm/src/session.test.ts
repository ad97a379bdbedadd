import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { VirtualClock, collect } from "@cloud-barista/core";
import { isBaristaError } from "@cloud-barista/core/driver";
import { testCallContext } from "@cloud-barista/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { ibmApis } from "./apis.js";
import { iamTokens } from "./auth/iam.js";
import { serviceRoots } from "./endpoints.js";
import { createHttp } from "./http/transport.js";
import { IbmSession } from "./session.js";

// The session's IAM token handling and paging against a small local HTTP server that answers as
// IAM and the VPC API do (status, envelope, next.href), so axios and the session run for real.

type Handler = (req: IncomingMessage, url: URL, body: string) => { status: number; body?: unknown };

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: Handler): Promise<string> {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const answer = handler(req, new URL(req.url ?? "/", "http://local"), body);
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

const jwt = (claims: Record<string, unknown>) =>
  ["e30", Buffer.from(JSON.stringify(claims)).toString("base64url"), "sig"].join(".");

function sessionFor(url: string, clock: VirtualClock, pageSize = 2) {
  const settings = { pageSize, requestTimeoutMs: 5_000, transport: {} };
  const http = createHttp(settings);
  const roots = serviceRoots("us-south", { iam: url, vpc: `${url}/vpc/{region}`, catalog: url, tagging: url });
  const tokens = iamTokens({ http, iamUrl: roots.iam, apiKey: "secret-key-value", clock, refreshMarginMs: 600_000 });
  return new IbmSession(
    http,
    tokens,
    roots,
    {
      region: "us-south",
      zone: undefined,
      pageSize,
      apiVersion: "2025-06-10",
      resourceGroupId: undefined,
      vmUser: "root",
      floatingIps: true,
      publicGateways: false,
    },
    clock,
  );
}

describe("IbmSession", () => {
  it("exchanges the API key once, renews the token before it expires, and sends version and generation", async () => {
    const clock = new VirtualClock();
    let issued = 0;
    const seen: string[] = [];
    const url = await serve((req, u, body) => {
      if (u.pathname === "/identity/token") {
        issued++;
        expect(new URLSearchParams(body).get("grant_type")).toBe("urn:ibm:params:oauth:grant-type:apikey");
        expect(new URLSearchParams(body).get("apikey")).toBe("secret-key-value");
        return { status: 200, body: { access_token: jwt({ n: issued, account: { bss: "acc1" } }), expires_in: 3600 } };
      }
      seen.push(
        `${req.headers.authorization ?? ""} ${u.searchParams.get("version")} ${u.searchParams.get("generation")}`,
      );
      return { status: 200, body: { regions: [] } };
    });
    const session = sessionFor(url, clock);
    const { ctx, take } = testCallContext({ clock, apis: ibmApis, provider: "IBM" });
    await session.call(ctx, "list_regions");
    await session.call(ctx, "list_regions");
    expect(take()).toEqual(["get_token_api_key", "list_regions", "list_regions"]);
    expect(await session.accountId(ctx)).toBe("acc1");
    // 50 minutes on: within the 10-minute margin, the next call carries a new token.
    clock.advance(50 * 60_000 + 1);
    await session.call(ctx, "list_regions");
    expect(take()).toEqual(["get_token_api_key", "list_regions"]);
    expect(issued).toBe(2);
    expect(seen[0]).toBe(`Bearer ${jwt({ n: 1, account: { bss: "acc1" } })} 2025-06-10 2`);
    expect(seen[2]).toContain(jwt({ n: 2, account: { bss: "acc1" } }));
  });

  it("renews the token once when the VPC API answers 401, and a second 401 stands", async () => {
    const clock = new VirtualClock();
    let issued = 0;
    let refuse = 1;
    const url = await serve((_req, u) => {
      if (u.pathname === "/identity/token") {
        issued++;
        return { status: 200, body: { access_token: jwt({ n: issued }), expires_in: 3600 } };
      }
      if (refuse-- > 0)
        return { status: 401, body: { errors: [{ code: "not_authorized", message: "Expired token" }], trace: "t1" } };
      return { status: 200, body: { regions: [{ name: "us-south" }] } };
    });
    const session = sessionFor(url, clock);
    const { ctx, take } = testCallContext({ clock, apis: ibmApis, provider: "IBM" });
    expect(await session.call(ctx, "list_regions")).toEqual({ regions: [{ name: "us-south" }] });
    expect(take()).toEqual(["get_token_api_key", "list_regions", "get_token_api_key", "list_regions"]);
    refuse = 2;
    const error = await session.call(ctx, "list_regions").catch((e: unknown) => e);
    expect(isBaristaError(error, "Unauthenticated")).toBe(true);
    expect(take()).toEqual(["list_regions", "get_token_api_key", "list_regions"]);
  });

  it("refuses a wrong API key as Unauthenticated without the key in the error", async () => {
    const clock = new VirtualClock();
    const url = await serve(() => ({
      status: 400,
      body: {
        errorCode: "BXNIM0415E",
        errorMessage: "Provided API key could not be found.",
        context: { requestId: "r1" },
      },
    }));
    const session = sessionFor(url, clock);
    const { ctx } = testCallContext({ clock, apis: ibmApis, provider: "IBM" });
    const error = await session.call(ctx, "list_regions").catch((e: unknown) => e);
    expect(isBaristaError(error, "Unauthenticated")).toBe(true);
    if (!isBaristaError(error)) throw error;
    expect(error.nativeCode).toBe("BXNIM0415E");
    expect(error.requestId).toBe("r1");
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain("secret-key-value");
  });

  it("follows next.href (start) over more than three pages with the page size as limit", async () => {
    const clock = new VirtualClock();
    const asked: string[] = [];
    const url = await serve((_req, u) => {
      if (u.pathname === "/identity/token") return { status: 200, body: { access_token: jwt({}), expires_in: 3600 } };
      asked.push(`${u.searchParams.get("limit")}:${u.searchParams.get("start") ?? ""}:${u.searchParams.get("vpc.id")}`);
      const start = Number(u.searchParams.get("start") ?? "0");
      const items = [start, start + 1].filter((i) => i < 7).map((i) => ({ id: `s${i}` }));
      const next = start + 2 < 7 ? { next: { href: `${url}/vpc/us-south/v1/subnets?limit=2&start=${start + 2}` } } : {};
      return { status: 200, body: { limit: 2, total_count: 7, first: { href: "x" }, subnets: items, ...next } };
    });
    const session = sessionFor(url, clock);
    const { ctx } = testCallContext({ clock, apis: ibmApis, provider: "IBM" });
    const got = await collect(session.list<{ id: string }>(ctx, "list_subnets", "subnets", { "vpc.id": "v1" }));
    expect(got.map((s) => s.id)).toEqual(["s0", "s1", "s2", "s3", "s4", "s5", "s6"]);
    expect(asked).toEqual(["2::v1", "2:2:v1", "2:4:v1", "2:6:v1"]);
  });
});
