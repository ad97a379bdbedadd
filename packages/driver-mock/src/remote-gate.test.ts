import { getEventListeners } from "node:events";
import { VirtualClock } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import { startMockFront } from "@cloud-barista/emulator/mock";
import { describe, expect, it } from "vitest";
import { RemoteWorldGate } from "./remote-gate.js";

describe("RemoteWorldGate", () => {
  it("leaves no listener on a long-lived abort signal after its calls", async () => {
    const world = new World({ clock: new VirtualClock() });
    const front = await startMockFront({ world });
    try {
      const gate = new RemoteWorldGate(front.url);
      const signal = new AbortController().signal;
      const target = { provider: "MOCK", account: "a", region: "mock-seoul", api: "DescribeVpcs" };
      // An operation's signal lives across every call it makes (an MCIS polls thousands of times).
      for (let i = 0; i < 20; i++) await gate.call(target, (cloud) => cloud.vpcs.list(), { abortSignal: signal });
      expect(getEventListeners(signal, "abort")).toHaveLength(0);
    } finally {
      await front.close();
    }
  });
});
