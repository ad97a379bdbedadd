import { describe, expect, it } from "vitest";
import { VirtualClock, noopLogger } from "@cloud-barista/core";
import type { Connection, VmStatus, VmStatusInfo } from "@cloud-barista/core";
import { StatusWatcher } from "./status-watcher.js";

/**
 * A connection whose status listing shows the cloud as it was when the listing began and answers
 * after `listingMs` (a loaded cloud or client), recording the names each listing asked about.
 */
function slowCloud(clock: VirtualClock, listingMs: number) {
  const vms = new Map<string, VmStatus>();
  const asked: string[][] = [];
  const conn = {
    name: "c1",
    provider: "MOCK",
    vm: {
      async *listStatus(options: { names?: readonly string[] }): AsyncGenerator<VmStatusInfo> {
        const names = [...(options.names ?? [])];
        asked.push(names);
        const seen = names.flatMap((n) => {
          const status = vms.get(n);
          return status === undefined ? [] : [{ iid: { nameId: n, systemId: `id-${n}` }, status }];
        });
        await clock.sleep(listingMs);
        yield* seen;
      },
    },
  } as unknown as Connection;
  return { conn, vms, asked };
}

describe("StatusWatcher under slow listings", () => {
  it("does not judge a VM by a listing that began before it was awaited", async () => {
    const clock = new VirtualClock();
    // Each listing takes 5 minutes: longer than the 2-minute grace a new VM has to appear.
    const { conn, vms, asked } = slowCloud(clock, 300_000);
    const watcher = new StatusWatcher({ conn, clock, logger: noopLogger, intervalMs: 2_000 });
    vms.set("a", "Creating");
    const a = watcher.wait("a", { until: (s) => s === "Running", timeoutMs: 3_600_000, appearing: true });
    // "b" is created while the first listing (asked about "a" only) is still running.
    await clock.sleep(10_000);
    vms.set("b", "Running");
    const b = watcher.wait("b", { until: (s) => s === "Running", timeoutMs: 3_600_000, appearing: true });
    await clock.sleep(300_000);
    vms.set("a", "Running");
    await expect(b).resolves.toBe("Running");
    await expect(a).resolves.toBe("Running");
    expect(asked[0]).toEqual(["a"]);
    expect(asked[1]).toEqual(["a", "b"]);
  });

  it("waits for a VM missing from a listing that began within its grace, however late it ended", async () => {
    const clock = new VirtualClock();
    const { conn, vms } = slowCloud(clock, 300_000);
    const watcher = new StatusWatcher({ conn, clock, logger: noopLogger, intervalMs: 2_000 });
    const a = watcher.wait("a", { until: (s) => s === "Running", timeoutMs: 3_600_000, appearing: true });
    // The VM shows in listings only after 100 s (eventual consistency), within its grace.
    await clock.sleep(100_000);
    vms.set("a", "Running");
    await expect(a).resolves.toBe("Running");
  });

  it("still fails a VM missing from a listing that began after its grace", async () => {
    const clock = new VirtualClock();
    const { conn } = slowCloud(clock, 1_000);
    const watcher = new StatusWatcher({ conn, clock, logger: noopLogger, intervalMs: 2_000 });
    const a = watcher.wait("a", { until: (s) => s === "Running", timeoutMs: 3_600_000, appearing: true });
    await expect(a).rejects.toMatchObject({ code: "ProviderError", message: expect.stringContaining("NotExist") });
    expect(clock.now() - Date.UTC(2026, 0, 1)).toBeGreaterThanOrEqual(120_000);
  });

  it("times out a VM awaited during a listing once its deadline passes", async () => {
    const clock = new VirtualClock();
    const { conn, vms } = slowCloud(clock, 300_000);
    const watcher = new StatusWatcher({ conn, clock, logger: noopLogger, intervalMs: 2_000 });
    vms.set("a", "Creating");
    const a = watcher.wait("a", { until: (s) => s === "Running", timeoutMs: 3_600_000 });
    await clock.sleep(10_000);
    const b = watcher.wait("b", { until: (s) => s === "Running", timeoutMs: 60_000, appearing: true });
    await expect(b).rejects.toMatchObject({ code: "Timeout" });
    vms.set("a", "Running");
    await expect(a).resolves.toBe("Running");
  });
});
