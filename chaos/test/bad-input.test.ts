import { BaristaError, invalidArgument } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { casesOf, runBadInput, runCase } from "../src/bad-input.js";
import type { EntryPoint } from "../src/bad-input/entry-points.js";
import { chaosFixture } from "../src/bad-input/fixture.js";
import type { Effects } from "../src/bad-input/fixture.js";
import { collectingReporter } from "../src/report.js";

// The shortened bad-input run of the normal test suite (driver-mock in-process; `scripts/run chaos`
// also attacks the AWS and OpenStack drivers over their fronts), and the checks that the harness
// itself catches each way an entry point can fail, with the real fixture's counters too.

describe("the bad-input part (quick run)", () => {
  it("finds every entry point refusing every sampled bad value as the rules say", { timeout: 60_000 }, async () => {
    const reporter = collectingReporter();
    const result = await runBadInput({ quick: true }, reporter);
    const failures = reporter.lines.filter((l) => "failure" in l);
    expect(failures).toEqual([]);
    expect(result.failures).toBe(0);
    const summary = reporter.lines.find((l) => l.summary === true);
    expect(summary).toMatchObject({ part: "bad-input", failures: 0 });
    // Every Connection method, registry, MCIS create and placement: a table that shrank would show here.
    expect(summary?.["entryPoints"]).toBeGreaterThanOrEqual(100);
    expect(result.cases).toBeGreaterThan(5000);
  });

  it("sees a store write, a native call and a driver registered through the fixture's counters", async () => {
    const fixture = await chaosFixture(["MOCK"]);
    try {
      const conn = fixture.targets[0]?.conn;
      const refuseAfter =
        (act: () => Promise<unknown>): EntryPoint<null>["call"] =>
        async () => {
          await act();
          throw invalidArgument("name", "name-characters", "refused too late");
        };
      const expected = { field: "name", rule: "name-characters" };
      const seen = async (name: string, act: () => Promise<unknown>) =>
        (await runCase({ name, params: [], call: refuseAfter(act) }, null, [], expected, fixture.effects)).failures;
      expect(
        await seen("writes", () => fixture.barista.regions.add({ name: "late", provider: "MOCK", region: "r" })),
      ).toEqual(["store-write"]);
      expect(await seen("reads the cloud", async () => conn?.vm.getStatus("vm1"))).toEqual(["native-call"]);
      expect(
        await seen("registers", async () =>
          fixture.barista.drivers.register(fixture.barista.drivers.get("mock"), { name: "again" }),
        ),
      ).toEqual(["driver-registered"]);
    } finally {
      await fixture.close();
    }
  });
});

describe("the bad-input harness", () => {
  /** Counters a fake entry point can move, read like the fixture's. */
  function counters(): { effects: () => Promise<Effects>; state: Effects } {
    const state: Effects = { writes: 0, nativeCalls: 0, served: 0, drivers: "mock" };
    return { state, effects: () => Promise.resolve({ ...state }) };
  }

  const expected = { field: "name", rule: "name-characters" };
  const refuse = (field = "name", rule = "name-characters") => invalidArgument(field, rule, "bad");

  it("passes a refusal that names field and rule and changes nothing", async () => {
    const { effects } = counters();
    const ep: EntryPoint<null> = { name: "ok", params: [], call: () => Promise.reject(refuse()) };
    expect(await runCase(ep, null, [], expected, effects)).toEqual({
      failures: [],
      got: "InvalidArgument name name-characters",
    });
  });

  it("catches garbage accepted and persisted, untyped errors, wrong fields and rules, and calls made", async () => {
    const { effects, state } = counters();
    const cases: [EntryPoint<null>, string[]][] = [
      [
        {
          name: "accepts",
          params: [],
          call: async () => {
            state.writes++;
          },
        },
        ["accepted", "store-write"],
      ],
      [{ name: "type error", params: [], call: () => Promise.reject(new TypeError("x is null")) }, ["untyped"]],
      [{ name: "wrong field", params: [], call: () => Promise.reject(refuse("other")) }, ["wrong-field"]],
      [{ name: "wrong rule", params: [], call: () => Promise.reject(refuse("name", "required")) }, ["wrong-rule"]],
      [
        {
          name: "sent",
          params: [],
          call: () =>
            Promise.reject(new BaristaError("InvalidArgument", "the cloud said no", { field: "name", rule: "x" })),
        },
        ["wrong-rule", "not-unsent"],
      ],
      [
        { name: "not found", params: [], call: () => Promise.reject(new BaristaError("NotFound", "gone")) },
        ["wrong-code"],
      ],
      [
        {
          name: "called",
          params: [],
          call: async () => {
            state.nativeCalls++;
            state.served++;
            throw refuse();
          },
        },
        ["native-call"],
      ],
      [
        {
          name: "throws at once",
          params: [],
          call: () => {
            throw refuse();
          },
        },
        ["sync-throw"],
      ],
      [{ name: "sync but rejects", sync: true, params: [], call: () => Promise.reject(refuse()) }, ["not-sync"]],
      [
        {
          name: "registers",
          params: [],
          call: async () => {
            state.drivers += ",chaos";
            throw refuse();
          },
        },
        ["driver-registered"],
      ],
    ];
    for (const [ep, kinds] of cases) {
      expect((await runCase(ep, null, [], expected, effects)).failures, ep.name).toEqual(kinds);
    }
  });

  it("awaits a generator's first item, where listing entry points check their input", async () => {
    const { effects } = counters();
    const ep: EntryPoint<null> = {
      name: "generator",
      params: [],
      call: async function* () {
        yield await Promise.resolve(1);
      },
    };
    expect((await runCase(ep, null, [], expected, effects)).failures).toEqual(["accepted"]);
  });

  it("makes one case per bad value of each parameter, the others good, each naming its field", () => {
    const ep: EntryPoint<null> = {
      name: "create",
      params: [
        {
          label: "request",
          valid: { name: "web" },
          shape: { kind: "object", flat: true, fields: { name: { shape: { kind: "name" }, valid: "web" } } },
        },
        { label: "count", shape: { kind: "int", min: 1, max: 9 }, valid: 1 },
      ],
      call: () => undefined,
    };
    const cases = casesOf(ep);
    const unknown = cases.find((c) => c.bad.label === "unknown field");
    expect(unknown?.args).toEqual([{ name: "web", chaosField: 1 }, 1]);
    expect(unknown?.bad).toMatchObject({ field: "chaosField", rule: "unknown-field" });
    const proto = cases.find((c) => c.bad.label === "own __proto__ key");
    expect(proto && Object.hasOwn(proto.args[0] as object, "__proto__")).toBe(true);
    expect(cases.find((c) => c.bad.label === "name: digit first")?.args).toEqual([{ name: "1web" }, 1]);
    expect(cases.find((c) => c.bad.label === "name: missing")?.args).toEqual([{}, 1]);
    expect(cases.find((c) => c.bad.label === "NaN" && c.bad.field === "count")?.args).toEqual([
      { name: "web" },
      Number.NaN,
    ]);
    expect(new Set(cases.map((c) => c.bad.field))).toEqual(
      new Set(["request", "chaosField", "__proto__", "constructor", "name", "count"]),
    );
  });
});
