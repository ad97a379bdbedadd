import { describe, expect, it } from "vitest";
import { VirtualClock } from "./clock.js";
import { pollUntil } from "./poll.js";

describe("pollUntil", () => {
  it("polls with growing delays until done", async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const seen: number[] = [];
    const value = await pollUntil(
      async () => {
        seen.push(clock.now() - start);
        return seen.length;
      },
      (n) => n === 4,
      { clock, minDelayMs: 100, maxDelayMs: 250, timeoutMs: 10_000, description: "x", random: () => 1 },
    );
    expect(value).toBe(4);
    expect(seen).toEqual([0, 100, 300, 550]);
  });

  it("times out with a Timeout error naming what it waited for, checking at the deadline", async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    let last = 0;
    await expect(
      pollUntil(
        async () => {
          last = clock.now() - start;
          return false;
        },
        (v) => v,
        { clock, minDelayMs: 300, timeoutMs: 1_000, description: "the VM to be Running" },
      ),
    ).rejects.toMatchObject({ code: "Timeout", message: expect.stringContaining("the VM to be Running") });
    expect(last).toBe(1_000);
  });

  it("rejects with Aborted when the signal fires while waiting", async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const pending = pollUntil(
      async () => {
        setImmediate(() => controller.abort());
        return false;
      },
      (v) => v,
      { clock, minDelayMs: 60_000, timeoutMs: 600_000, description: "x", abortSignal: controller.signal },
    );
    await expect(pending).rejects.toMatchObject({ code: "Aborted" });
  });
});
