import { describe, expect, it } from "vitest";
import { BaristaError } from "../../errors.js";
import { VirtualClock } from "../../util/clock.js";
import { waitUntil } from "./wait-until.js";

const never = new AbortController().signal;

function states(...values: string[]): () => Promise<string> {
  let i = 0;
  return () => {
    const v = values[Math.min(i++, values.length - 1)] as string;
    return v === "404" ? Promise.reject(new BaristaError("NotFound", "gone")) : Promise.resolve(v);
  };
}

const accept = (s: string) => (s === "ACTIVE" || s === "GONE" ? "success" : s === "ERROR" ? "failure" : "retry");

describe("waitUntil", () => {
  it("polls until success and returns the final value", async () => {
    const clock = new VirtualClock(0);
    const value = await waitUntil(
      { description: "lb", deadline: "nlb", read: states("PENDING_CREATE", "PENDING_CREATE", "ACTIVE"), accept },
      { clock, abortSignal: never, timeoutMs: 60_000, random: () => 1 },
    );
    expect(value).toBe("ACTIVE");
    expect(clock.now()).toBe(1_000 + 2_000);
  });

  it("fails for good on a failure state, naming what was awaited", async () => {
    const clock = new VirtualClock();
    await expect(
      waitUntil(
        { description: "lb x to be ACTIVE", deadline: "nlb", read: states("ERROR"), accept },
        { clock, abortSignal: never, timeoutMs: 1 },
      ),
    ).rejects.toMatchObject({ code: "ProviderError", retryable: false, message: 'lb x to be ACTIVE failed: "ERROR"' });
  });

  it("takes not found as the given value (deletions), else as the error it is", async () => {
    const clock = new VirtualClock();
    const opts = { clock, abortSignal: never, timeoutMs: 60_000 };
    expect(
      await waitUntil(
        { description: "gone", deadline: "nlb", read: states("DELETING", "404"), accept, whenNotFound: "GONE" },
        opts,
      ),
    ).toBe("GONE");
    await expect(
      waitUntil({ description: "x", deadline: "nlb", read: states("404"), accept }, opts),
    ).rejects.toMatchObject({ code: "NotFound" });
  });

  it("honours the delay the cloud asks for and times out at the deadline after a last poll", async () => {
    const clock = new VirtualClock(0);
    let polls = 0;
    const read = () => Promise.resolve(++polls);
    await expect(
      waitUntil(
        { description: "op", deadline: "vmRunning", read, accept: () => "retry", retryAfterMs: () => 7_000 },
        { clock, abortSignal: never, timeoutMs: 20_000, random: () => 0 },
      ),
    ).rejects.toMatchObject({ code: "Timeout" });
    expect(polls).toBe(4); // at 0, 7 s, 14 s and the deadline (20 s)
    expect(clock.now()).toBe(20_000);
  });

  it("stops when the caller aborts", async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const waiting = waitUntil(
      { description: "op", deadline: "vmRunning", read: () => Promise.resolve(0), accept: () => "retry" },
      { clock, abortSignal: controller.signal, timeoutMs: 60_000 },
    );
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: "Aborted" });
  });
});
