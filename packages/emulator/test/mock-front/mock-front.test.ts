import { afterEach, describe, expect, it } from "vitest";
import { mockCallPath, startMockFront } from "../../src/fronts/mock/index.js";
import type { InterceptedCall, MockCallRequest, RunningMockFront } from "../../src/fronts/mock/index.js";
import { mockCloud, testWorld } from "../support.js";

const base = { account: "alice", region: "mock-seoul" };

let front: RunningMockFront | undefined;
afterEach(async () => {
  await front?.close();
  front = undefined;
});

async function post(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${url}${mockCallPath}`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: res.headers.get("content-type") === "application/json" ? JSON.parse(text) : text };
}

describe("mock front", () => {
  it("runs one service method through the gate and answers its result", async () => {
    const { world } = testWorld();
    front = await startMockFront({ world });
    const call: MockCallRequest = {
      ...base,
      api: "CreateVpc",
      service: "vpcs",
      method: "create",
      args: [{ name: "net", cidr: "10.0.0.0/16", subnets: [{ name: "a", cidr: "10.0.1.0/24" }] }],
    };
    const { status, json } = await post(front.url, call);
    expect(status).toBe(200);
    const vpc = (json as { result: { id: string; subnets: unknown[] } }).result;
    expect(vpc.subnets).toHaveLength(1);
    expect(mockCloud(world).vpcs.get(vpc.id).name).toBe("net");
    expect(front.calls).toBe(1);
  });

  it("answers world errors as data, with the fields a client needs to rebuild them", async () => {
    const { world } = testWorld();
    world.faults.add({ provider: "MOCK", api: "DescribeVpcs", kind: "throttle", times: 1, retryAfterMs: 700 });
    front = await startMockFront({ world });
    const get = { ...base, api: "DescribeVpcs", service: "vpcs", method: "get", args: ["mock-vpc-nope"] };
    expect((await post(front.url, get)).json).toMatchObject({
      error: { code: "Throttled", retryAfterMs: 700, injected: true },
    });
    expect((await post(front.url, get)).json).toMatchObject({
      error: { code: "NotFound", resourceType: "network", resourceId: "mock-vpc-nope" },
    });
  });

  it("refuses what is not a call on an AccountRegion service", async () => {
    const { world } = testWorld();
    front = await startMockFront({ world });
    expect((await post(front.url, "{")).status).toBe(400);
    expect((await post(front.url, { ...base, api: "X", service: "vpcs", method: "get" })).status).toBe(400);
    const bad = (service: string, method: string) => post(front!.url, { ...base, api: "X", service, method, args: [] });
    expect((await bad("quotaUsage", "call")).json).toMatchObject({
      error: { code: "InvalidParameter", field: "service" },
    });
    expect((await bad("vpcs", "constructor")).json).toMatchObject({
      error: { code: "InvalidParameter", field: "method" },
    });
    expect((await bad("vpcs", "toString")).json).toMatchObject({
      error: { code: "InvalidParameter", field: "method" },
    });
    expect((await bad("vpcs", "nope")).json).toMatchObject({ error: { code: "InvalidParameter", field: "method" } });
    expect((await fetch(`${front.url}/elsewhere`)).status).toBe(404);
  });

  it("lets an interceptor drop a call before it runs, or withhold the answer after it ran", async () => {
    const { world } = testWorld();
    const seen: InterceptedCall[] = [];
    front = await startMockFront({
      world,
      intercept: (call) => {
        seen.push(call);
        return (call.seq === 1 && call.phase === "before") || (call.seq === 2 && call.phase === "after")
          ? "drop"
          : "continue";
      },
    });
    const create = (name: string) => ({
      ...base,
      api: "CreateKeyPair",
      service: "keyPairs",
      method: "create",
      args: [{ name }],
    });
    expect((await post(front.url, create("k1"))).status).toBe(503);
    expect((await post(front.url, create("k2"))).status).toBe(503);
    expect((await post(front.url, create("k3"))).status).toBe(200);
    // k1 never reached the world; k2 did, although its caller heard nothing.
    expect(
      mockCloud(world)
        .keyPairs.list()
        .items.map((k) => k.name),
    ).toEqual(["k2", "k3"]);
    expect(seen.map((c) => `${c.seq}:${c.phase}`)).toEqual(["1:before", "2:before", "2:after", "3:before", "3:after"]);
  });
});
