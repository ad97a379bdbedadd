import { BaristaError } from "@cloud-barista/core";
import type { McisProgressEvent } from "@cloud-barista/mcis";
import { describe, expect, it } from "vitest";
import { NamespaceHub, Operation, Operations } from "./operations.js";
import type { OperationEvent } from "./operations.js";

const progress = (vmId: string, done: number): McisProgressEvent => ({
  type: "running",
  action: "Create",
  namespace: "ns",
  mcis: "m",
  vmId,
  subGroup: "g1",
  connection: "c",
  status: "Running",
  done,
  failed: 0,
  total: 2,
  at: new Date(0),
});

describe("Operation", () => {
  it("replays every event to a late subscriber, then the end, and tells its namespace", async () => {
    const hub = new NamespaceHub();
    const heard: string[] = [];
    hub.subscribe("ns", (event) => heard.push(event));
    hub.subscribe("other", (event) => heard.push(`other:${event}`));
    const op = new Operation("create", "Create", "ns", "m", hub);
    await op.start(async (onProgress) => {
      onProgress(progress("g1-1", 1));
      onProgress(progress("g1-2", 2));
      return { id: "m" };
    });
    const seen: OperationEvent[] = [];
    op.subscribe((e) => seen.push(e));
    expect(seen.map((e) => [e.id, e.event])).toEqual([
      [1, "progress"],
      [2, "progress"],
      [3, "done"],
    ]);
    expect(seen[1]?.data).toMatchObject({ vmId: "g1-2", operationId: op.id });
    expect(op).toMatchObject({ state: "succeeded", progress: { done: 2, failed: 0, total: 2 }, result: { id: "m" } });
    expect(heard).toEqual(["operation", "progress", "progress", "operation"]);
  });

  it("ends with the error body: the SDK's message and code, never a foreign error's message", async () => {
    const hub = new NamespaceHub();
    const typed = new Operation("create", "Create", "ns", "m", hub);
    await typed.start(() => Promise.reject(new BaristaError("QuotaExceeded", "no room for 3 VMs")));
    expect(typed.state).toBe("failed");
    expect(typed.events.at(-1)).toMatchObject({
      event: "error",
      data: { code: "QuotaExceeded", message: "no room for 3 VMs" },
    });
    const foreign = new Operation("delete", "Terminate", "ns", "m", hub);
    await foreign.start(() => Promise.reject(new Error("password=hunter2 in a vendor message")));
    expect(foreign.error).toEqual({ code: "Internal", message: "internal server error" });
    expect(JSON.stringify(foreign.events)).not.toContain("hunter2");
  });
});

describe("Operations", () => {
  it("keeps running operations and the last 200 finished ones", async () => {
    const operations = new Operations();
    const hub = new NamespaceHub();
    let release: () => void = () => undefined;
    const running = operations.add(new Operation("create", "Create", "ns", "slow", hub));
    void running.start(() => new Promise<void>((resolve) => (release = resolve)));
    for (let i = 0; i < 205; i++) {
      const op = operations.add(new Operation("control", "Reboot", "ns", `m${i}`, hub));
      await op.start(() => Promise.resolve(undefined));
    }
    // Each add trims what finished before it to 200; the last one finished after its add.
    expect(operations.list().filter((o) => o.state !== "running")).toHaveLength(201);
    expect(operations.list().some((o) => o.mcisId === "m0")).toBe(false);
    expect(operations.get(running.id)).toBe(running);
    release();
    await operations.idle();
  });
});
