import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openEmbeddedStore } from "@cloud-barista/monitor";
import type { EmbeddedStore } from "@cloud-barista/monitor";
import { readEvents, startMcisServer } from "./mcis-fixture.js";
import type { McisServer } from "./mcis-fixture.js";

// The MCIS API over HTTP against the emulator's mock cloud (through driver-mock): create followed
// over SSE, control, scale-out, delete, tenant isolation and bad input.

interface Accepted {
  operationId: string;
  statusUrl: string;
  eventsUrl: string;
}
interface ProgressData {
  type: string;
  vmId: string;
  status: string;
  done: number;
  total: number;
  operationId: string;
}
interface McisJson {
  id: string;
  status: string;
  statusCount: { countTotal: number; countRunning: number };
  vm: { id: string; status: string; connectionName: string; location?: { latitude: number } }[];
}

let server: McisServer;
let metrics: EmbeddedStore;
const dir = mkdtempSync(join(tmpdir(), "cb-server-mcis-"));

beforeAll(async () => {
  // The monitor's own store, for acme only: globex's metric queries have nowhere to go.
  metrics = await openEmbeddedStore({ dir, maintenanceIntervalMs: 0 });
  server = await startMcisServer({ mcis: { metrics: (tenant) => (tenant.id === "acme" ? metrics : undefined) } });
});
afterAll(async () => {
  await server?.close();
  await metrics?.close({ snapshot: false });
  rmSync(dir, { recursive: true, force: true });
});

const json = async <T>(response: Response, status: number): Promise<T> => {
  const body = (await response.json()) as T;
  expect({ status: response.status, body }).toMatchObject({ status });
  return body;
};

