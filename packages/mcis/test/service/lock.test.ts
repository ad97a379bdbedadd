import { describe, expect, it } from "vitest";
import type { McisProgressEvent } from "../../src/index.js";
import { group, mcisFixture, worldVms } from "../support.js";

const ref = { namespace: "ns1", name: "web" };

describe("serialisation with the Sponge Lock", () => {
  it("runs operations on one MCIS one after the other, under mcis/<ns>/<name>", async () => {
    const { mcis, barista } = await mcisFixture();
    await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 2)] });
    const events: string[] = [];
    let held: unknown;
    const log = (e: McisProgressEvent) => {
      events.push(`${e.action}:${e.type}`);
      held ??= barista.lock.inspect().find((k) => k.key === "mcis/ns1/web");
    };
    const suspend = mcis.suspend(ref, { onProgress: log });
    const resume = mcis.resume(ref, { onProgress: log });
    // Without the lock, resume would see Running (or Suspending) VMs and refuse.
    expect((await suspend).status).toBe("Suspended:2 (R:0/2)");
    expect((await resume).status).toBe("Running:2 (R:2/2)");
    const lastSuspend = events.lastIndexOf("Suspend:suspended");
    const firstResume = events.indexOf("Resume:requested");
    expect(lastSuspend).toBeGreaterThanOrEqual(0);
    expect(firstResume).toBeGreaterThan(lastSuspend);
    // While suspend ran, it held the MCIS key and resume waited for it.
    expect(held).toMatchObject({ exclusiveHolder: true, waitingExclusive: 1 });
    expect(barista.lock.inspect()).toEqual([]);
  });

  it("runs operations on different MCIS in parallel", async () => {
    const { mcis, world, clock } = await mcisFixture({
      world: { latency: { baseMs: 0, jitterMs: 0, perApi: { RunInstances: 2_000 } } },
    });
    const start = clock.now();
    const [a, b] = await Promise.all([
      mcis.create({ namespace: "ns1", name: "a", subGroups: [group("g1", "seoul", 2)] }),
      mcis.create({ namespace: "ns1", name: "b", subGroups: [group("g1", "seoul", 2)] }),
    ]);
    expect([a.status, b.status]).toEqual(["Running:2 (R:2/2)", "Running:2 (R:2/2)"]);
    // All four VMs were launched together: one create did not wait for the other's 40 s boot.
    const launched = worldVms(world, "seoul").map((vm) => vm.launchedAt);
    expect(Math.max(...launched) - Math.min(...launched)).toBeLessThan(world.timing.vmBootMs);
    expect(clock.now() - start).toBeLessThan(2 * world.timing.vmBootMs);
  });
});
