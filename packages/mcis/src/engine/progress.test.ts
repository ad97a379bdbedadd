import { VirtualClock, noopLogger } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { ProgressReporter, trackProgress } from "./progress.js";

const vm = { id: "g1-1", subGroup: "g1", connection: "seoul", zone: "z" };

describe("progress", () => {
  it("counts done and failed VMs; requested and created do not count", () => {
    const events: string[] = [];
    const reporter = new ProgressReporter({
      action: "Create",
      namespace: "ns",
      mcis: "m",
      total: 2,
      listener: (e) => events.push(`${e.type}:${e.done}/${e.failed}/${e.total}`),
      clock: new VirtualClock(),
      logger: noopLogger,
    });
    reporter.emit("requested", vm, "Creating");
    reporter.emit("created", vm, "Creating");
    reporter.emit("running", vm, "Running");
    reporter.emit("failed", { ...vm, id: "g1-2" }, "Failed");
    expect(events).toEqual(["requested:0/0/2", "created:0/0/2", "running:1/0/2", "failed:1/1/2"]);
  });

  it("survives a throwing listener", () => {
    const warned: string[] = [];
    const reporter = new ProgressReporter({
      action: "Suspend",
      namespace: "ns",
      mcis: "m",
      total: 1,
      listener: () => {
        throw new Error("bad renderer");
      },
      clock: new VirtualClock(),
      logger: { ...noopLogger, warn: (message: string) => void warned.push(message) },
    });
    expect(() => reporter.emit("suspended", vm, "Suspended")).not.toThrow();
    expect(warned).toEqual(["progress listener threw"]);
  });

  it("turns a listener into an async iterable that ends with the operation", async () => {
    const op = trackProgress(async (onProgress) => {
      for (const type of ["requested", "running"] as const) {
        await Promise.resolve();
        onProgress({
          type,
          action: "Create",
          namespace: "ns",
          mcis: "m",
          vmId: "g1-1",
          subGroup: "g1",
          connection: "c",
          status: "Running",
          done: 0,
          failed: 0,
          total: 1,
          at: new Date(0),
        });
      }
      return 42;
    });
    const seen: string[] = [];
    for await (const e of op.events) seen.push(e.type);
    expect(seen).toEqual(["requested", "running"]);
    expect(await op.result).toBe(42);
  });
});