describe("MCIS API", () => {
  it("keeps namespaces per tenant, with default always there", async () => {
    await json(await server.call("acme", "/tumblebug/ns", { method: "POST", body: { name: "web" } }), 200);
    const dup = await server.call("acme", "/tumblebug/ns", { method: "POST", body: { name: "web" } });
    expect(dup.status).toBe(409);
    const acme = await json<{ ns: { id: string }[] }>(await server.call("acme", "/tumblebug/ns"), 200);
    expect(acme.ns.map((n) => n.id)).toEqual(["default", "web"]);
    const globex = await json<{ ns: { id: string }[] }>(await server.call("globex", "/tumblebug/ns"), 200);
    expect(globex.ns.map((n) => n.id)).toEqual(["default"]);
    expect((await server.call("globex", "/tumblebug/ns/web")).status).toBe(404);
  });

  it("lists the connections with their regions' coordinates", async () => {
    const body = await json<{ connectionconfig: { configName: string; location?: { latitude: number } }[] }>(
      await server.call("acme", "/tumblebug/connConfig"),
      200,
    );
    const seoul = body.connectionconfig.find((c) => c.configName === "seoul");
    expect(seoul?.location?.latitude).toBeCloseTo(37.57, 1);
    expect(body.connectionconfig).toHaveLength(3);
  });

  it("recommends placement candidates with scores, cheapest first", async () => {
    const candidates = await json<
      { costPerHour?: number; score: number; orderInFilteredResult: number; imageId?: string }[]
    >(
      await server.call("acme", "/tumblebug/mcisRecommendVm", {
        method: "POST",
        body: {
          filter: { policy: [{ metric: "vCPU", condition: [{ operator: ">=", operand: "2" }] }] },
          priority: { policy: [{ metric: "cost" }] },
          limit: "5",
        },
      }),
      200,
    );
    expect(candidates).toHaveLength(5);
    expect(candidates.map((c) => c.orderInFilteredResult)).toEqual([1, 2, 3, 4, 5]);
    const prices = candidates.map((c) => c.costPerHour ?? Infinity);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(candidates.every((c) => typeof c.score === "number" && c.imageId)).toBe(true);
    const near = await json<{ regionName: string }[]>(
      await server.call("acme", "/tumblebug/mcisRecommendVm", {
        method: "POST",
        body: {
          priority: { policy: [{ metric: "location", parameter: [{ key: "coordinateClose", val: ["50.1/8.7"] }] }] },
          limit: 1,
        },
      }),
      200,
    );
    expect(near[0]?.regionName).toBe("mock-frankfurt");
  });

  it("creates an MCIS as an operation followed over SSE to the end, per VM, then controls, scales and deletes it", async () => {
    // The page's stream of the namespace, opened first: it must see the same progress.
    const nsStream = await server.call("acme", "/tumblebug/ns/web/events");
    expect(nsStream.headers.get("content-type")).toContain("text/event-stream");
    const nsEvents = readEvents(
      nsStream,
      (e) => e.event === "operation" && (e.data as { state: string }).state !== "running",
    );

    const started = await server.call("acme", "/tumblebug/ns/web/mcisDynamic", {
      method: "POST",
      body: {
        name: "shop",
        vm: [
          { name: "g1", subGroupSize: "2", connectionName: "seoul", commonSpec: "small", commonImage: "ubuntu" },
          { subGroupSize: 1, commonSpec: "frankfurt+small", commonImage: "ubuntu" },
        ],
      },
    });
    const accepted = await json<Accepted>(started, 202);
    expect(accepted.eventsUrl).toBe(`/tumblebug/operations/${accepted.operationId}/events`);

    const events = await readEvents(await server.call("acme", accepted.eventsUrl));
    const last = events.at(-1);
    expect(last?.event).toBe("done");
    const progress = events.filter((e) => e.event === "progress").map((e) => e.data as ProgressData);
    for (const vm of ["g1-1", "g1-2", "g2-1"]) {
      expect(progress.filter((p) => p.vmId === vm).map((p) => p.type)).toEqual(["requested", "created", "running"]);
    }
    expect(progress.at(-1)).toMatchObject({ done: 3, total: 3, operationId: accepted.operationId });
    const created = last?.data as McisJson;
    expect(created.status).toBe("Running:3 (R:3/3)");
    expect(created.vm.find((v) => v.id === "g2-1")?.connectionName).toBe("frankfurt");
    expect(created.vm.find((v) => v.id === "g1-1")?.location?.latitude).toBeCloseTo(37.57, 1);

    const seen = await nsEvents;
    expect(seen[0]?.event).toBe("ready");
    expect(seen.filter((e) => e.event === "progress")).toHaveLength(progress.length);

    const op = await json<{ state: string; progress: { done: number } }>(
      await server.call("acme", accepted.statusUrl),
      200,
    );
    expect(op).toMatchObject({ state: "succeeded", progress: { done: 3 } });

    // Control, blocking (as Tumblebug clients call it).
    const suspended = await json<McisJson>(
      await server.call("acme", "/tumblebug/ns/web/control/mcis/shop?action=suspend&wait=true"),
      200,
    );
    expect(suspended.status).toBe("Suspended:3 (R:0/3)");
    const status = await json<{ status: string; vm: unknown[] }>(
      await server.call("acme", "/tumblebug/ns/web/mcis/shop?option=status"),
      200,
    );
    expect(status.status).toBe("Suspended:3 (R:0/3)");
    // Resume as an operation.
    const resume = await json<Accepted>(
      await server.call("acme", "/tumblebug/ns/web/control/mcis/shop?action=resume"),
      202,
    );
    const resumed = await readEvents(await server.call("acme", resume.eventsUrl));
    expect((resumed.at(-1)?.data as McisJson).status).toBe("Running:3 (R:3/3)");

    const scaled = await json<McisJson>(
      await server.call("acme", "/tumblebug/ns/web/mcis/shop/subgroup/g1?wait=true", {
        method: "POST",
        body: { numVMsToAdd: "1" },
      }),
      200,
    );
    expect(scaled.vm.map((v) => v.id).sort()).toEqual(["g1-1", "g1-2", "g1-3", "g2-1"]);
    expect(scaled.statusCount).toMatchObject({ countTotal: 4, countRunning: 4 });

    // The monitor's query, read-only, for the tenant's own MCIS and VM: what an agent on g1-1 reported.
    const nowNs = BigInt(server.baristas.acme?.shared.clock.now() ?? 0) * 1_000_000n;
    for (const [vm, usage] of [
      ["g1-1", 42],
      ["g1-2", 10],
    ] as const) {
      await metrics.write([
        {
          measurement: "cpu",
          tags: { ns: "web", mcis: "shop", subgroup: "g1", vm, cpu: "cpu-total" },
          fields: { usage_user: usage },
          timeNs: nowNs,
        },
      ]);
    }
    type Answer = { measurement: string; fields: Record<string, { points: [number, number][] }[]> };
    const metric = await json<Answer>(
      await server.call(
        "acme",
        "/tumblebug/ns/web/monitoring/mcis/shop/vm/g1-1/metric/cpu?duration=5m&statisticsCriteria=max",
      ),
      200,
    );
    expect(metric.measurement).toBe("cpu");
    expect(metric.fields.usage_user?.[0]?.points.map((p) => p[1])).toEqual([42]);
    const whole = await json<Answer>(
      await server.call("acme", "/tumblebug/ns/web/monitoring/mcis/shop/metric/cpu?statisticsCriteria=avg"),
      200,
    );
    expect(whole.fields.usage_user?.[0]?.points.map((p) => p[1])).toEqual([26]);
    expect((await server.call("acme", "/tumblebug/ns/web/monitoring/mcis/shop/vm/g9-1/metric/cpu")).status).toBe(400);

    // Tenant isolation: globex sees none of it.
    await json(await server.call("globex", "/tumblebug/ns", { method: "POST", body: { name: "web" } }), 200);
    expect((await server.call("globex", "/tumblebug/ns/web/mcis/shop")).status).toBe(404);
    expect((await json<{ mcis: unknown[] }>(await server.call("globex", "/tumblebug/ns/web/mcis"), 200)).mcis).toEqual(
      [],
    );
    expect((await server.call("globex", accepted.statusUrl)).status).toBe(404);
    expect((await server.call("globex", accepted.eventsUrl)).status).toBe(404);
    expect((await server.call("globex", "/tumblebug/ns/web/control/mcis/shop?action=suspend")).status).toBe(404);
    expect(
      (await server.call("globex", "/tumblebug/ns/web/mcis/shop?option=terminate", { method: "DELETE" })).status,
    ).toBe(404);
    expect((await server.call("globex", "/tumblebug/ns/web/monitoring/mcis/shop/metric/cpu")).status).toBe(404);
    const globexOps = await json<{ operation: unknown[] }>(await server.call("globex", "/tumblebug/operations"), 200);
    expect(globexOps.operation).toEqual([]);
    expect((await server.call("nobody", "/tumblebug/ns")).status).toBe(401);

    // A namespace holding an MCIS cannot be deleted.
    expect((await server.call("acme", "/tumblebug/ns/web", { method: "DELETE" })).status).toBe(409);

    // Delete as an operation: every VM removed.
    const del = await json<Accepted>(
      await server.call("acme", "/tumblebug/ns/web/mcis/shop?option=terminate", { method: "DELETE" }),
      202,
    );
    const deleted = await readEvents(await server.call("acme", del.eventsUrl));
    expect(deleted.at(-1)).toEqual({ event: "done", data: { message: "Deleted the MCIS shop" } });
    const removed = deleted.filter((e) => e.event === "progress" && (e.data as ProgressData).type === "removed");
    expect(removed).toHaveLength(4);
    expect((await server.call("acme", "/tumblebug/ns/web/mcis/shop")).status).toBe(404);
    await json(await server.call("acme", "/tumblebug/ns/web", { method: "DELETE" }), 200);
  });

  it("answers bad input with 400 naming the field, before any work", async () => {
    const bad = async (path: string, body: unknown, field: string, method = "POST") => {
      const error = await json<{ field: string; code: string }>(await server.call("acme", path, { method, body }), 400);
      expect(error).toMatchObject({ code: "InvalidArgument", field });
    };
    const operations = async () =>
      (await json<{ operation: unknown[] }>(await server.call("acme", "/tumblebug/operations"), 200)).operation.length;
    const before = await operations();
    const vm = { connectionName: "seoul", commonSpec: "small", commonImage: "ubuntu" };
    await bad("/tumblebug/ns/default/mcisDynamic", { vm: [vm] }, "name");
    await bad("/tumblebug/ns/default/mcisDynamic", { name: "Bad_Name", vm: [vm] }, "name");
    await bad("/tumblebug/ns/default/mcisDynamic", { name: "x", vm: [] }, "vm");
    await bad(
      "/tumblebug/ns/default/mcisDynamic",
      { name: "x", vm: [{ ...vm, subGroupSize: "0" }] },
      "vm.0.subGroupSize",
    );
    await bad("/tumblebug/ns/default/mcisDynamic", { name: "x", vm: [{ ...vm, extra: 1 }] }, "vm.0");
    await bad(
      "/tumblebug/ns/default/mcisDynamic",
      { name: "x", vm: [{ ...vm, connectionName: undefined }] },
      "vm.0.commonSpec",
    );
    const unknown = await json<{ field: string }>(
      await server.call("acme", "/tumblebug/ns/default/mcisDynamic", {
        method: "POST",
        body: { name: "x", vm: [{ ...vm, connectionName: "mars" }] },
      }),
      400,
    );
    expect(unknown.field).toMatch(/connection/);
    await bad(
      "/tumblebug/ns/default/mcis",
      { name: "x", vm: [{ name: "g1", connectionName: "seoul" }] },
      "vm.0.specId",
    );
    await bad("/tumblebug/ns", { name: "-no" }, "name");
    await bad(
      "/tumblebug/mcisRecommendVm",
      { priority: { policy: [{ metric: "location", parameter: [{ key: "coordinateClose", val: ["north"] }] }] } },
      "priority.policy.0.parameter.0.val",
    );
    await bad(
      "/tumblebug/mcisRecommendVm",
      { filter: { policy: [{ metric: "color", condition: [{ operand: "red" }] }] } },
      "filter.policy.0.metric",
    );
    const action = await json<{ field: string }>(
      await server.call("acme", "/tumblebug/ns/default/control/mcis/none?action=explode"),
      400,
    );
    expect(action.field).toBe("action");
    expect((await server.call("acme", "/tumblebug/ns/nowhere/mcis")).status).toBe(404);
    expect((await server.call("acme", "/tumblebug/ns/default/control/mcis/none?action=suspend")).status).toBe(404);
    expect((await server.call("acme", "/tumblebug/operations/nope")).status).toBe(404);
    // Nothing was created by any of them.
    expect(
      (await json<{ mcis: unknown[] }>(await server.call("acme", "/tumblebug/ns/default/mcis"), 200)).mcis,
    ).toEqual([]);
    expect(await operations()).toBe(before);
  });

  it("creates blocking with wait=true, and answers 501 for metrics the server does not keep for the tenant", async () => {
    const created = await json<McisJson>(
      await server.call("globex", "/tumblebug/ns/default/mcisDynamic?wait=true", {
        method: "POST",
        body: { name: "one", vm: [{ commonSpec: "virginia+small", commonImage: "ubuntu" }] },
      }),
      200,
    );
    expect(created.status).toBe("Running:1 (R:1/1)");
    const metric = await server.call("globex", "/tumblebug/ns/default/monitoring/mcis/one/metric/cpu");
    expect(metric.status).toBe(501);
    expect(await metric.json()).toMatchObject({ code: "NotSupported" });
    await json(
      await server.call("globex", "/tumblebug/ns/default/mcis/one?option=terminate&wait=true", { method: "DELETE" }),
      200,
    );
  });

  it("describes the MCIS routes in the OpenAPI document", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/tumblebug/ns/{nsId}/mcisDynamic",
        "/tumblebug/ns/{nsId}/mcis/{mcisId}",
        "/tumblebug/ns/{nsId}/control/mcis/{mcisId}",
        "/tumblebug/operations/{opId}/events",
        "/tumblebug/mcisRecommendVm",
      ]),
    );
  });
});
