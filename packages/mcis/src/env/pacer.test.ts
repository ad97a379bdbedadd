import { VirtualClock } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { ThrottlePacer } from "./pacer.js";

describe("throttle pacer", () => {
  it("lets requests through at once until the cloud throttles, then one per retry hint", async () => {
    const clock = new VirtualClock();
    const pacer = new ThrottlePacer(clock);
    const start = clock.now();
    await Promise.all([pacer.turn("MOCK/r"), pacer.turn("MOCK/r")]);
    expect(clock.now()).toBe(start);
    pacer.throttled("MOCK/r", 500);
    const times: number[] = [];
    await Promise.all(
      [1, 2, 3].map(async () => {
        await pacer.turn("MOCK/r");
        times.push(clock.now() - start);
      }),
    );
    expect(times).toEqual([500, 1000, 1500]);
    // Other regions are not slowed down.
    const before = clock.now();
    await pacer.turn("MOCK/other");
    expect(clock.now()).toBe(before);
  });

  it("stops pacing a region nobody used for a while", async () => {
    const clock = new VirtualClock();
    const pacer = new ThrottlePacer(clock);
    pacer.throttled("MOCK/r", 100);
    await clock.sleep(5_000);
    const before = clock.now();
    await pacer.turn("MOCK/r");
    await pacer.turn("MOCK/r");
    expect(clock.now()).toBe(before);
  });
});
