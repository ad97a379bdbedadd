import { describe, expect, it } from "vitest";
import { BaristaError } from "../../errors.js";
import type { CallRecord } from "../../history/call-record.js";
import { VirtualClock } from "../../util/clock.js";
import { noopLogger } from "../../util/logger.js";
import { defaultOperationTimeouts } from "../timeouts.js";
import { createCallContext } from "./native-calls.js";
import { ThrottlePacer } from "./pacer.js";
import type { RateLimitsByApi } from "../../driver/rate-limits.js";
import { RecentCreates } from "./recent-creates.js";

const never = new AbortController().signal;

/** Contexts of two connections; `account` decides whether they share the cloud's limits. */
function contexts(
  clock: VirtualClock,
  pacer: ThrottlePacer | undefined,
  accounts: [string, string],
  declared?: RateLimitsByApi,
) {
  const calls: CallRecord[] = [];
  const make = (connection: string, account: string) =>
    createCallContext({ provider: "TEST", connection, region: "r", resourceType: "vm" }, never, {
      clock,
      logger: noopLogger,
      retryPolicy: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 },
      redact: (text) => text,
      record: (record) => calls.push(record),
      apis: { RunInstances: "idempotent-by-token" },
      recent: new RecentCreates(1_000),
      timeouts: defaultOperationTimeouts,
      random: () => 0.5,
      ...(pacer ? { pacing: { pacer, account, declared } } : {}),
    });
  return { calls, a: make("a", accounts[0]), b: make("b", accounts[1]) };
}

/** A cloud that admits `capacity` calls, then one every `intervalMs`, and says when the next comes. */
function bucket(clock: VirtualClock, capacity: number, intervalMs: number) {
  let tokens = capacity;
  let at = clock.now();
  return (): Promise<string> => {
    const now = clock.now();
    tokens = Math.min(capacity, tokens + (now - at) / intervalMs);
    at = now;
    if (tokens >= 1) {
      tokens--;
      return Promise.resolve("ok");
    }
    const retryAfterMs = Math.ceil((1 - tokens) * intervalMs);
    return Promise.reject(new BaristaError("Throttled", "slow down", { retryAfterMs }));
  };
}

async function burst(
  clock: VirtualClock,
  pacer: ThrottlePacer | undefined,
  accounts: [string, string],
  declared?: RateLimitsByApi,
) {
  const { calls, a, b } = contexts(clock, pacer, accounts, declared);
  const take = bucket(clock, 4, 500);
  // 20 creates at once, half through each connection.
  const results = await Promise.allSettled(
    Array.from({ length: 20 }, (_, i) =>
      (i % 2 ? a : b).call("RunInstances", async () => {
        await clock.sleep(50); // latency
        return take();
      }),
    ),
  );
  return {
    throttled: calls.filter((c) => c.error?.code === "Throttled").length,
    attempts: calls.length,
    failed: results.filter((r) => r.status === "rejected").length,
  };
}

describe("native calls through the pacer", () => {
  it("sends retries through the account-region's pacer, shared by its connections", async () => {
    const clock = new VirtualClock(0);
    const paced = await burst(clock, new ThrottlePacer(clock), ["acct|r", "acct|r"]);
    // Slow start sends 4 (the bucket's burst), then 8 that find it dry; after that, one call per
    // token (the round of 8 costs up to one token's interval).
    expect(paced.throttled).toBeLessThanOrEqual(10);
    expect(paced.failed).toBe(0);
    expect(paced.attempts - paced.throttled).toBe(20);
    expect(clock.now()).toBeLessThanOrEqual(16 * 500 + 1_100);

    // Without pacing, each retry waits its own backoff and most are throttled again.
    const unpacedClock = new VirtualClock(0);
    const unpaced = await burst(unpacedClock, undefined, ["acct|r", "acct|r"]);
    expect(unpaced.throttled).toBeGreaterThan(paced.throttled * 2);
  });

  it("sends within the driver's declared bucket from the first call: nothing throttled", async () => {
    const clock = new VirtualClock(0);
    const pacer = new ThrottlePacer(clock);
    const driverLimits = [{ bucket: "runs", apis: ["RunInstances"], capacity: 4, refillPerSecond: 2 }];
    const declared = await burst(clock, pacer, ["acct|r", "acct|r"], pacer.declaredLimits("TEST", driverLimits));
    expect(declared).toEqual({ throttled: 0, attempts: 20, failed: 0 });
    // The bound: 4 at once, then 16 at one per 500 ms, the last answered 50 ms later.
    expect(clock.now()).toBe(16 * 500 + 50);
  });

  it("keeps apart accounts that do not share limits", async () => {
    const clock = new VirtualClock(0);
    const pacer = new ThrottlePacer(clock);
    await burst(clock, pacer, ["acct-1|r", "acct-2|r"]);
    expect(pacer.rate("acct-1|r|RunInstances")).toBeDefined();
    expect(pacer.rate("acct-2|r|RunInstances")).toBeDefined();
    expect(pacer.rate("acct|r|RunInstances")).toBeUndefined();
  });

  it("does not pace when pacing is off", async () => {
    const clock = new VirtualClock(0);
    const pacer = new ThrottlePacer(clock, { enabled: false });
    await burst(clock, pacer, ["acct|r", "acct|r"]);
    expect(pacer.rate("acct|r|RunInstances")).toBeUndefined();
  });
});
