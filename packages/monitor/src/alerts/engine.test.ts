import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStore, VirtualClock, isBaristaError } from "@cloud-barista/core";
import { afterEach, describe, expect, it } from "vitest";
import { openEmbeddedStore } from "../store/embedded-store.js";
import type { EmbeddedStore } from "../store/embedded-store.js";
import { AlertEngine } from "./engine.js";
import type { AlertEvent } from "./engine.js";
import type { AlertRule } from "./rule.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const rule: AlertRule = {
  name: "cpu-high",
  target: { namespace: "ns1", name: "web" },
  measurement: "cpu",
  field: "usage_user",
  comparison: ">",
  threshold: 80,
  forMs: 4000,
  hysteresis: 10,
  statistic: "avg",
  windowMs: 2000,
  message: "CPU above 80%",
};

async function setup() {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const dir = mkdtempSync(join(tmpdir(), "cb-monitor-alerts-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const metrics: EmbeddedStore = await openEmbeddedStore({ dir, clock, maintenanceIntervalMs: 0 });
  cleanups.push(() => metrics.close());
  const store = new MemoryStore({ clock });
  const events: AlertEvent[] = [];
  const engine = () => {
    const e = new AlertEngine({
      store,
      metrics,
      clock,
      evaluateIntervalMs: 0,
      handlers: [(ev) => void events.push(ev)],
    });
    cleanups.push(() => e.close());
    return e;
  };
  /** Writes one second of synthetic load for two VMs and moves the clock on. */
  const second = async (user1: number, user2 = 5) => {
    const t = BigInt(clock.now() - 500) * 1_000_000n;
    await metrics.write([
      {
        measurement: "cpu",
        tags: { ns: "ns1", mcis: "web", subgroup: "g1", vm: "g1-1" },
        fields: { usage_user: user1 },
        timeNs: t,
      },
      {
        measurement: "cpu",
        tags: { ns: "ns1", mcis: "web", subgroup: "g1", vm: "g1-2" },
        fields: { usage_user: user2 },
        timeNs: t,
      },
    ]);
    clock.advance(1000);
  };
  return { clock, store, events, engine, second };
}

describe("AlertEngine", () => {
  it("fires after the for-duration and resolves only past the hysteresis, across a restart", async () => {
    const { events, engine, second } = await setup();
    let alerts = engine();
    await alerts.putRule(rule);
    const step = async (user: number) => {
      await second(user);
      await alerts.evaluate();
    };
    await step(50);
    await step(95); // the breach begins: pending
    expect(await alerts.states()).toMatchObject([{ state: "pending", tags: { vm: "g1-1" } }]);
    await step(95);
    await step(95);
    await step(95);
    expect(events).toEqual([]);
    await step(95); // 4 s of breach: firing (g1-2, at 5%, never alerts)
    expect(events).toMatchObject([
      {
        type: "firing",
        rule: "cpu-high",
        tags: { ns: "ns1", mcis: "web", subgroup: "g1", vm: "g1-1" },
        value: 95,
        message: "CPU above 80%",
      },
    ]);
    // A restart: a new engine over the same store keeps the firing state and sends no second "firing".
    await alerts.close();
    alerts = engine();
    await step(79); // below the threshold but within the hysteresis (80 - 10): still firing
    await step(72);
    await step(70);
    expect(events.map((e) => e.type)).toEqual(["firing"]);
    await step(60); // past the hysteresis: resolved
    await alerts.flush();
    expect(events.map((e) => e.type)).toEqual(["firing", "resolved"]);
    expect(events[1]).toMatchObject({ type: "resolved", tags: { vm: "g1-1" }, value: 60 });
    expect(await alerts.states()).toEqual([]);
  });

  it("drops a pending alert when the condition stops before the for-duration", async () => {
    const { events, engine, second } = await setup();
    const alerts = engine();
    await alerts.putRule(rule);
    for (const u of [95, 95, 95, 10, 10, 10, 10, 10]) {
      await second(u);
      await alerts.evaluate();
    }
    expect(events).toEqual([]);
    expect(await alerts.states()).toEqual([]);
  });

  it("validates rules with errors naming the field, and keeps them in the store", async () => {
    const { engine, store } = await setup();
    const alerts = engine();
    const fieldOf = async (r: object) => {
      try {
        await alerts.putRule({ ...rule, ...r });
      } catch (error) {
        return isBaristaError(error, "InvalidArgument") ? error.field : "other";
      }
      return "none";
    };
    expect(await fieldOf({ name: "Bad Name" })).toBe("name");
    expect(await fieldOf({ comparison: "=" })).toBe("comparison");
    expect(await fieldOf({ threshold: Number.NaN })).toBe("threshold");
    expect(await fieldOf({ forMs: -1 })).toBe("forMs");
    expect(await fieldOf({ hysteresis: "x" })).toBe("hysteresis");
    expect(await fieldOf({ statistic: "median" })).toBe("statistic");
    expect(await fieldOf({ target: { namespace: "ns1" } })).toBe("target.name");
    expect(await fieldOf({})).toBe("none");
    expect((await store.get("monitor/alerts/rules/cpu-high"))?.value).toContain('"threshold":80');
    await alerts.removeRule("cpu-high");
    expect(await alerts.rules()).toEqual([]);
    await expect(alerts.removeRule("cpu-high")).rejects.toMatchObject({ code: "NotFound" });
  });
});
