import { describe, expect, it } from "vitest";
import { BaristaError } from "../errors.js";
import { VirtualClock } from "./clock.js";
import { backoffDelayMs, retry } from "./retry.js";

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };

describe("retry", () => {
  it("retries retryable errors until success, waiting on the clock", async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    let calls = 0;
    const result = await retry(
      async () => {
        calls++;
        if (calls < 3) throw new BaristaError("Throttled", "slow down");
        return "ok";
      },
      { policy, clock, random: () => 1 },
    );
    expect(result).toBe("ok");
    expect(calls).toBe(3);
    // Full jitter with random()=1 waits the whole window: 100 then 200 ms.
    expect(clock.now() - start).toBe(300);
  });

  it("does not retry errors that are not retryable", async () => {
    const clock = new VirtualClock();
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new BaristaError("InvalidArgument", "bad");
        },
        { policy, clock },
      ),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    expect(calls).toBe(1);
  });

  it("gives up after maxAttempts and rethrows the last error", async () => {
    const clock = new VirtualClock();
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new BaristaError("ProviderError", `boom ${calls}`, { statusCode: 503 });
        },
        { policy, clock },
      ),
    ).rejects.toThrow("boom 4");
    expect(calls).toBe(4);
  });

  it("honours Retry-After as a floor, capped by maxDelayMs", async () => {
    expect(backoffDelayMs(policy, 1, () => 0, 700)).toBe(700);
    expect(backoffDelayMs(policy, 1, () => 0, 60_000)).toBe(1_000);
    expect(backoffDelayMs(policy, 10, () => 0.999)).toBeLessThan(1_000);
    const clock = new VirtualClock();
    const start = clock.now();
    let calls = 0;
    await retry(
      async () => {
        if (calls++ === 0) throw new BaristaError("Throttled", "wait", { retryAfterMs: 900 });
      },
      { policy, clock, random: () => 0 },
    );
    expect(clock.now() - start).toBe(900);
  });

  it("stops waiting when aborted", async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const pending = retry(
      async () => {
        controller.abort();
        throw new BaristaError("Throttled", "x");
      },
      { policy: { ...policy, baseDelayMs: 10_000_000, maxDelayMs: 10_000_000 }, clock, abortSignal: controller.signal },
    );
    await expect(pending).rejects.toMatchObject({ code: "Throttled" });
  });
});
