import { describe, expect, it } from "vitest";
import type { McisProgressEvent } from "../../src/index.js";
import { group, mcisFixture, worldVms } from "../support.js";

const ref = { namespace: "ns1", name: "web" };

describe("serialisation with the Sponge Lock", () => {
  it("runs operations on one MCIS one after the other, under its key in the lock's MCIS layer", async () => {
    const { mcis, barista } = await mcisFixture();
    await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 2)] });
    const events: string[] = [];
    let held: unknown;
    const log = (e: McisProgressEvent) => {
      events.push(`${e.action}:${e.type}`);
      held ??= barista.lock.inspect().find((k) => k.key.layer === "mcis" && k.key.path === "ns1/web");
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

  it("holds the MCIS key while the default network and core take keys of later layers inside it", async () => {
    const { mcis, barista } = await mcisFixture();
    const layers = new Set<string>();
    let done = false;
    const watch = async (): Promise<void> => {
      for (; !done; await new Promise((r) => setImmediate(r))) {
        // inspect() lists keys in the lock's global order, so these are the held layers in order.
        const held = new Set(barista.lock.inspect().map((k) => k.key.layer));
        if (held.size > 1) layers.add([...held].join(" < "));
      }
    };
    const watching = watch();
    await mcis.create({ ...ref, subGroups: [group("g1", "seoul", 2)] }).finally(() => (done = true));
    await watching;
    // Keys of the MCIS layer are taken before, and held around, the default network's and resources'.
    expect([...layers]).toContain("mcis < defaultNetwork < resource");
    expect([...layers].every((l) => l.startsWith("mcis < "))).toBe(true);
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
