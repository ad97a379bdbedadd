import { BaristaError, VirtualClock, noopLogger } from "@cloud-barista/core";
import type { CallContext } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { RecentCreates, readAfterCreate } from "../src/consistency.js";

const clock = new VirtualClock();
const ctx: CallContext = {
  abortSignal: new AbortController().signal,
  clock,
  logger: noopLogger,
  call: (_api, fn) => fn(new AbortController().signal),
};
const notFound = () => new BaristaError("NotFound", "gone", { provider: "AWS" });

describe("reads after create", () => {
  it("repeat NotFound for an id created within the window, until it is visible", async () => {
    const recent = new RecentCreates(10_000);
    recent.remember("vpc-1", clock.now());
    let tries = 0;
    const visibleAt = clock.now() + 2_000;
    const value = await readAfterCreate(ctx, recent, ["vpc-1"], () => {
      tries++;
      return clock.now() >= visibleAt ? Promise.resolve("found") : Promise.reject(notFound());
    });
    expect(value).toBe("found");
    expect(tries).toBeGreaterThan(2);
  });

  it("give up once the window has passed, and answer at once for ids not just created", async () => {
    const recent = new RecentCreates(1_000);
    recent.remember("vpc-2", clock.now());
    const started = clock.now();
    await expect(readAfterCreate(ctx, recent, ["vpc-2"], () => Promise.reject(notFound()))).rejects.toMatchObject({
      code: "NotFound",
    });
    expect(clock.now() - started).toBe(1_000);
    let tries = 0;
    await expect(
      readAfterCreate(ctx, recent, ["vpc-other"], () => {
        tries++;
        return Promise.reject(notFound());
      }),
    ).rejects.toMatchObject({ code: "NotFound" });
    expect(tries).toBe(1);
    await expect(
      readAfterCreate(ctx, recent, ["vpc-2"], () => Promise.reject(new BaristaError("Conflict", "busy"))),
    ).rejects.toMatchObject({ code: "Conflict" });
  });

  it("forget ids once their window has passed", () => {
    const recent = new RecentCreates(1_000);
    recent.remember("a", 0);
    recent.remember("b", 500);
    expect(recent.createdAt("a", 900)).toBe(0);
    recent.remember("c", 1_200);
    expect(recent.createdAt("a", 1_200)).toBeUndefined();
    expect(recent.createdAt("b", 1_200)).toBe(500);
    expect(recent.createdAt("b", 1_500)).toBeUndefined();
  });
});
