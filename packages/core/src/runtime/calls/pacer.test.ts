import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../util/clock.js";
import { ThrottlePacer, resolvePacing } from "./pacer.js";
import type { DeclaredUse } from "./pacer.js";

/** A cloud's token bucket: `capacity` tokens, `refill` per second, a hint of when the next one comes. */
function cloudBucket(clock: VirtualClock, capacity: number, refill: number) {
  let tokens = capacity;
  let at = clock.now();
  return (): { ok: true } | { ok: false; retryAfterMs: number } => {
    const now = clock.now();
    tokens = Math.min(capacity, tokens + ((now - at) / 1000) * refill);
    at = now;
    if (tokens >= 1) {
      tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - tokens) / refill) * 1000) };
  };
}

/** A deterministic pseudo-random sequence in [0, 1) (mulberry32), so jittered runs repeat. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lets every promise that is ready settle. */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("ThrottlePacer", () => {
  it("lets calls through at once until the cloud first throttles", async () => {
    const clock = new VirtualClock(0);
    const pacer = new ThrottlePacer(clock);
    for (let i = 0; i < 50; i++) pacer.succeeded(await pacer.acquire("k"));
    expect(clock.now()).toBe(0);
    expect(pacer.rate("k")).toBeUndefined();
  });

  it("learns the rate from the first hint, waits it out, then spaces calls one slot apart", async () => {
    const clock = new VirtualClock(0);
    const pacer = new ThrottlePacer(clock);
    pacer.throttled(await pacer.acquire("k"), 500);
    expect(pacer.rate("k")).toBe(2);
    const times: number[] = [];
    await Promise.all([1, 2, 3].map(async () => times.push((await pacer.acquire("k")).sentAt)));
    expect(times).toEqual([500, 1_000, 1_500]);
    // Other keys (another region, API or account) are not paced.
    expect((await pacer.acquire("other")).sentAt).toBe(clock.now());
  });

  it("cuts the rate once per round: throttles of calls sent before the cut only refine it", async () => {
    const clock = new VirtualClock(0);
    const pacer = new ThrottlePacer(clock, { decrease: 0.5, increase: 0 });
    const round = await Promise.all([1, 2, 3, 4].map(() => pacer.acquire("k")));
    pacer.throttled(round[0]!, 100); // 10/s
    pacer.throttled(round[1]!, 400); // the longest hint of the round is the closest to a token's refill
    pacer.throttled(round[2]!, 200);
    pacer.throttled(round[3]!, undefined);
    expect(pacer.rate("k")).toBe(2.5);
    // Paced, and throttled again: the rate is cut.
    pacer.throttled(await pacer.acquire("k"), 100);
    expect(pacer.rate("k")).toBe(1.25);
    // Calls of that round sent before the cut do not cut it again.
    const sameRound = await Promise.all([1, 2].map(() => pacer.acquire("k")));
    pacer.throttled(sameRound[0]!, 100);
    expect(pacer.rate("k")).toBe(0.625);
    pacer.throttled(sameRound[1]!, 100);
    expect(pacer.rate("k")).toBe(0.625);
  });

  it("cuts to the rate the cloud admitted calls at while paced, by their send times", async () => {
    const clock = new VirtualClock(0);
    const pacer = new ThrottlePacer(clock, { decrease: 0.25, increase: 0 });
    pacer.throttled(await pacer.acquire("k"), 250); // 4/s; measuring starts after the 250 ms wait
    const sent = await Promise.all(Array.from({ length: 9 }, () => pacer.acquire("k")));
    expect(sent.map((t) => t.sentAt)).toEqual([250, 500, 750, 1_000, 1_250, 1_500, 1_750, 2_000, 2_250]);
    // The cloud let every other call through: one token per 500 ms.
    for (const [i, ticket] of sent.entries()) if (i % 2 === 0) pacer.succeeded(ticket);
    pacer.throttled(sent[1]!, undefined);
    expect(pacer.rate("k")).toBe(2); // not 4 x 0.25
  });

  it("raises the rate additively on success and never cuts it below the floor", async () => {
    const clock = new VirtualClock(0);
    const pacer = new ThrottlePacer(clock, { decrease: 0.1, increase: 0.5, minRatePerSecond: 0.5 });
    pacer.throttled(await pacer.acquire("k"), undefined);
    expect(pacer.rate("k")).toBe(1);
    pacer.throttled(await pacer.acquire("k"), undefined);
    expect(pacer.rate("k")).toBe(0.5);
    pacer.succeeded(await pacer.acquire("k"));
    expect(pacer.rate("k")).toBe(1.5);
  });

  it("without a usable hint (none, or HTTP's whole seconds) starts from the rate calls went through", async () => {
    const clock = new VirtualClock(0);
    const pacer = new ThrottlePacer(clock);
    for (let i = 0; i < 10; i++) pacer.succeeded(await pacer.acquire("k"));
    clock.advance(1_000);
    pacer.succeeded(await pacer.acquire("k"));
    pacer.throttled(await pacer.acquire("k"), 1_000);
    expect(pacer.rate("k")).toBe(11);
    // The whole-second hint still holds every call back until it has passed.
    expect((await pacer.acquire("k")).sentAt).toBe(2_000);
  });

  it("unpaces a key nobody used for the idle period", async () => {
    const clock = new VirtualClock(0);
    const pacer = new ThrottlePacer(clock, { idleResetMs: 10_000 });
    pacer.throttled(await pacer.acquire("k"), 1_000);
    await pacer.acquire("k");
    clock.advance(20_000);
    const ticket = await pacer.acquire("k");
    expect(ticket.sentAt).toBe(clock.now());
    expect(pacer.rate("k")).toBeUndefined();
  });

  it("stops waiting when the caller aborts", async () => {
    const clock = new VirtualClock(0);
    const pacer = new ThrottlePacer(clock);
    pacer.throttled(await pacer.acquire("k"), 5_000);
    const controller = new AbortController();
    const waiting = pacer.acquire("k", controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: "Aborted" });
  });

  it("keeps a cloud bucket's throttles few and its throughput near the refill rate", async () => {
    // 20 callers in flight, 300 calls, each retried through the pacer until it succeeds, against
    // a bucket of 20 tokens refilled at 2/s: the lower bound is (300 - 20) / 2 = 140 s.
    const clock = new VirtualClock(0);
    const pacer = new ThrottlePacer(clock);
    const take = cloudBucket(clock, 20, 2);
    let throttled = 0;
    let left = 300;
    const worker = async (): Promise<void> => {
      while (left > 0) {
        left--;
        for (;;) {
          const ticket = await pacer.acquire("k");
          await clock.sleep(100); // the request's latency
          const answer = take();
          if (answer.ok) {
            pacer.succeeded(ticket);
            break;
          }
          throttled++;
          pacer.throttled(ticket, answer.retryAfterMs);
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    // The round in flight when the bucket ran dry (up to 20 calls) is throttled before anything is
    // known; after that, only the additive probes (about one every 10 s).
    expect(throttled).toBeLessThanOrEqual(35);
    expect(clock.now()).toBeLessThanOrEqual(140_000 * 1.05);
  });

  /**
   * `callers` callers share `calls` calls, each retried through the pacer until it succeeds, each
   * answered after `latencyMs`, against a cloud bucket of `burst` tokens refilled at `refill` per
   * second (hints dropped when `hints` is false, as on AWS). Returns the throttles and the end time.
   */
  async function drive(
    pacer: ThrottlePacer,
    clock: VirtualClock,
    o: { calls: number; callers: number; latencyMs: number; burst: number; refill: number; hints: boolean },
    declared?: DeclaredUse,
    jitterMs = 0,
  ): Promise<{ throttled: number; endMs: number }> {
    const take = cloudBucket(clock, o.burst, o.refill);
    const random = seededRandom(7);
    let throttled = 0;
    let left = o.calls;
    const worker = async (): Promise<void> => {
      while (left > 0) {
        left--;
        for (;;) {
          const ticket = await pacer.acquire("k", undefined, declared);
          // A call reaches the cloud's bucket after a delay that varies (the sender's CPU, the
          // network); the answer comes after the rest of the latency.
          const arrivalMs = Math.floor(random() * jitterMs);
          await clock.sleep(arrivalMs);
          const answer = take();
          await clock.sleep(o.latencyMs - arrivalMs);
          if (answer.ok) {
            pacer.succeeded(ticket);
            break;
          }
          throttled++;
          pacer.throttled(ticket, o.hints ? answer.retryAfterMs : undefined);
        }
      }
    };
    await Promise.all(Array.from({ length: o.callers }, worker));
    return { throttled, endMs: clock.now() };
  }

  for (const hints of [true, false])
    it(`slow start keeps the first round's throttles few at a wall time near the bound (${hints ? "with" : "without"} hints)`, async () => {
      // The MCIS benchmark's region: a bucket of 20 then 2/s, 1.5 s per create, 20 creates in flight,
      // 100 VMs. Lower bound: (100 - 20) / 2 s of refill + the last call's 1.5 s.
      const shape = { calls: 100, callers: 20, latencyMs: 1_500, burst: 20, refill: 2, hints };
      const boundMs = 41_500;
      const clock = new VirtualClock(0);
      const slow = await drive(new ThrottlePacer(clock), clock, shape);
      const clock2 = new VirtualClock(0);
      const eager = await drive(new ThrottlePacer(clock2, { slowStart: false }), clock2, shape);
      // With the bucket's hints, its refill rate is known at the first throttle; without, one round
      // at a first guess (too high: it includes the burst) is throttled before the refill is measured.
      expect(slow.throttled).toBeLessThanOrEqual(hints ? 5 : 10);
      expect(slow.throttled * 2).toBeLessThan(eager.throttled);
      expect(slow.endMs).toBeLessThanOrEqual(boundMs * 1.1);
    });

  it("slow start lets `initialWindow` calls go at once, then one more per success", async () => {
    const clock = new VirtualClock(0);
    const pacer = new ThrottlePacer(clock, { initialWindow: 2 });
    const first = await Promise.all([pacer.acquire("k"), pacer.acquire("k")]);
    let third: number | undefined;
    void pacer.acquire("k").then((t) => (third = t.sentAt));
    await flush();
    expect(third).toBeUndefined();
    clock.advance(1_000);
    pacer.succeeded(first[0]); // frees one place and widens the window to 3
    const fourth = pacer.acquire("k");
    await flush();
    expect(third).toBe(1_000);
    expect((await fourth).sentAt).toBe(1_000);
    // A failure that is not a throttle frees its place without widening the window.
    let fifth: number | undefined;
    void pacer.acquire("k").then((t) => (fifth = t.sentAt));
    await flush();
    expect(fifth).toBeUndefined();
    pacer.failed(first[1]);
    await flush();
    expect(fifth).toBe(1_000);
  });

  describe("declared buckets", () => {
    const creates = { bucket: "creates", apis: ["Create"], capacity: 20, refillPerSecond: 2 };

    for (const hints of [true, false])
      it(`sends as fast as the declared bucket allows and is never throttled (${hints ? "with" : "without"} hints)`, async () => {
        const shape = { calls: 100, callers: 20, latencyMs: 1_500, burst: 20, refill: 2, hints };
        const clock = new VirtualClock(0);
        const declared = await drive(new ThrottlePacer(clock), clock, shape, { account: "a", limits: [creates] });
        expect(declared.throttled).toBe(0);
        // The bound: (100 - 20) / 2 s of refill + the last call's 1.5 s; a slot is not rounded away.
        expect(declared.endMs).toBeLessThanOrEqual(41_500 + 1_000);
        const clock2 = new VirtualClock(0);
        const learned = await drive(new ThrottlePacer(clock2), clock2, shape);
        expect(learned.throttled).toBeGreaterThan(0);
      });

    it("stays on the declared bucket when calls reach the cloud unevenly (a few throttles, no learning)", async () => {
      // The same region, but each call reaches the cloud up to 400 ms after it was let through:
      // two calls sent one refill apart can arrive closer together and find one token between them.
      const shape = { calls: 100, callers: 20, latencyMs: 1_500, burst: 20, refill: 2, hints: false };
      const clock = new VirtualClock(0);
      const pacer = new ThrottlePacer(clock);
      const declared = await drive(pacer, clock, shape, { account: "a", limits: [creates] }, 400);
      expect(declared.throttled).toBeLessThanOrEqual(3);
      expect(pacer.rate("k")).toBeUndefined();
      // Learning from the first throttle on (as before) meets the same unevenness several times.
      const clock2 = new VirtualClock(0);
      const learned = await drive(new ThrottlePacer(clock2), clock2, shape, undefined, 400);
      expect(learned.throttled).toBeGreaterThan(declared.throttled + 3);
      expect(declared.endMs).toBeLessThanOrEqual(41_500 + 1_500);
    });

    it("shares one bucket between the APIs that declare it, per account", async () => {
      const clock = new VirtualClock(0);
      const pacer = new ThrottlePacer(clock);
      const shared = { bucket: "mutating", apis: ["A", "B"], capacity: 2, refillPerSecond: 1 };
      const use = { account: "acct", limits: [shared] };
      const sent = await Promise.all([
        pacer.acquire("acct|A", undefined, use),
        pacer.acquire("acct|B", undefined, use),
        pacer.acquire("acct|A", undefined, use),
        // Another account's bucket is its own.
        pacer.acquire("other|A", undefined, { account: "other", limits: [shared] }),
      ]);
      expect(sent.map((t) => t.sentAt)).toEqual([0, 0, 1_000, 0]);
    });

    it("waits for the cloud's hint after a throttle, and learns once it throttles more than a few", async () => {
      const clock = new VirtualClock(0);
      const pacer = new ThrottlePacer(clock);
      const use = { account: "a", limits: [creates] };
      // The bucket was spent elsewhere: its next token is 250 ms away, although ours had 19 left.
      pacer.throttled(await pacer.acquire("a|Create", undefined, use), 250);
      expect(pacer.rate("a|Create")).toBeUndefined();
      const retry = await pacer.acquire("a|Create", undefined, use);
      expect(retry.sentAt).toBe(250);
      // Throttled again and again within 10 s (the account admits less than declared): learned.
      pacer.throttled(retry, 250);
      pacer.throttled(await pacer.acquire("a|Create", undefined, use), 250);
      expect(pacer.rate("a|Create")).toBeUndefined();
      pacer.throttled(await pacer.acquire("a|Create", undefined, use), 250);
      expect(pacer.rate("a|Create")).toBe(4);
    });

    it("gives the token back when the caller aborts while waiting", async () => {
      const clock = new VirtualClock(0);
      const pacer = new ThrottlePacer(clock);
      const use = { account: "a", limits: [{ bucket: "b", apis: ["X"], capacity: 1, refillPerSecond: 1 }] };
      await pacer.acquire("a|X", undefined, use);
      const controller = new AbortController();
      const waiting = pacer.acquire("a|X", controller.signal, use);
      controller.abort();
      await expect(waiting).rejects.toMatchObject({ code: "Aborted" });
      const next = pacer.acquire("a|X", undefined, use);
      clock.advance(1_000);
      expect((await next).sentAt).toBe(1_000);
    });

    it("takes the `limits` option's buckets over the driver's, per provider", () => {
      const pacer = new ThrottlePacer(new VirtualClock(0), { limits: { AWS: [creates] } });
      const driver = [{ bucket: "runs", apis: ["RunInstances"], capacity: 1000, refillPerSecond: 2 }];
      expect(pacer.declaredLimits("AWS", driver).get("Create")).toEqual([creates]);
      expect(pacer.declaredLimits("AWS", driver).get("RunInstances")).toBeUndefined();
      expect(pacer.declaredLimits("GCP", driver).get("RunInstances")).toEqual(driver);
      expect(pacer.declaredLimits("AZURE", undefined).size).toBe(0);
    });

    it("refuses declared buckets out of range, naming the field", () => {
      expect(() => resolvePacing({ limits: { AWS: [{ ...creates, capacity: 0 }] } })).toThrow(
        /pacing.limits.AWS\[0\].capacity/,
      );
      expect(() => resolvePacing({ limits: { AWS: [{ ...creates, refillPerSecond: -1 }] } })).toThrow(
        /pacing.limits.AWS\[0\].refillPerSecond/,
      );
    });
  });

  it("refuses options out of range", () => {
    expect(() => resolvePacing({ decrease: 1 })).toThrow(/pacing.decrease/);
    expect(() => resolvePacing({ minRatePerSecond: 0 })).toThrow(/pacing.minRatePerSecond/);
    expect(() => resolvePacing({ initialWindow: 0.5 })).toThrow(/pacing.initialWindow/);
    expect(resolvePacing({ enabled: false }).enabled).toBe(false);
  });
});
