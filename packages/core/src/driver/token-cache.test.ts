import { describe, expect, it } from "vitest";
import { BaristaError } from "../errors.js";
import { VirtualClock } from "../util/clock.js";
import type { CallContext } from "./call-context.js";
import { TokenCache } from "./token-cache.js";

const ctx = {} as CallContext;

describe("TokenCache", () => {
  it("issues once for concurrent callers, reuses until the margin, renews short-lived tokens at half life", async () => {
    const clock = new VirtualClock(0);
    let issued = 0;
    const cache = new TokenCache({
      clock,
      refreshMarginMs: 300_000,
      issue: () => {
        issued++;
        const now = clock.now();
        return Promise.resolve({ id: issued, issuedAtMs: now, expiresAtMs: now + 3_600_000 });
      },
    });
    const [a, b] = await Promise.all([cache.get(ctx), cache.get(ctx)]);
    expect(a).toBe(b);
    expect(issued).toBe(1);
    clock.advance(3_600_000 - 300_001);
    expect((await cache.get(ctx)).id).toBe(1);
    clock.advance(2);
    expect((await cache.get(ctx)).id).toBe(2);
    const short = new TokenCache({
      clock,
      refreshMarginMs: 300_000,
      issue: () => Promise.resolve({ issuedAtMs: clock.now(), expiresAtMs: clock.now() + 60_000 }),
    });
    const first = await short.get(ctx);
    clock.advance(29_000);
    expect(await short.get(ctx)).toBe(first);
    clock.advance(2_000);
    expect(await short.get(ctx)).not.toBe(first);
  });

  it("renews a refused token once (401) and lets a second refusal stand", async () => {
    const clock = new VirtualClock(0);
    let n = 0;
    const cache = new TokenCache({
      clock,
      refreshMarginMs: 0,
      issue: () => Promise.resolve({ n: ++n, issuedAtMs: 0, expiresAtMs: 1e9 }),
    });
    const refused = new BaristaError("Unauthenticated", "token expired", { statusCode: 401 });
    const seen: number[] = [];
    expect(
      await cache.use(ctx, (t) => (seen.push(t.n), t.n === 1 ? Promise.reject(refused) : Promise.resolve("ok"))),
    ).toBe("ok");
    expect(seen).toEqual([1, 2]);
    await expect(cache.use(ctx, () => Promise.reject(refused))).rejects.toBe(refused);
    expect(n).toBe(3);
  });

  it("forgets a refused token only if no newer one replaced it", async () => {
    const clock = new VirtualClock(0);
    let n = 0;
    const cache = new TokenCache({
      clock,
      refreshMarginMs: 0,
      issue: () => Promise.resolve({ n: ++n, issuedAtMs: 0, expiresAtMs: 1e9 }),
    });
    const old = await cache.get(ctx);
    cache.invalidate(old);
    const fresh = await cache.get(ctx);
    cache.invalidate(old);
    expect(await cache.get(ctx)).toBe(fresh);
  });
});
